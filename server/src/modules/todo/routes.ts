import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdSchema } from '../../../../src/domain/common'
import { ErrorCodes } from '../../../../src/domain/errors'
import { REMINDER_TEMPLATES } from '../../../../src/domain/reminders'
import { TodoSchema } from '../../../../src/domain/todo'
import { labelled } from '../../../../src/domain/validation'
import { FieldCipher } from '../../lib/fieldcrypto'
import { notFound } from '../../lib/errors'
import { errorResponses } from '../../lib/openapi'
import { sessionUser } from '../../plugins/auth'
import { grant, markRead, type ReminderDeps } from '../reminders/service'
import { subscribeTemplates, todo, type TodoDeps } from './service'

const tags = ['待办与提醒']
const security = [{ bearer: [] }]

export default async function todoRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const now = () => app.deps.clock.now()
  const deps: TodoDeps = { db: app.deps.db, now, cipher: new FieldCipher(app.deps.config.idEncryptionKey), templates: app.deps.config.wechatTemplates }
  const reminderDeps: ReminderDeps = { db: app.deps.db, now, messenger: app.deps.messenger, templates: app.deps.config.wechatTemplates }

  r.get(
    '/api/v1/todo',
    { schema: { tags, security, summary: '首页待办：应召开的三会一课、下一次会议、待审核、站内提醒', response: { 200: TodoSchema, ...errorResponses(401) } } },
    async (req) => todo(deps, sessionUser(req).id),
  )
  r.get(
    '/api/v1/subscriptions/templates',
    { schema: { tags, security, summary: '可以向此人申请的订阅消息模板（未配置时为空）', response: { 200: z.object({ templates: z.array(z.string()) }), ...errorResponses(401) } } },
    async (req) => subscribeTemplates(deps, sessionUser(req).id),
  )
  r.post(
    '/api/v1/subscriptions',
    {
      schema: {
        tags,
        security,
        summary: '记下用户在微信里同意的一次性订阅（wx.requestSubscribeMessage 里 accept 的模板）',
        body: z.strictObject({ templateIds: labelled('模板', z.array(z.string().min(1).max(64)).max(10)) }),
        response: { 200: z.object({ granted: z.array(z.enum(REMINDER_TEMPLATES)) }), ...errorResponses(400, 401) },
      },
    },
    async (req) => grant(reminderDeps, sessionUser(req).id, req.body.templateIds),
  )
  r.post(
    '/api/v1/todo/reminders/:id/read',
    { schema: { tags, security, summary: '站内提醒标为已读（从待办里去掉）', params: z.strictObject({ id: IdSchema }), response: { 200: z.object({ read: z.literal(true) }), ...errorResponses(401, 404) } } },
    async (req) => {
      if (!(await markRead(reminderDeps, sessionUser(req).id, req.params.id))) throw notFound('找不到这条提醒', ErrorCodes.NOT_FOUND)
      return { read: true as const }
    },
  )
}
