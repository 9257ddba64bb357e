import { z } from 'zod'
import {
  AppointmentListSchema,
  EnterpriseSchema,
  InvitationListSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  LedgerSchema,
  OrgChangeResultSchema,
  TreeSchema,
  type Coverage,
  type EnterpriseInput,
  type InvitationCreate,
  type OrgCreate,
  type OrgUpdate,
} from '@/domain/park'
import { ErrorBodySchema } from '@/domain/errors'
import { ImportResultSchema, type ImportProblem, type ImportResult } from '@/domain/park'
import { openXlsx, uploadXlsx } from './files'
import { ApiError, request } from './request'

/** 园区党委: the tree, the ledger, invitations and appointments (server module `park`). */
const id = (s: string) => encodeURIComponent(s)

export const getTree = (orgId: string) => request({ path: `/api/v1/park/orgs/${id(orgId)}/tree`, schema: TreeSchema })
export const createOrg = (body: OrgCreate) => request({ method: 'POST', path: '/api/v1/park/orgs', data: body, schema: OrgChangeResultSchema })
export const updateOrg = (orgId: string, body: OrgUpdate) =>
  request({ method: 'PATCH', path: `/api/v1/park/orgs/${id(orgId)}`, data: body, schema: OrgChangeResultSchema })
export const dissolveOrg = (orgId: string) =>
  request({ method: 'DELETE', path: `/api/v1/park/orgs/${id(orgId)}`, schema: z.object({ id: z.string(), dissolved: z.literal(true) }) })

export const getLedger = (orgId: string, filter: { coverage?: Coverage | 'should_form'; q?: string } = {}) =>
  request({ path: '/api/v1/park/ledger', query: { orgId, coverage: filter.coverage, q: filter.q?.trim() }, schema: LedgerSchema })
export const getEnterprise = (entId: string) => request({ path: `/api/v1/park/enterprises/${id(entId)}`, schema: EnterpriseSchema })
export const createEnterprise = (body: EnterpriseInput) => request({ method: 'POST', path: '/api/v1/park/enterprises', data: body, schema: EnterpriseSchema })
export const updateEnterprise = (entId: string, body: EnterpriseInput) =>
  request({ method: 'PUT', path: `/api/v1/park/enterprises/${id(entId)}`, data: body, schema: EnterpriseSchema })

export const createInvitation = (body: InvitationCreate) => request({ method: 'POST', path: '/api/v1/park/invitations', data: body, schema: InvitationSchema })
export const listInvitations = (orgId: string) => request({ path: '/api/v1/park/invitations', query: { orgId }, schema: InvitationListSchema })
export const revokeInvitation = (invId: string) => request({ method: 'DELETE', path: `/api/v1/park/invitations/${id(invId)}`, schema: InvitationSchema })
export const previewInvitation = (code: string) => request({ path: `/api/v1/park/invitations/by-code/${id(code)}`, schema: InvitationPreviewSchema })
export const acceptInvitation = (code: string) =>
  request({ method: 'POST', path: `/api/v1/park/invitations/by-code/${id(code)}/accept`, schema: InvitationPreviewSchema })
export const listAppointments = (orgId: string) => request({ path: '/api/v1/park/appointments', query: { orgId }, schema: AppointmentListSchema })
export const removeAppointment = (apptId: string) =>
  request({ method: 'DELETE', path: `/api/v1/park/appointments/${id(apptId)}`, schema: z.object({ id: z.string(), removed: z.literal(true) }) })

export const downloadImportTemplate = () => openXlsx('/api/v1/park/import/template', '两个覆盖台账导入模板.xlsx', '模板下载失败，请稍后再试')

/** The import's answer: what was written, or every problem in the file (nothing written). */
export type ImportOutcome = { ok: true; result: ImportResult } | { ok: false; message: string; problems: ImportProblem[]; problemCount: number }

export async function importLedger(orgId: string, file: ArrayBuffer): Promise<ImportOutcome> {
  const { status, body } = await uploadXlsx(`/api/v1/park/import?orgId=${encodeURIComponent(orgId)}`, file)
  if (status === 200) {
    const parsed = ImportResultSchema.safeParse(body)
    if (parsed.success) return { ok: true, result: parsed.data }
  }
  const error = ErrorBodySchema.safeParse(body)
  if (!error.success) throw new ApiError(status, 'BAD_RESPONSE', '服务器返回了意外的结果，请稍后再试')
  const e = error.data.error
  if (e.code === 'IMPORT_INVALID' && e.problems) return { ok: false, message: e.message, problems: e.problems, problemCount: e.problemCount ?? e.problems.length }
  throw new ApiError(status, e.code, e.message, e.requestId)
}
