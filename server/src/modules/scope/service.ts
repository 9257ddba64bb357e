import { sql, type Placeholder, type SQL } from 'drizzle-orm'
import type { Role } from '../../../../src/domain/enums'
import { rowsOf, type DbOrTx } from '../../db/client'

/**
 * The one answer to "who may do what where". A role held on an organization covers that
 * organization and everything below it (data scope is "this org and below", domain.md).
 * A 党建指导员 assigned to an enterprise (enterprise_assignments) also covers the branch that
 * covers that enterprise. Every module asks here; nobody walks the org tree on their own.
 *
 * Acting (approve, 补签, edit) asks for `ACTORS`; seeing a branch's records asks for `READERS`:
 * a committee's admins and instructors see their whole subtree, read-only.
 */

/** Who acts for a branch: its secretary (书记, 副书记, 组织委员 alike). */
export const ACTORS = ['secretary'] as const satisfies readonly Role[]
/** Who sees a branch's records: its secretary, and admins and instructors above or assigned to it. */
export const READERS = ['secretary', 'admin', 'instructor'] as const satisfies readonly Role[]

/** The orgs a user holds one of `roles` on directly, as SQL rows of `(id)`: the roots of their scope. */
function rootsQuery(userId: string | Placeholder, roles: readonly Role[]): SQL {
  const direct = sql`SELECT org_id AS id FROM role_assignments WHERE user_id = ${userId} AND role IN (${roleList(roles)})`
  if (!roles.includes('instructor')) return direct
  return sql`${direct}
        UNION
        SELECT e.branch_id FROM enterprise_assignments ea JOIN enterprises e ON e.id = ea.enterprise_id
        WHERE ea.user_id = ${userId} AND e.branch_id IS NOT NULL`
}

function roleList(roles: readonly Role[]) {
  return sql.join(
    roles.map((r) => sql`${r}::role_name`),
    sql`, `,
  )
}

/** May `userId` act as one of `roles` on `orgId` — i.e. hold that role on it or on any ancestor? */
export async function canActAs(db: DbOrTx, userId: string, roles: readonly Role[], orgId: string): Promise<boolean> {
  if (roles.length === 0) return false
  const rows = rowsOf<{ ok: boolean }>(
    await db.execute(sql`
      WITH RECURSIVE up(id, parent_id, depth) AS (
        SELECT id, parent_id, 0 FROM organizations WHERE id = ${orgId}
        UNION ALL
        SELECT o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id
        WHERE up.depth < 32
      )
      SELECT EXISTS (SELECT 1 FROM up WHERE up.id IN (${rootsQuery(userId, roles)})) AS ok`),
  )
  return rows[0]?.ok === true
}

/** Every organization in the user's scope for `roles`: the orgs they hold a role on, and all below them. */
export async function scopeOrgIds(db: DbOrTx, userId: string, roles: readonly Role[]): Promise<string[]> {
  if (roles.length === 0) return []
  const rows = rowsOf<{ id: string }>(await db.execute(scopeOrgIdsQuery(userId, roles)))
  return rows.map((r) => r.id)
}

/**
 * The same set as a query to embed in SQL (`x IN (${scopeOrgIdsQuery(...)})`), so that a list can
 * ask "may this user act on the row's organization" without a round trip of its own. An org is in
 * scope exactly when `canActAs` says yes for it.
 */
export function scopeOrgIdsQuery(userId: string | Placeholder, roles: readonly Role[]): SQL {
  if (roles.length === 0) return sql`SELECT NULL::uuid WHERE false`
  return sql`
      WITH RECURSIVE down(id, depth) AS (
        SELECT id, 0 FROM (${rootsQuery(userId, roles)}) roots
        UNION
        SELECT o.id, down.depth + 1 FROM organizations o JOIN down ON o.parent_id = down.id
        WHERE down.depth < 32
      )
      SELECT DISTINCT id FROM down`
}

/**
 * An organization and every live one below it, as SQL rows of `(id)` (empty when it is dissolved):
 * the park module's tree, ledger and import ask for "this committee and below" here.
 */
export function subtreeOrgIdsQuery(rootId: string | SQL): SQL {
  return sql`
    WITH RECURSIVE sub(id, depth) AS (
      SELECT id, 0 FROM organizations WHERE id = ${rootId}::uuid AND dissolved_at IS NULL
      UNION
      SELECT o.id, sub.depth + 1 FROM organizations o JOIN sub ON o.parent_id = sub.id
      WHERE o.dissolved_at IS NULL AND sub.depth < 32
    )
    SELECT id FROM sub`
}
