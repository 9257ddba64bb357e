import { sql } from 'drizzle-orm'
import type { Org, OrgList, OrgSearchQuery } from '../../../../src/domain/orgs'
import { rowsOf, type DbOrTx } from '../../db/client'
import { AppError } from '../../lib/errors'
import { ErrorCodes } from '../../../../src/domain/errors'

/** Opaque keyset cursor: the (name, id) of the last row returned. */
function encodeCursor(name: string, id: string): string {
  return Buffer.from(JSON.stringify([name, id])).toString('base64url')
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1])) {
      return [v[0], v[1]]
    }
  } catch {
    // fall through
  }
  throw new AppError(400, ErrorCodes.VALIDATION_FAILED, '分页参数 cursor 无效，请从第一页重新加载')
}

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
      WHERE o.id = ${id}::uuid`),
  )
  if (!row) throw new AppError(404, ErrorCodes.NOT_FOUND, '找不到这个党组织，它可能已被撤销；请重新扫描支部的二维码或按名称查找')
  return toOrg(row)
}

export async function searchOrgs(db: DbOrTx, query: OrgSearchQuery): Promise<OrgList> {
  const after = query.cursor ? decodeCursor(query.cursor) : null
  const rows = rowsOf<OrgRow>(
    await db.execute(sql`
      SELECT o.id, o.name, o.type, o.branch_kind, o.parent_id, p.name AS parent_name
      FROM organizations o LEFT JOIN organizations p ON p.id = o.parent_id
      WHERE o.name ILIKE ${likePattern(query.q)}
        ${after ? sql`AND (o.name, o.id) > (${after[0]}, ${after[1]}::uuid)` : sql``}
      ORDER BY o.name, o.id
      LIMIT ${query.limit + 1}`),
  )
  const page = rows.slice(0, query.limit)
  const last = page[page.length - 1]
  return {
    items: page.map(toOrg),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.name, last.id) : null,
  }
}
