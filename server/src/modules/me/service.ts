import { asc, eq } from 'drizzle-orm'
import type { MeResponse } from '../../../../src/domain/me'
import type { DbOrTx } from '../../db/client'
import { organizations, roleAssignments } from '../../db/schema'
import { activeMembership } from '../membership/service'

/** `user` is the session's, read by the auth check already: no second lookup. */
export async function getMe(db: DbOrTx, user: { id: string; nickname: string }): Promise<MeResponse> {
  const [roles, m] = await Promise.all([
    db
      .select({ orgId: roleAssignments.orgId, orgName: organizations.name, role: roleAssignments.role })
      .from(roleAssignments)
      .innerJoin(organizations, eq(organizations.id, roleAssignments.orgId))
      .where(eq(roleAssignments.userId, user.id))
      .orderBy(asc(organizations.name), asc(roleAssignments.role)),
    activeMembership(db, user.id),
  ])
  const member = m && {
    id: m.member.id,
    realName: m.member.realName,
    branchId: m.member.branchId,
    branchName: m.branchName,
    memberType: m.member.memberType,
    joinedAt: m.member.joinedAt,
  }
  return { user: { id: user.id, nickname: user.nickname }, roles, member }
}
