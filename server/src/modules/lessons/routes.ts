import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdSchema } from '../../../../src/domain/common'
import {
  CategoriesSchema,
  HeartbeatResultSchema,
  HeartbeatSchema,
  LessonBodySchema,
  LessonListSchema,
  LessonQuerySchema,
  LessonSchema,
  StudySummarySchema,
} from '../../../../src/domain/lessons'
import { errorResponses } from '../../lib/openapi'
import { sessionUser } from '../../plugins/auth'
import * as lessons from './service'

const IdParams = z.strictObject({ id: IdSchema })
const tags = ['微党课']
const security = [{ bearer: [] }]
const Saved = z.object({ id: IdSchema, published: z.boolean() })

export default async function lessonRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const deps: lessons.LessonDeps = { db: app.deps.db, now: () => app.deps.clock.now() }

  r.get(
    '/api/v1/lessons',
    {
      schema: {
        tags,
        security,
        summary: '微党课列表（最新发布的在前，含我的进度）；scope=manage 列出我能管理的（含未发布）',
        querystring: LessonQuerySchema,
        response: { 200: LessonListSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => lessons.listLessons(deps, sessionUser(request).id, request.query),
  )

  r.get(
    '/api/v1/lessons/categories',
    { schema: { tags, security, summary: '我能学习的课程分类及数量', response: { 200: CategoriesSchema, ...errorResponses(401) } } },
    async (request) => lessons.categories(deps, sessionUser(request).id),
  )

  r.get(
    '/api/v1/lessons/publish-orgs',
    {
      schema: {
        tags,
        security,
        summary: '我可以发布微党课的组织',
        response: { 200: z.object({ items: z.array(z.object({ id: IdSchema, name: z.string() })) }), ...errorResponses(401) },
      },
    },
    async (request) => lessons.publishOrgs(deps, sessionUser(request).id),
  )

  r.get(
    '/api/v1/lessons/:id',
    { schema: { tags, security, summary: '一节微党课（含我的进度）', params: IdParams, response: { 200: LessonSchema, ...errorResponses(401, 404) } } },
    async (request) => lessons.getLesson(deps, sessionUser(request).id, request.params.id),
  )

  r.post(
    '/api/v1/lessons',
    {
      schema: { tags, security, summary: '新建微党课（书记或管理员）', body: LessonBodySchema, response: { 201: Saved, ...errorResponses(400, 401, 403) } },
    },
    async (request, reply) => reply.status(201).send(await lessons.createLesson(deps, sessionUser(request).id, request.body)),
  )

  r.put(
    '/api/v1/lessons/:id',
    {
      schema: { tags, security, summary: '修改微党课（书记或管理员）', params: IdParams, body: LessonBodySchema, response: { 200: Saved, ...errorResponses(400, 401, 403, 404) } },
    },
    async (request) => lessons.updateLesson(deps, sessionUser(request).id, request.params.id, request.body),
  )

  for (const [action, publish] of [
    ['publish', true],
    ['unpublish', false],
  ] as const) {
    r.post(
      `/api/v1/lessons/:id/${action}`,
      {
        schema: { tags, security, summary: publish ? '发布' : '撤下（不再出现在学习列表）', params: IdParams, response: { 200: Saved, ...errorResponses(401, 404) } },
      },
      async (request) => lessons.setPublished(deps, sessionUser(request).id, request.params.id, publish),
    )
  }

  r.post(
    '/api/v1/lessons/:id/progress',
    {
      schema: {
        tags,
        security,
        summary: '学习心跳：约每 15 秒报告当前位置；服务端按自己的时钟计入学习时长',
        params: IdParams,
        body: HeartbeatSchema,
        response: { 200: HeartbeatResultSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => lessons.heartbeat(deps, sessionUser(request).id, request.params.id, request.body.positionSec),
  )

  r.get(
    '/api/v1/me/study',
    { schema: { tags, security, summary: '我的学习：总时长、本月、已完成、最近 8 周', response: { 200: StudySummarySchema, ...errorResponses(401) } } },
    async (request) => lessons.studySummary(deps, sessionUser(request).id),
  )
}
