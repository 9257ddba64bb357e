/**
 * Enumerations of the domain with the Chinese words users see.
 * Plain data: no zod, no Taro, no Node — safe to import from any bundle.
 */

export const ORG_TYPES = ['committee', 'general_branch', 'branch'] as const
export type OrgType = (typeof ORG_TYPES)[number]
export const ORG_TYPE_LABELS: Record<OrgType, string> = {
  committee: '党(工)委',
  general_branch: '党总支',
  branch: '党支部',
}

export const BRANCH_KINDS = ['independent', 'joint', 'affiliated'] as const
export type BranchKind = (typeof BRANCH_KINDS)[number]
export const BRANCH_KIND_LABELS: Record<BranchKind, string> = {
  independent: '独立党支部',
  joint: '联合党支部',
  affiliated: '挂靠党支部',
}

export const ROLES = ['secretary', 'instructor', 'admin'] as const
export type Role = (typeof ROLES)[number]
export const ROLE_LABELS: Record<Role, string> = {
  secretary: '支部书记',
  instructor: '党建指导员',
  admin: '上级党委管理员',
}

export const MEMBER_TYPES = ['full', 'probationary'] as const
export type MemberType = (typeof MEMBER_TYPES)[number]
export const MEMBER_TYPE_LABELS: Record<MemberType, string> = {
  full: '正式党员',
  probationary: '预备党员',
}

export const MEMBER_STATUSES = ['active', 'left'] as const
export type MemberStatus = (typeof MEMBER_STATUSES)[number]

/** 亮身份申报的状态 (src/domain/identity.ts re-exports them). */
export const DECLARATION_STATUSES = ['pending', 'approved', 'rejected'] as const
export type DeclarationStatus = (typeof DECLARATION_STATUSES)[number]
export const DECLARATION_STATUS_LABELS: Record<DeclarationStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
}
