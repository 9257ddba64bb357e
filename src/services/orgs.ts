import { OrgListSchema, OrgSchema, type Org, type OrgList } from '@/domain/orgs'
import { request } from './request'

export interface OrgSearchParams {
  q?: string
  limit?: number
  cursor?: string | null
}

export function searchOrgs({ q = '', limit = 20, cursor }: OrgSearchParams = {}): Promise<OrgList> {
  return request({ path: '/api/v1/orgs', query: { q: q.trim(), limit, cursor }, schema: OrgListSchema })
}

export function getOrg(id: string): Promise<Org> {
  return request({ path: `/api/v1/orgs/${encodeURIComponent(id)}`, schema: OrgSchema })
}
