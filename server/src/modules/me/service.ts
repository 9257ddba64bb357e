import { eq, sql } from 'drizzle-orm'
import type { MeResponse, RoleAssignment } from '../../../../src/domain/me'
import type { Db } from '../../db/client'
import { prepared } from '../../db/prepared'
import { users } from '../../db/schema'
import { activeMembershipJson } from '../membership/service'

/**
 * GET /me in one round trip: roles and the active membership (asked of the membership module) as
 * JSON columns of a single prepared statement. `user` is the session's, read by
 * the auth check already: no second lookup of the user row.
 */
const meStatement = (db: Db) =>
  db
    .select({
      // An instructor appointed for enterprises (enterprise_assignments) shows as the instructor of
      // the committee that appointed them, once.
      roles: sql<RoleAssignment[]>`(
        SELECT coalesce(json_agg(json_build_object('orgId', r.org_id, 'orgName', r.org_name, 'role', r.role) ORDER BY r.org_name, r.role), '[]'::json)
        FROM (
          SELECT ra.org_id, o.name AS org_name, ra.role FROM role_assignments ra JOIN organizations o ON o.id = ra.org_id
          WHERE ra.user_id = ${sql.placeholder('id')}
          UNION
          SELECT ea.org_id, o.name, 'instructor'::role_name FROM enterprise_assignments ea JOIN organizations o ON o.id = ea.org_id
          WHERE ea.user_id = ${sql.placeholder('id')}
        ) r)`,
      member: activeMembershipJson(db, sql.placeholder('id')),
    })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('me')

export async function getMe(db: Db, user: { id: string; nickname: string }): Promise<MeResponse> {
  const [row] = await prepared(db, 'me', meStatement).execute({ id: user.id })
  return { user: { id: user.id, nickname: user.nickname }, roles: row?.roles ?? [], member: row?.member ?? null }
}
