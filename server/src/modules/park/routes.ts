import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdSchema } from '../../../../src/domain/common'
import {
  AppointmentListSchema,
  EnterpriseInputSchema,
  EnterpriseSchema,
  InvitationCreateSchema,
  InvitationListSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  IMPORT_MAX_BYTES,
  ImportResultSchema,
  LedgerQuerySchema,
  LedgerSchema,
  OrgChangeResultSchema,
  OrgCreateSchema,
  OrgUpdateSchema,
  TreeSchema,
} from '../../../../src/domain/park'
import { ParkSummarySchema } from '../../../../src/domain/park-summary'
import { ErrorCodes } from '../../../../src/domain/errors'
import { badRequest } from '../../lib/errors'
import { errorResponses } from '../../lib/openapi'
import { SignedIdCodes } from '../../lib/signedcode'
import { sessionUser } from '../../plugins/auth'
import * as park from './service'
import { importLedger, importTemplate, type ImportDeps } from './import'
import { phoneHasher } from '../../lib/phones'
import { FieldCipher } from '../../lib/fieldcrypto'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const IdParams = z.strictObject({ id: IdSchema })
const OrgQuery = z.strictObject({ orgId: IdSchema })
const CodeParams = z.strictObject({ code: z.string().min(1).max(200) })
const tags = ['园区党委']
const security = [{ bearer: [] }]

export default async function parkRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const deps: park.ParkDeps = {
    db: app.deps.db,
    now: () => app.deps.clock.now(),
    codes: new SignedIdCodes(app.deps.config.appSecret, 'invitation/v1'),
  }
  const uid = (request: Parameters<typeof sessionUser>[0]) => sessionUser(request).id
  const importDeps: ImportDeps = {
    db: app.deps.db,
    now: () => app.deps.clock.now(),
    cipher: new FieldCipher(app.deps.config.idEncryptionKey),
    phoneHash: phoneHasher(app.deps.config.appSecret),
  }
  // The ledger's .xlsx arrives as the request body itself (wx.request and fetch both send an
  // ArrayBuffer as is), in this plugin only: every other route still takes JSON alone.
  app.addContentTypeParser([XLSX, 'application/octet-stream'], { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_req, body, done) => done(null, body))

  r.get(
    '/api/v1/park/summary',
    { schema: { tags, security, summary: '管理员、指导员首页：所管党委的组织、企业、党员与待接受任命', response: { 200: ParkSummarySchema, ...errorResponses(401) } } },
    async (request) => park.parkSummary(deps, uid(request)),
  )

  // ── The tree ──
  r.get(
    '/api/v1/park/orgs/:id/tree',
    { schema: { tags, security, summary: '组织架构：这个组织和它下面的全部组织', params: IdParams, response: { 200: TreeSchema, ...errorResponses(400, 401, 404) } } },
    async (request) => park.getTree(deps.db, uid(request), request.params.id),
  )
  r.post(
    '/api/v1/park/orgs',
    { schema: { tags, security, summary: '新建下级组织（党委、党总支、党支部）', body: OrgCreateSchema, response: { 201: OrgChangeResultSchema, ...errorResponses(400, 401, 404, 409) } } },
    async (request, reply) => reply.status(201).send(await park.createOrg(deps, uid(request), request.body)),
  )
  r.patch(
    '/api/v1/park/orgs/:id',
    {
      schema: {
        tags,
        security,
        summary: '改名、移动（不能移到自己下面）、标记已组建',
        params: IdParams,
        body: OrgUpdateSchema,
        response: { 200: OrgChangeResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => park.updateOrg(deps, uid(request), request.params.id, request.body),
  )
  r.delete(
    '/api/v1/park/orgs/:id',
    {
      schema: {
        tags,
        security,
        summary: '撤销组织：须先转出全部党员、撤销或移走下级组织',
        params: IdParams,
        response: { 200: z.object({ id: IdSchema, dissolved: z.literal(true) }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => park.dissolveOrg(deps, uid(request), request.params.id),
  )

  // ── Enterprises ──
  r.get(
    '/api/v1/park/ledger',
    { schema: { tags, security, summary: '两个覆盖台账：企业按覆盖情况，附组织覆盖率、工作覆盖率', querystring: LedgerQuerySchema, response: { 200: LedgerSchema, ...errorResponses(400, 401, 404) } } },
    async (request) => park.getLedger(deps.db, uid(request), request.query),
  )
  r.post(
    '/api/v1/park/enterprises',
    { schema: { tags, security, summary: '登记企业', body: EnterpriseInputSchema, response: { 201: EnterpriseSchema, ...errorResponses(400, 401, 404, 409) } } },
    async (request, reply) => reply.status(201).send(await park.createEnterprise(deps, uid(request), request.body)),
  )
  r.get(
    '/api/v1/park/enterprises/:id',
    { schema: { tags, security, summary: '一家企业', params: IdParams, response: { 200: EnterpriseSchema, ...errorResponses(400, 401, 404) } } },
    async (request) => park.getEnterprise(deps.db, uid(request), request.params.id),
  )
  r.put(
    '/api/v1/park/enterprises/:id',
    { schema: { tags, security, summary: '修改企业信息', params: IdParams, body: EnterpriseInputSchema, response: { 200: EnterpriseSchema, ...errorResponses(400, 401, 404, 409) } } },
    async (request) => park.updateEnterprise(deps, uid(request), request.params.id, request.body),
  )

  // ── Importing the existing ledger ──
  r.get(
    '/api/v1/park/import/template',
    { schema: { tags, security, summary: '台账导入模板（.xlsx：企业、党员两张表，中文表头）' } },
    async (_request, reply) =>
      reply
        .header('content-type', XLSX)
        .header('content-disposition', `attachment; filename="ledger-template.xlsx"; filename*=UTF-8''${encodeURIComponent('两个覆盖台账导入模板.xlsx')}`)
        .send(await importTemplate()),
  )
  r.post(
    '/api/v1/park/import',
    {
      bodyLimit: IMPORT_MAX_BYTES,
      schema: {
        tags,
        security,
        summary: '导入台账（请求体就是 .xlsx 文件）：全部或全不；有问题时 422 IMPORT_INVALID 并列出每一处',
        querystring: OrgQuery,
        response: { 200: ImportResultSchema, ...errorResponses(400, 401, 404, 413, 415, 422) },
      },
    },
    async (request) => {
      const file = request.body
      if (!Buffer.isBuffer(file) || file.length === 0) throw badRequest('请上传 .xlsx 文件（请求体为表格文件本身）', ErrorCodes.IMPORT_INVALID)
      return importLedger(importDeps, uid(request), request.query.orgId, file)
    },
  )

  // ── Invitations and appointments ──
  r.post(
    '/api/v1/park/invitations',
    { schema: { tags, security, summary: '发出任命邀请（7 天内有效，只能被一个账号接受）', body: InvitationCreateSchema, response: { 201: InvitationSchema, ...errorResponses(400, 401, 404) } } },
    async (request, reply) => reply.status(201).send(await park.createInvitation(deps, uid(request), request.body)),
  )
  r.get(
    '/api/v1/park/invitations',
    { schema: { tags, security, summary: '这个组织及下级的任命邀请，最新的在前', querystring: OrgQuery, response: { 200: InvitationListSchema, ...errorResponses(400, 401, 404) } } },
    async (request) => park.listInvitations(deps, uid(request), request.query.orgId),
  )
  r.delete(
    '/api/v1/park/invitations/:id',
    { schema: { tags, security, summary: '撤回未接受的邀请', params: IdParams, response: { 200: InvitationSchema, ...errorResponses(400, 401, 404, 409) } } },
    async (request) => park.revokeInvitation(deps, uid(request), request.params.id),
  )
  r.get(
    '/api/v1/park/invitations/by-code/:code',
    { schema: { tags, security, summary: '被邀请人打开邀请：看到任命的内容', params: CodeParams, response: { 200: InvitationPreviewSchema, ...errorResponses(400, 401, 404) } } },
    async (request) => park.previewInvitation(deps, uid(request), request.params.code),
  )
  r.post(
    '/api/v1/park/invitations/by-code/:code/accept',
    { schema: { tags, security, summary: '接受任命（绑定到第一个接受的账号）', params: CodeParams, response: { 200: InvitationPreviewSchema, ...errorResponses(400, 401, 404, 409, 410) } } },
    async (request) => park.acceptInvitation(deps, uid(request), request.params.code),
  )
  r.get(
    '/api/v1/park/appointments',
    { schema: { tags, security, summary: '这个组织及下级的在任书记、管理员、指导员', querystring: OrgQuery, response: { 200: AppointmentListSchema, ...errorResponses(400, 401, 404) } } },
    async (request) => park.listAppointments(deps.db, uid(request), request.query.orgId),
  )
  r.delete(
    '/api/v1/park/appointments/:id',
    { schema: { tags, security, summary: '免去任命，下一次请求起生效', params: IdParams, response: { 200: z.object({ id: IdSchema, removed: z.literal(true) }), ...errorResponses(400, 401, 404, 409) } } },
    async (request) => park.removeAppointment(deps, uid(request), request.params.id),
  )
}
