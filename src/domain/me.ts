import { z } from 'zod'
import { UserSchema } from './auth'
import { IdSchema } from './common'
import { MEMBER_TYPES, ROLES } from './enums'

/** GET /me: who I am, my roles and my membership. */
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
