import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdSchema } from '../../../../src/domain/common'
import {
  CardSchema,
  CardUpdateSchema,
  DeclarationBodySchema,
  DeclarationCreatedSchema,
  DeclarationListSchema,
  DeclarationQuerySchema,
  DeclarationSchema,
  PostBodySchema,
  PostSchema,
  RejectBodySchema,
  VerifyResultSchema,
  WallSchema,
} from '../../../../src/domain/identity'
import { CardCodes } from '../../lib/cardcode'
import { FieldCipher } from '../../lib/fieldcrypto'
import { errorResponses } from '../../lib/openapi'
import { PUBLIC } from '../../plugins/access'
import { sessionUser } from '../../plugins/auth'
import * as identity from './service'
import { phoneHasher } from '../../lib/phones'

const IdParams = z.strictObject({ id: IdSchema })
const tags = ['亮身份']
const security = [{ bearer: [] }]

export default async function identityRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const deps: identity.IdentityDeps = {
    db: app.deps.db,
    cipher: new FieldCipher(app.deps.config.idEncryptionKey),
    cards: new CardCodes(app.deps.config.appSecret),
    now: () => app.deps.clock.now(),
    phoneHash: phoneHasher(app.deps.config.appSecret),
  }

  r.post(
    '/api/v1/identity/declarations',
    {
      schema: {
        tags,
        security,
        summary: '提交亮身份申报',
        body: DeclarationBodySchema,
        response: { 201: DeclarationCreatedSchema, ...errorResponses(400, 401, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await identity.submitDeclaration(deps, sessionUser(request).id, request.body)),
  )

  r.get(
    '/api/v1/identity/declarations',
    {
      schema: {
        tags,
        security,
        summary: '申报列表：scope=mine 我的；scope=review 待我审核（最早的在前）',
        querystring: DeclarationQuerySchema,
        response: { 200: DeclarationListSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => identity.listDeclarations(deps, sessionUser(request).id, request.query),
  )

  r.get(
    '/api/v1/identity/declarations/:id',
    { schema: { tags, security, summary: '申报详情', params: IdParams, response: { 200: DeclarationSchema, ...errorResponses(401, 404) } } },
    async (request) => identity.getDeclaration(deps, sessionUser(request).id, request.params.id),
  )

  r.post(
    '/api/v1/identity/declarations/:id/approve',
    {
      schema: {
        tags,
        security,
        summary: '通过申报（支部书记）',
        params: IdParams,
        response: { 200: z.object({ status: z.literal('approved'), memberId: IdSchema }), ...errorResponses(401, 404, 409) },
      },
    },
    async (request) => identity.approveDeclaration(deps, sessionUser(request).id, request.params.id),
  )

  r.post(
    '/api/v1/identity/declarations/:id/reject',
    {
      schema: {
        tags,
        security,
        summary: '退回申报，必须填写原因（支部书记）',
        params: IdParams,
        body: RejectBodySchema,
        response: { 200: z.object({ status: z.literal('rejected') }), ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => identity.rejectDeclaration(deps, sessionUser(request).id, request.params.id, request.body.reason),
  )

  r.get(
    '/api/v1/identity/card',
    { schema: { tags, security, summary: '我的电子党员证', response: { 200: CardSchema, ...errorResponses(401, 404) } } },
    async (request) => identity.getCard(deps, sessionUser(request).id),
  )

  r.patch(
    '/api/v1/identity/card',
    {
      schema: { tags, security, summary: '修改承诺与公开范围', body: CardUpdateSchema, response: { 200: CardSchema, ...errorResponses(400, 401, 404) } },
    },
    async (request) => identity.updateCard(deps, sessionUser(request).id, request.body),
  )

  r.post(
    '/api/v1/identity/card/revoke',
    { schema: { tags, security, summary: '作废当前二维码并换发新码', response: { 200: CardSchema, ...errorResponses(401, 404) } } },
    async (request) => identity.revokeCard(deps, sessionUser(request).id),
  )

  r.get(
    '/api/v1/identity/verify/:verifyCode',
    {
      ...PUBLIC,
      schema: {
        tags,
        summary: '公开验证电子党员证（无需登录）',
        params: z.strictObject({ verifyCode: z.string() }),
        response: { 200: VerifyResultSchema, ...errorResponses(404) },
      },
    },
    async (request) => identity.verifyCard(deps, request.params.verifyCode),
  )

  r.post(
    '/api/v1/identity/posts',
    {
      schema: { tags, security, summary: '为党员设岗定责（支部书记）', body: PostBodySchema, response: { 201: PostSchema, ...errorResponses(400, 401, 404, 409) } },
    },
    async (request, reply) => reply.status(201).send(await identity.assignPost(deps, sessionUser(request).id, request.body)),
  )

  r.delete(
    '/api/v1/identity/posts/:id',
    { schema: { tags, security, summary: '撤销岗位（支部书记）', params: IdParams, response: { 204: z.null(), ...errorResponses(401, 404) } } },
    async (request, reply) => {
      await identity.removePost(deps, sessionUser(request).id, request.params.id)
      return reply.status(204).send(null)
    },
  )

  r.get(
    '/api/v1/identity/wall/:id',
    { schema: { tags, security, summary: '支部亮身份墙', params: IdParams, response: { 200: WallSchema, ...errorResponses(401, 404) } } },
    async (request) => identity.branchWall(deps, request.params.id),
  )

  r.get(
    '/api/v1/identity/branches/:id/members',
    {
      schema: {
        tags,
        security,
        summary: '支部党员名单（支部书记设岗用）',
        params: IdParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({ memberId: IdSchema, realName: z.string(), memberType: z.enum(['full', 'probationary']), joinedAt: z.string(), posts: z.array(PostSchema) }),
            ),
          }),
          ...errorResponses(401, 404),
        },
      },
    },
    async (request) => identity.branchMembers(deps, sessionUser(request).id, request.params.id),
  )
}
