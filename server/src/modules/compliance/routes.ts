import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdSchema } from '../../../../src/domain/common'
import {
  BranchComplianceSchema,
  CommitteeComplianceSchema,
  ExemptionBodySchema,
  ExemptionSchema,
  FlagNoteBodySchema,
  PeriodQuerySchema,
  RuleBodySchema,
  RuleListSchema,
} from '../../../../src/domain/compliance'
import { MEETING_TYPES } from '../../../../src/domain/meetings'
import { labelled } from '../../../../src/domain/validation'
import { errorResponses } from '../../lib/openapi'
import { sessionUser } from '../../plugins/auth'
import { exportCompliance } from './export'
import * as svc from './service'

const IdParams = z.strictObject({ id: IdSchema })
const tags = ['三会一课']
const security = [{ bearer: [] }]

export default async function complianceRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const deps: svc.ComplianceDeps = { db: app.deps.db, now: () => app.deps.clock.now() }
  const uid = (request: Parameters<typeof sessionUser>[0]) => sessionUser(request).id

  r.get(
    '/api/v1/compliance/branches/:id',
    {
      schema: {
        tags,
        security,
        summary: '一个支部的三会一课落实情况（默认本季度）：书记，及上级党委管理员、指导员只读',
        params: IdParams,
        querystring: PeriodQuerySchema,
        response: { 200: BranchComplianceSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (req) => svc.branchCompliance(deps, uid(req), req.params.id, req.query.period),
  )
  r.get(
    '/api/v1/compliance/orgs/:id',
    {
      schema: {
        tags,
        security,
        summary: '党委的落实情况表：下级支部 × 应召开的会议，最差的在前，含疑似补记',
        params: IdParams,
        querystring: PeriodQuerySchema,
        response: { 200: CommitteeComplianceSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (req) => svc.committeeCompliance(deps, uid(req), req.params.id, req.query.period),
  )
  r.get(
    '/api/v1/compliance/orgs/:id/export.xlsx',
    { schema: { tags, security, summary: '导出落实情况（.xlsx：每期一张表，另有逾期事项、疑似补记）', params: IdParams, querystring: PeriodQuerySchema } },
    async (req, reply) => {
      const { filename, buffer } = await exportCompliance(deps, uid(req), req.params.id, req.query.period)
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="compliance.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(buffer)
    },
  )
  r.get(
    '/api/v1/compliance/rules',
    { schema: { tags, security, summary: '这个组织下级支部的考核要求（条例及上级党委从严的调整）', querystring: z.strictObject({ orgId: labelled('组织', IdSchema) }), response: { 200: RuleListSchema, ...errorResponses(400, 401, 404) } } },
    async (req) => svc.listRules(deps, uid(req), req.query.orgId),
  )
  r.put(
    '/api/v1/compliance/rules',
    { schema: { tags, security, summary: '党委为下级从严调整一项要求（只能更严），留痕', body: RuleBodySchema, response: { 200: RuleListSchema, ...errorResponses(400, 401, 403, 404) } } },
    async (req) => svc.setRule(deps, uid(req), req.body),
  )
  r.delete(
    '/api/v1/compliance/rules',
    {
      schema: {
        tags,
        security,
        summary: '恢复条例的要求',
        querystring: z.strictObject({ orgId: labelled('组织', IdSchema), type: labelled('会议类型', z.enum(MEETING_TYPES)) }),
        response: { 200: RuleListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req) => svc.resetRule(deps, uid(req), req.query.orgId, req.query.type),
  )
  r.get(
    '/api/v1/compliance/branches/:id/exemptions',
    { schema: { tags, security, summary: '支部的免于考核记录', params: IdParams, response: { 200: z.object({ items: z.array(ExemptionSchema) }), ...errorResponses(401, 404) } } },
    async (req) => svc.listExemptions(deps, uid(req), req.params.id),
  )
  r.post(
    '/api/v1/compliance/exemptions',
    { schema: { tags, security, summary: '上级党委免除一个支部某项考核（写明原因，留痕）', body: ExemptionBodySchema, response: { 201: ExemptionSchema, ...errorResponses(400, 401, 403, 404) } } },
    async (req, reply) => reply.status(201).send(await svc.createExemption(deps, uid(req), req.body)),
  )
  r.delete(
    '/api/v1/compliance/exemptions/:id',
    { schema: { tags, security, summary: '撤销免于考核', params: IdParams, response: { 200: ExemptionSchema.extend({ revoked: z.literal(true) }), ...errorResponses(401, 403, 404, 409) } } },
    async (req) => svc.revokeExemption(deps, uid(req), req.params.id),
  )
  r.put(
    '/api/v1/meetings/:id/flag-note',
    {
      schema: {
        tags,
        security,
        summary: '支部对疑似补记提示的情况说明（书记填写，上级可见，留痕）',
        params: IdParams,
        body: FlagNoteBodySchema,
        response: { 200: z.object({ meetingId: IdSchema, note: z.string(), notedAt: z.string() }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (req) => svc.noteFlag(deps, uid(req), req.params.id, req.body.note),
  )
}
