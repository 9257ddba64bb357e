import { and, asc, eq } from 'drizzle-orm'
import type { MeResponse } from '../../../../src/domain/me'
import type { DbOrTx } from '../../db/client'
import { members, organizations, roleAssignments, users } from '../../db/schema'
import { unauthenticated } from '../../lib/errors'

export async function getMe(db: DbOrTx, userId: string): Promise<MeResponse> {
  const [user] = await db.select({ id: users.id, nickname: users.nickname }).from(users).where(eq(users.id, userId))
  if (!user) throw unauthenticated('账号不存在或已停用，请重新登录')

  const roles = await db
    .select({ orgId: roleAssignments.orgId, orgName: organizations.name, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(organizations, eq(organizations.id, roleAssignments.orgId))
    .where(eq(roleAssignments.userId, userId))
    .orderBy(asc(organizations.name), asc(roleAssignments.role))

  const [member] = await db
    .select({
      id: members.id,
      realName: members.realName,
      branchId: members.branchId,
      branchName: organizations.name,
      memberType: members.memberType,
      joinedAt: members.joinedAt,
    })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.branchId))
    .where(and(eq(members.userId, userId), eq(members.status, 'active')))
    .limit(1)

  return { user, roles, member: member ?? null }
}
