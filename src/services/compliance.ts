import { z } from 'zod'
import { BranchComplianceSchema, CommitteeComplianceSchema } from '@/domain/compliance'
import { openXlsx } from './files'
import { request } from './request'

/** 三会一课 compliance (server module `compliance`). */
const id = (s: string) => encodeURIComponent(s)

export const branchCompliance = (branchId: string, period: string) =>
  request({ path: `/api/v1/compliance/branches/${id(branchId)}`, query: { period }, schema: BranchComplianceSchema })
export const committeeCompliance = (orgId: string, period: string) =>
  request({ path: `/api/v1/compliance/orgs/${id(orgId)}`, query: { period }, schema: CommitteeComplianceSchema })
export const noteFlag = (meetingId: string, note: string) =>
  request({ method: 'PUT', path: `/api/v1/meetings/${id(meetingId)}/flag-note`, data: { note }, schema: z.object({ note: z.string() }) })
export const exportCompliance = (orgId: string, period: string, filename: string) =>
  openXlsx(`/api/v1/compliance/orgs/${id(orgId)}/export.xlsx?period=${id(period)}`, filename, '导出失败，请检查网络后重试')
