import { z } from 'zod'
import { BRANCH_KINDS, MEMBER_TYPES, ORG_TYPES, ROLES } from './enums'
import { IdSchema, line, listOf, PageQuerySchema } from './common'

export const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export const WechatLoginBodySchema = z.strictObject({
  code: line().min(1, '缺少微信登录凭证').max(128),
})
export type WechatLoginBody = z.infer<typeof WechatLoginBodySchema>

export const DevLoginBodySchema = z.strictObject({
  openid: z
    .string()
    .regex(OPENID_PATTERN, '账号只能包含字母、数字、下划线和短横线，长度 1–64'),
  nickname: line().min(1).max(32).optional(),
})
export type DevLoginBody = z.infer<typeof DevLoginBodySchema>

export const UserSchema = z.object({ id: IdSchema, nickname: z.string() })
export type User = z.infer<typeof UserSchema>

export const AuthResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string().describe('ISO-8601 UTC'),
  user: UserSchema,
})
export type AuthResponse = z.infer<typeof AuthResponseSchema>

export const AuthOptionsSchema = z.object({
  devLogin: z.boolean().describe('服务器是否开启了开发登录'),
  wechat: z.boolean().describe('服务器是否配置了微信登录'),
})
export type AuthOptions = z.infer<typeof AuthOptionsSchema>

export const RoleAssignmentSchema = z.object({
  orgId: IdSchema,
  orgName: z.string(),
  role: z.enum(ROLES),
})
export type RoleAssignment = z.infer<typeof RoleAssignmentSchema>

export const MemberSummarySchema = z.object({
  id: IdSchema,
  realName: z.string(),
  branchId: IdSchema,
  branchName: z.string(),
  memberType: z.enum(MEMBER_TYPES),
  joinedAt: z.string().describe('YYYY-MM-DD'),
})
export type MemberSummary = z.infer<typeof MemberSummarySchema>

export const MeResponseSchema = z.object({
  user: UserSchema,
  roles: z.array(RoleAssignmentSchema),
  member: MemberSummarySchema.nullable(),
})
export type MeResponse = z.infer<typeof MeResponseSchema>

export const OrgSchema = z.object({
  id: IdSchema,
  name: z.string(),
  type: z.enum(ORG_TYPES),
  branchKind: z.enum(BRANCH_KINDS).nullable(),
  parentId: IdSchema.nullable(),
  parentName: z.string().nullable(),
})
export type Org = z.infer<typeof OrgSchema>

export const OrgSearchQuerySchema = PageQuerySchema.extend({
  q: line().max(50, '搜索词不能超过 50 个字').default(''),
})
export type OrgSearchQuery = z.infer<typeof OrgSearchQuerySchema>

export const OrgListSchema = listOf(OrgSchema)
export type OrgList = z.infer<typeof OrgListSchema>

export const HealthSchema = z.object({
  status: z.literal('ok'),
  db: z.enum(['pglite', 'postgres']),
})
