import { z } from 'zod'
import {
  AppointmentListSchema,
  EnterpriseSchema,
  InvitationListSchema,
  InvitationPreviewSchema,
  InvitationSchema,
  LedgerSchema,
  OrgChangeResultSchema,
  SupervisedDeclarationListSchema,
  SupervisedTransferListSchema,
  TreeSchema,
  type Coverage,
  type EnterpriseInput,
  type InvitationCreate,
  type OrgCreate,
  type OrgUpdate,
} from '@/domain/park'
import { ErrorBodySchema } from '@/domain/errors'
import { ImportResultSchema, type ImportProblem, type ImportResult } from '@/domain/park'
import Taro from '@tarojs/taro'
import { apiBase } from './config'
import { XLSX_TYPE, authHeader, openXlsx } from './files'
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

/** An answer to an upload: its status and JSON body (null when it was not JSON). */
interface UploadAnswer {
  status: number
  body: unknown
}

/** Sends `data` (the file's bytes) as the request body with the .xlsx content type. */
/** Here rather than in services/files: only this subpackage uploads, and a shared module would sit in the main package. */
async function uploadXlsx(path: string, data: ArrayBuffer): Promise<UploadAnswer> {
  const url = `${apiBase()}${path}`
  const header = { ...authHeader(), 'Content-Type': XLSX_TYPE }
  const offline = () => new ApiError(0, 'NETWORK_ERROR', '上传失败：网络连接不上，请检查网络后重试')
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(url, { method: 'POST', headers: header, body: data }).catch(() => null)
    if (!res) throw offline()
    return { status: res.status, body: await res.json().catch(() => null) }
  }
  try {
    // A big file on a slow line: a minute rather than the usual 15 s.
    const res = await Taro.request({ url, method: 'POST', header, data, dataType: 'json', timeout: 60_000 })
    return { status: res.statusCode, body: res.data ?? null }
  } catch {
    throw offline()
  }
}

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

/** 下级亮身份与接转 (read-only, phones masked). */
export const supervisedDeclarations = () => request({ path: '/api/v1/identity/declarations', query: { scope: 'supervised', limit: 50 }, schema: SupervisedDeclarationListSchema })
export const supervisedTransfers = () => request({ path: '/api/v1/transfers', query: { scope: 'supervised', limit: 50 }, schema: SupervisedTransferListSchema })
