import type { FastifyInstance } from 'fastify'
import { FieldCipher } from '../../lib/fieldcrypto'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdSchema } from '../../../../src/domain/common'
import {
  FollowUpSchema,
  MobileCardSchema,
  TransferBodySchema,
  TransferCreatedSchema,
  TransferListSchema,
  TransferNoteSchema,
  TransferQuerySchema,
  TransferReasonSchema,
  TransferSchema,
  TransferStatusSchema,
  TransferSummarySchema,
} from '../../../../src/domain/transfers'
import { errorResponses } from '../../lib/openapi'
import { sessionUser } from '../../plugins/auth'
import * as transfers from './service'

const IdParams = z.strictObject({ id: IdSchema })
const tags = ['流动党员与组织关系转接']
const security = [{ bearer: [] }]

export default async function transferRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const deps: transfers.TransferDeps = { db: app.deps.db, now: () => app.deps.clock.now(), cipher: new FieldCipher(app.deps.config.idEncryptionKey) }

  r.post(
    '/api/v1/transfers',
    {
      schema: {
        tags,
        security,
        summary: '提交转入、转出、流入登记或流出登记',
        body: TransferBodySchema,
        response: { 201: TransferCreatedSchema, ...errorResponses(400, 401, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await transfers.submitTransfer(deps, sessionUser(request).id, request.body)),
  )

  r.get(
    '/api/v1/transfers',
    {
      schema: {
        tags,
        security,
        summary: '申请列表：scope=mine 我的；scope=review 涉及我负责支部的（逾期的在前）',
        querystring: TransferQuerySchema,
        response: { 200: TransferListSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => transfers.listTransfers(deps, sessionUser(request).id, request.query),
  )

  r.get(
    '/api/v1/transfers/summary',
    { schema: { tags, security, summary: '首页计数：待审核、逾期、待跟进、失联', response: { 200: TransferSummarySchema, ...errorResponses(401) } } },
    async (request) => transfers.summary(deps, sessionUser(request).id),
  )

  r.get(
    '/api/v1/transfers/follow-up',
    {
      schema: { tags, security, summary: '待跟进（介绍信过期未完成）与失联的流出党员（支部书记）', response: { 200: FollowUpSchema, ...errorResponses(401) } },
    },
    async (request) => transfers.followUp(deps, sessionUser(request).id),
  )

  r.get(
    '/api/v1/transfers/mobile-card',
    { schema: { tags, security, summary: '我的流动党员活动证', response: { 200: MobileCardSchema, ...errorResponses(401, 404) } } },
    async (request) => transfers.mobileCard(deps, sessionUser(request).id),
  )

  r.get(
    '/api/v1/transfers/:id',
    { schema: { tags, security, summary: '申请详情与时间线', params: IdParams, response: { 200: TransferSchema, ...errorResponses(401, 404) } } },
    async (request) => transfers.getTransfer(deps, sessionUser(request).id, request.params.id),
  )

  // return and reject must say why (the applicant reads it); the other moves may carry a note.
  for (const [action, summary, body] of [
    ['accept', '接收（审核书记）', TransferNoteSchema.nullish()],
    ['complete', '标记完成：回执已收到 / 流动结束（审核书记）', TransferNoteSchema.nullish()],
    ['cancel', '撤回申请（申请人，待审核或退回修改时）', TransferNoteSchema.nullish()],
    ['return', '退回修改，必须填写原因（审核书记）', TransferReasonSchema],
    ['reject', '不予接收，必须填写原因（审核书记）', TransferReasonSchema],
  ] as const) {
    r.post(
      `/api/v1/transfers/:id/${action}`,
      {
        schema: { tags, security, summary, params: IdParams, body, response: { 200: TransferStatusSchema, ...errorResponses(400, 401, 403, 404, 409) } },
      },
      async (request) => {
        const b = request.body as { note?: string; reason?: string } | null | undefined
        return transfers.moveTransfer(deps, sessionUser(request).id, request.params.id, action, b?.reason ?? b?.note)
      },
    )
  }

  r.put(
    '/api/v1/transfers/:id',
    {
      schema: {
        tags,
        security,
        summary: '修改被退回的申请并重新提交（申请人）',
        params: IdParams,
        body: TransferBodySchema,
        response: { 200: TransferStatusSchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => transfers.resubmitTransfer(deps, sessionUser(request).id, request.params.id, request.body),
  )
}
