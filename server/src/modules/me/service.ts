import { asc, eq } from 'drizzle-orm'
import type { MeResponse } from '../../../../src/domain/me'
import type { DbOrTx } from '../../db/client'
import { organizations, roleAssignments, users } from '../../db/schema'
import { unauthenticated } from '../../lib/errors'
import { activeMembership } from '../membership/service'

export async function getMe(db: DbOrTx, userId: string): Promise<MeResponse> {
  const [user] = await db.select({ id: users.id, nickname: users.nickname }).from(users).where(eq(users.id, userId))
  if (!user) throw unauthenticated('账号不存在或已停用，请重新登录')

  const roles = await db
    .select({ orgId: roleAssignments.orgId, orgName: organizations.name, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(organizations, eq(organizations.id, roleAssignments.orgId))
    .where(eq(roleAssignments.userId, userId))
    .orderBy(asc(organizations.name), asc(roleAssignments.role))

  const m = await activeMembership(db, userId)
  const member = m && {
    id: m.member.id,
    realName: m.member.realName,
    branchId: m.member.branchId,
    branchName: m.branchName,
    memberType: m.member.memberType,
    joinedAt: m.member.joinedAt,
  }
  return { user, roles, member }
}
