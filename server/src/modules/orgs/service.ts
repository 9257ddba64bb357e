import { sql } from 'drizzle-orm'
import type { Org, OrgList, OrgSearchQuery } from '../../../../src/domain/orgs'
import { rowsOf, type DbOrTx } from '../../db/client'
import { notFound } from '../../lib/errors'
import { decodeCursor, isKeyset, keysetPage } from '../../lib/paging'

/** The position after a row: its (name, id). */
const isOrgPosition = isKeyset(() => true)

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

type OrgRow = {
  id: string
  name: string
  type: Org['type']
  branch_kind: Org['branchKind']
  parent_id: string | null
  parent_name: string | null
}

const toOrg = (r: OrgRow): Org => ({ id: r.id, name: r.name, type: r.type, branchKind: r.branch_kind, parentId: r.parent_id, parentName: r.parent_name })

export async function getOrg(db: DbOrTx, id: string): Promise<Org> {
  const [row] = rowsOf<OrgRow>(
    await db.execute(sql`
      SELECT o.id, o.name, o.type, o.branch_kind, o.parent_id, p.name AS parent_name
      FROM organizations o LEFT JOIN organizations p ON p.id = o.parent_id
      WHERE o.id = ${id}::uuid AND o.dissolved_at IS NULL`),
  )
  if (!row) throw notFound('找不到这个党组织，它可能已被撤销；请重新扫描支部的二维码或按名称查找')
  return toOrg(row)
}

export async function searchOrgs(db: DbOrTx, query: OrgSearchQuery): Promise<OrgList> {
  const after = decodeCursor(query.cursor, isOrgPosition)
  const rows = rowsOf<OrgRow>(
    await db.execute(sql`
      SELECT o.id, o.name, o.type, o.branch_kind, o.parent_id, p.name AS parent_name
      FROM organizations o LEFT JOIN organizations p ON p.id = o.parent_id
      WHERE o.name ILIKE ${likePattern(query.q)} AND o.dissolved_at IS NULL
        ${after ? sql`AND (o.name, o.id) > (${after[0]}, ${after[1]}::uuid)` : sql``}
      ORDER BY o.name, o.id
      LIMIT ${query.limit + 1}`),
  )
  const { page, nextCursor } = keysetPage(rows, query.limit, (last) => [last.name, last.id])
  return { items: page.map(toOrg), nextCursor }
}
