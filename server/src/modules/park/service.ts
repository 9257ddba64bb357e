import { and, eq, isNull, sql, type SQL } from 'drizzle-orm'
import { ErrorCodes } from '../../../../src/domain/errors'
import type { BranchKind, OrgType, Role } from '../../../../src/domain/enums'
import {
  CHILD_TYPES,
  COVERAGES,
  COVERAGE_DEFINITIONS,
  INVITATION_DAYS,
  INVITE_ROLE_LABELS,
  LEDGER_ITEMS_LIMIT,
  OWN_BRANCH_FULL_MEMBERS,
  coverageOf,
  orgWarnings,
  rate,
  type Appointment,
  type Coverage,
  type Enterprise,
  type EnterpriseInputSchema,
  type Invitation,
  type InvitationCreateSchema,
  type InvitationPreview,
  type InvitationStatus,
  type Ledger,
  type LedgerQuerySchema,
  type OrgCreateSchema,
  type OrgUpdateSchema,
  type TreeNode,
} from '../../../../src/domain/park'
import type { ParkSummary } from '../../../../src/domain/park-summary'
import { DAY_MS } from '../../../../src/domain/time'
import type { z } from 'zod'
import { isUniqueViolation, rowsOf, type Db, type DbOrTx } from '../../db/client'
import { enterpriseAssignments, enterprises, invitations, organizations, roleAssignments } from '../../db/schema'
import { conflict, forbidden, gone, invalidField, notFound } from '../../lib/errors'
import type { SignedIdCodes } from '../../lib/signedcode'
import { audit } from '../../plugins/audit'
import { canActAs, scopeOrgIdsQuery, subtreeOrgIdsQuery } from '../scope/service'

/**
 * 园区党委的工作: the organization tree, the enterprise ledger (两个覆盖) and appointments by
 * invitation. Every write checks the admin's scope (scope service) and is audited in its own
 * transaction; every rule answers with a 4xx that says what to do.
 */
export interface ParkDeps {
  db: Db
  now: () => Date
  /** Signs invitation codes (purpose `invitation/v1`). */
  codes: SignedIdCodes
}

const ADMIN = ['admin'] as const satisfies readonly Role[]
const OVERSEERS = ['admin', 'instructor'] as const satisfies readonly Role[]

type OrgRow = { id: string; name: string; type: OrgType; branch_kind: BranchKind | null; parent_id: string | null; formed_at: Date | string | null; dissolved_at: Date | string | null }

async function loadOrg(db: DbOrTx, id: string, lock = false): Promise<OrgRow | null> {
  const [row] = rowsOf<OrgRow>(
    await db.execute(
      sql`SELECT id, name, type, branch_kind, parent_id, formed_at, dissolved_at FROM organizations WHERE id = ${id}::uuid ${lock ? sql`FOR UPDATE` : sql``}`,
    ),
  )
  return row ?? null
}

/** The org, alive, if the user is an admin of it or above; else the same 404 as for an id that does not exist. */
async function adminOrg(db: DbOrTx, userId: string, id: string, lock = false): Promise<OrgRow> {
  const org = await loadOrg(db, id, lock)
  if (!org || org.dissolved_at || !(await canActAs(db, userId, ADMIN, id))) throw notFound('找不到这个组织，或它不在你管理的范围内')
  return org
}

// ── The tree ────────────────────────────────────────────────────────────────

type NodeRow = OrgRow & { depth: number; members: number; full_members: number; enterprises: number; manage: boolean }

async function nodes(db: DbOrTx, userId: string, rootId: string, onlyId: string | null = null): Promise<TreeNode[]> {
  const rows = rowsOf<NodeRow>(
    await db.execute(sql`
      WITH RECURSIVE sub(id, depth, path) AS (
        SELECT id, 0, ARRAY[name] FROM organizations WHERE id = ${rootId}::uuid AND dissolved_at IS NULL
        UNION ALL
        SELECT o.id, sub.depth + 1, sub.path || o.name FROM organizations o JOIN sub ON o.parent_id = sub.id
        WHERE o.dissolved_at IS NULL AND sub.depth < 32
      ),
      admin_scope AS (${scopeOrgIdsQuery(userId, ADMIN)})
      SELECT o.id, o.name, o.type, o.branch_kind, o.parent_id, o.formed_at, o.dissolved_at, sub.depth,
        (SELECT count(*)::int FROM members m WHERE m.branch_id = o.id AND m.status = 'active') AS members,
        (SELECT count(*)::int FROM members m WHERE m.branch_id = o.id AND m.status = 'active' AND m.member_type = 'full') AS full_members,
        (SELECT count(*)::int FROM enterprises e WHERE e.branch_id = o.id) AS enterprises,
        (o.parent_id IS NOT NULL AND o.parent_id IN (SELECT id FROM admin_scope)) AS manage
      FROM sub JOIN organizations o ON o.id = sub.id
      ${onlyId ? sql`WHERE o.id = ${onlyId}::uuid` : sql``}
      ORDER BY sub.path`),
  )
  return rows.map((r) => {
    const facts = { type: r.type, branchKind: r.branch_kind, formed: r.formed_at !== null, fullMembers: r.full_members, enterprises: r.enterprises }
    return {
      id: r.id,
      name: r.name,
      type: r.type,
      branchKind: r.branch_kind,
      parentId: r.parent_id,
      depth: r.depth,
      formed: facts.formed,
      members: r.members,
      fullMembers: r.full_members,
      enterprises: r.enterprises,
      warnings: orgWarnings(facts),
      canManage: r.manage,
    }
  })
}

/** The tree below `rootId` for its admins and instructors (instructors read only). */
export async function getTree(db: DbOrTx, userId: string, rootId: string): Promise<{ items: TreeNode[]; canAdmin: boolean }> {
  const org = await loadOrg(db, rootId)
  if (!org || org.dissolved_at || !(await canActAs(db, userId, OVERSEERS, rootId))) throw notFound('找不到这个组织，或它不在你管理的范围内')
  return { items: await nodes(db, userId, rootId), canAdmin: await canActAs(db, userId, ADMIN, rootId) }
}

async function node(db: DbOrTx, userId: string, id: string): Promise<TreeNode> {
  const [n] = await nodes(db, userId, id)
  return n
}

async function nameTaken(db: DbOrTx, parentId: string, name: string, except: string | null = null): Promise<boolean> {
  const rows = rowsOf<{ id: string }>(
    await db.execute(sql`
      SELECT id FROM organizations WHERE parent_id = ${parentId}::uuid AND name = ${name} AND dissolved_at IS NULL
      ${except ? sql`AND id <> ${except}::uuid` : sql``} LIMIT 1`),
  )
  return rows.length > 0
}

function childTypeProblem(parent: OrgRow, type: OrgType): string | null {
  if (CHILD_TYPES[parent.type].includes(type)) return null
  if (parent.type === 'branch') return '党支部下面不能再设组织，请选择党委或党总支作为上级'
  return '党总支下面只能设党支部'
}

export async function createOrg(deps: ParkDeps, userId: string, body: z.output<typeof OrgCreateSchema>): Promise<TreeNode> {
  return deps.db.transaction(async (tx) => {
    const parent = await adminOrg(tx, userId, body.parentId, true)
    const problem = childTypeProblem(parent, body.type)
    if (problem) throw invalidField('type', problem)
    if (await nameTaken(tx, parent.id, body.name)) throw conflict(`「${parent.name}」下已经有名为「${body.name}」的组织`, ErrorCodes.ORG_NAME_TAKEN)
    const [o] = await tx
      .insert(organizations)
      .values({ name: body.name, type: body.type, branchKind: body.branchKind, parentId: parent.id })
      .returning({ id: organizations.id })
    await audit(tx, { actorId: userId, action: 'org.create', targetType: 'organization', targetId: o.id, details: { ...body } })
    return node(tx, userId, o.id)
  })
}

/** The org `id` if the user may manage it: an admin strictly above it (nobody renames their own top). */
async function manageable(tx: DbOrTx, userId: string, id: string): Promise<OrgRow> {
  const org = await loadOrg(tx, id, true)
  if (!org || org.dissolved_at || !org.parent_id || !(await canActAs(tx, userId, ADMIN, org.parent_id))) {
    // An admin of the org itself (not above it) gets the truth; anyone else learns nothing.
    if (org && !org.dissolved_at && (await canActAs(tx, userId, ADMIN, id))) throw forbidden('只有上级党委的管理员可以修改、移动或撤销这个组织')
    throw notFound('找不到这个组织，或它不在你管理的范围内')
  }
  return org
}

export async function updateOrg(deps: ParkDeps, userId: string, id: string, body: z.output<typeof OrgUpdateSchema>): Promise<TreeNode> {
  return deps.db.transaction(async (tx) => {
    const org = await manageable(tx, userId, id)
    const parentId = body.parentId ?? org.parent_id!
    if (body.parentId !== undefined && body.parentId !== org.parent_id) {
      const parent = await adminOrg(tx, userId, body.parentId, true)
      const inside = rowsOf<{ id: string }>(await tx.execute(sql`${subtreeOrgIdsQuery(id)}`)).some((r) => r.id === parent.id)
      if (inside) throw conflict(`不能把「${org.name}」移到它自己或它下级的组织下面`, ErrorCodes.ORG_CYCLE)
      const problem = childTypeProblem(parent, org.type)
      if (problem) throw invalidField('parentId', problem)
      await tx.update(organizations).set({ parentId: parent.id }).where(eq(organizations.id, id))
      await audit(tx, { actorId: userId, action: 'org.move', targetType: 'organization', targetId: id, details: { from: org.parent_id, to: parent.id } })
    }
    if (body.name !== undefined && body.name !== org.name) {
      if (await nameTaken(tx, parentId, body.name, id)) throw conflict(`同一上级下已经有名为「${body.name}」的组织`, ErrorCodes.ORG_NAME_TAKEN)
      await tx.update(organizations).set({ name: body.name }).where(eq(organizations.id, id))
      await audit(tx, { actorId: userId, action: 'org.rename', targetType: 'organization', targetId: id, details: { from: org.name, to: body.name } })
    }
    if (body.formed !== undefined && body.formed !== (org.formed_at !== null)) {
      if (org.type !== 'branch') throw invalidField('formed', '只有党支部有“已组建”的标记')
      await tx.update(organizations).set({ formedAt: body.formed ? deps.now() : null }).where(eq(organizations.id, id))
      await audit(tx, { actorId: userId, action: body.formed ? 'org.formed' : 'org.unformed', targetType: 'organization', targetId: id })
    }
    return node(tx, userId, id)
  })
}

export async function dissolveOrg(deps: ParkDeps, userId: string, id: string): Promise<{ id: string; dissolved: true }> {
  return deps.db.transaction(async (tx) => {
    const org = await manageable(tx, userId, id)
    const [{ members, children }] = rowsOf<{ members: number; children: number }>(
      await tx.execute(sql`
        SELECT (SELECT count(*)::int FROM members WHERE branch_id = ${id}::uuid AND status = 'active') AS members,
               (SELECT count(*)::int FROM organizations WHERE parent_id = ${id}::uuid AND dissolved_at IS NULL) AS children`),
    )
    if (members > 0) throw conflict(`「${org.name}」还有 ${members} 名党员，请先为他们办理组织关系转接，再撤销`, ErrorCodes.ORG_HAS_MEMBERS)
    if (children > 0) throw conflict(`「${org.name}」下还有 ${children} 个组织，请先撤销或移走它们`, ErrorCodes.ORG_HAS_CHILDREN)
    const now = deps.now()
    await tx.update(organizations).set({ dissolvedAt: now }).where(eq(organizations.id, id))
    // Its roles end with it (the next request of every holder sees the change) …
    const removed = await tx.delete(roleAssignments).where(eq(roleAssignments.orgId, id)).returning()
    for (const r of removed) {
      await audit(tx, { actorId: userId, action: 'role.remove', targetType: 'role_assignment', targetId: r.id, details: { userId: r.userId, role: r.role, orgId: id, reason: 'org.dissolve' } })
    }
    // … its enterprises lose their organizational coverage, and its open invitations stop working.
    const freed = await tx.update(enterprises).set({ branchId: null }).where(eq(enterprises.branchId, id)).returning({ id: enterprises.id })
    await tx.update(invitations).set({ revokedAt: now }).where(and(eq(invitations.orgId, id), isNull(invitations.acceptedBy), isNull(invitations.revokedAt)))
    await audit(tx, { actorId: userId, action: 'org.dissolve', targetType: 'organization', targetId: id, details: { name: org.name, rolesRemoved: removed.length, enterprisesFreed: freed.length } })
    return { id, dissolved: true as const }
  })
}

// ── Enterprises and the ledger ──────────────────────────────────────────────

type EntRow = {
  id: string
  name: string
  credit_code: string
  type: Enterprise['type']
  industry: string
  address: string
  employee_count: number
  org_id: string
  org_name: string
  branch_id: string | null
  branch_name: string | null
  branch_kind: BranchKind | null
  instructors: string[] | null
  members: number
  full_members: number
  unclaimed: number
}

function toEnterprise(r: EntRow): Enterprise {
  const instructors = r.instructors ?? []
  const coverage = coverageOf(r.branch_kind, instructors.length > 0)
  return {
    id: r.id,
    name: r.name,
    creditCode: r.credit_code,
    type: r.type,
    industry: r.industry,
    address: r.address,
    employeeCount: r.employee_count,
    orgId: r.org_id,
    orgName: r.org_name,
    branchId: r.branch_id,
    branchName: r.branch_name,
    branchKind: r.branch_kind,
    coverage,
    instructors,
    members: r.members,
    fullMembers: r.full_members,
    unclaimed: r.unclaimed,
    shouldFormBranch: r.full_members >= OWN_BRANCH_FULL_MEMBERS && coverage !== 'own',
  }
}

function enterpriseRows(where: SQL): SQL {
  return sql`
    SELECT e.id, e.name, e.credit_code, e.type, e.industry, e.address, e.employee_count, e.org_id, org.name AS org_name,
      e.branch_id, b.name AS branch_name, b.branch_kind,
      (SELECT array_agg(COALESCE(ea.holder_name, NULLIF(u.nickname, ''), '指导员') ORDER BY ea.created_at) FROM enterprise_assignments ea JOIN users u ON u.id = ea.user_id
        WHERE ea.enterprise_id = e.id) AS instructors,
      (SELECT count(*)::int FROM members m WHERE m.enterprise_id = e.id AND m.status = 'active')
        + (SELECT count(*)::int FROM ledger_members lm WHERE lm.enterprise_id = e.id AND lm.member_id IS NULL) AS members,
      (SELECT count(*)::int FROM members m WHERE m.enterprise_id = e.id AND m.status = 'active' AND m.member_type = 'full')
        + (SELECT count(*)::int FROM ledger_members lm WHERE lm.enterprise_id = e.id AND lm.member_id IS NULL AND lm.member_type = 'full') AS full_members,
      (SELECT count(*)::int FROM ledger_members lm WHERE lm.enterprise_id = e.id AND lm.member_id IS NULL) AS unclaimed
    FROM enterprises e JOIN organizations org ON org.id = e.org_id LEFT JOIN organizations b ON b.id = e.branch_id
    WHERE ${where}
    ORDER BY e.name, e.id`
}

/** What an instructor was given: their enterprises, and those under the branches they cover. */
function instructorSees(userId: string): SQL {
  return sql`(e.id IN (SELECT enterprise_id FROM enterprise_assignments WHERE user_id = ${userId}::uuid)
    OR e.branch_id IN (${scopeOrgIdsQuery(userId, ['instructor'])}))`
}

/**
 * Which enterprises of `orgId`'s ledger the user sees, as a condition on `e`: all of them for an
 * admin of it; for anyone else those assigned to them as instructor (none: the ledger is not theirs).
 */
async function ledgerFilter(db: DbOrTx, userId: string, orgId: string): Promise<{ org: OrgRow; isAdmin: boolean; where: SQL }> {
  const org = await loadOrg(db, orgId)
  if (!org || org.dissolved_at) throw notFound('找不到这个党委，或它不在你管理的范围内')
  const isAdmin = await canActAs(db, userId, ADMIN, org.id)
  const inTree = sql`(e.org_id IN (${subtreeOrgIdsQuery(org.id)}) OR e.branch_id IN (${subtreeOrgIdsQuery(org.id)}))`
  return { org, isAdmin, where: isAdmin ? inTree : sql`${inTree} AND ${instructorSees(userId)}` }
}

export async function getLedger(db: DbOrTx, userId: string, query: z.output<typeof LedgerQuerySchema>): Promise<Ledger> {
  const { org, isAdmin, where } = await ledgerFilter(db, userId, query.orgId)
  const rows = rowsOf<EntRow>(await db.execute(enterpriseRows(where)))
  if (!isAdmin && rows.length === 0 && !(await canActAs(db, userId, OVERSEERS, org.id))) {
    throw notFound('找不到这个党委，或它不在你管理的范围内')
  }
  const all = rows.map(toEnterprise)
  const byCoverage = Object.fromEntries(COVERAGES.map((c) => [c, 0])) as Record<Coverage, number>
  for (const e of all) byCoverage[e.coverage]++
  const orgCovered = byCoverage.own + byCoverage.joint
  const q = query.q.toLowerCase()
  const items = all.filter(
    (e) =>
      (!query.coverage || (query.coverage === 'should_form' ? e.shouldFormBranch : e.coverage === query.coverage)) &&
      (!q || e.name.toLowerCase().includes(q) || e.creditCode.toLowerCase().includes(q)),
  )
  return {
    orgId: org.id,
    orgName: org.name,
    figures: {
      enterprises: all.length,
      byCoverage,
      shouldFormBranch: all.filter((e) => e.shouldFormBranch).length,
      members: all.reduce((n, e) => n + e.members, 0),
      orgCoverageRate: rate(orgCovered, all.length),
      workCoverageRate: rate(orgCovered + byCoverage.instructor, all.length),
    },
    definitions: { ...COVERAGE_DEFINITIONS },
    matched: items.length,
    items: items.slice(0, LEDGER_ITEMS_LIMIT),
  }
}

export async function getEnterprise(db: DbOrTx, userId: string, id: string): Promise<Enterprise> {
  const [row] = rowsOf<EntRow>(await db.execute(enterpriseRows(sql`e.id = ${id}::uuid`)))
  const visible =
    row &&
    ((await canActAs(db, userId, ADMIN, row.org_id)) ||
      (row.branch_id !== null && (await canActAs(db, userId, OVERSEERS, row.branch_id))) ||
      rowsOf(await db.execute(sql`SELECT 1 FROM enterprise_assignments WHERE user_id = ${userId}::uuid AND enterprise_id = ${id}::uuid`)).length > 0)
  if (!visible) throw notFound('找不到这家企业，或它不在你管理的范围内')
  return toEnterprise(row)
}

/** The ledger's org (a committee or 党总支 the user administers) and, if given, a branch inside it. */
async function placement(tx: DbOrTx, userId: string, orgId: string, branchId: string | null) {
  const org = await adminOrg(tx, userId, orgId)
  if (org.type === 'branch') throw invalidField('orgId', '企业登记在党委或党总支的台账里，请选择党委或党总支')
  if (branchId) {
    const inside = rowsOf<{ id: string }>(await tx.execute(subtreeOrgIdsQuery(org.id))).some((r) => r.id === branchId)
    const branch = inside ? await loadOrg(tx, branchId) : null
    if (!branch || branch.type !== 'branch') throw invalidField('branchId', `所选党支部不在「${org.name}」下，请重新选择`)
  }
  return org
}

async function creditCodeOwner(tx: DbOrTx, code: string, except: string | null): Promise<string | null> {
  const [row] = rowsOf<{ name: string }>(
    await tx.execute(sql`SELECT name FROM enterprises WHERE credit_code = ${code} ${except ? sql`AND id <> ${except}::uuid` : sql``}`),
  )
  return row?.name ?? null
}

const creditCodeTaken = (name: string) => conflict(`这个统一社会信用代码已登记为「${name}」，请勿重复登记`, ErrorCodes.CREDIT_CODE_TAKEN)

export async function createEnterprise(deps: ParkDeps, userId: string, body: z.output<typeof EnterpriseInputSchema>): Promise<Enterprise> {
  return deps.db.transaction(async (tx) => {
    await placement(tx, userId, body.orgId, body.branchId)
    const owner = await creditCodeOwner(tx, body.creditCode, null)
    if (owner) throw creditCodeTaken(owner)
    let id: string
    try {
      ;[{ id }] = await tx.transaction(async (sp) => sp.insert(enterprises).values(body).returning({ id: enterprises.id }))
    } catch (err) {
      // Two registrations of one code at the same moment: the loser reads what the winner wrote.
      if (isUniqueViolation(err, 'enterprises_credit_code_unique')) throw creditCodeTaken(body.name)
      throw err
    }
    await audit(tx, { actorId: userId, action: 'enterprise.create', targetType: 'enterprise', targetId: id, details: { ...body } })
    return getEnterprise(tx, userId, id)
  })
}

export async function updateEnterprise(deps: ParkDeps, userId: string, id: string, body: z.output<typeof EnterpriseInputSchema>): Promise<Enterprise> {
  return deps.db.transaction(async (tx) => {
    const [old] = await tx.select().from(enterprises).where(eq(enterprises.id, id)).for('update')
    if (!old || !(await canActAs(tx, userId, ADMIN, old.orgId))) throw notFound('找不到这家企业，或它不在你管理的范围内')
    await placement(tx, userId, body.orgId, body.branchId)
    const owner = await creditCodeOwner(tx, body.creditCode, id)
    if (owner) throw creditCodeTaken(owner)
    await tx.update(enterprises).set(body).where(eq(enterprises.id, id))
    const changed = Object.fromEntries(
      (Object.keys(body) as (keyof typeof body)[]).filter((k) => body[k] !== old[k]).map((k) => [k, { from: old[k], to: body[k] }]),
    )
    await audit(tx, { actorId: userId, action: 'enterprise.update', targetType: 'enterprise', targetId: id, details: changed })
    return getEnterprise(tx, userId, id)
  })
}

// ── Invitations ─────────────────────────────────────────────────────────────

type InvRow = {
  id: string
  org_id: string
  org_name: string
  role: Role
  title: string | null
  invitee_name: string
  targets: { branchIds: string[]; enterpriseIds: string[] }
  created_at: Date | string
  expires_at: Date | string
  accepted_by: string | null
  accepted_at: Date | string | null
  accepted_by_name: string | null
  revoked_at: Date | string | null
  org_dissolved: boolean
  covers: string[] | null
}

const iso = (d: Date | string) => new Date(d).toISOString()

function statusOf(r: InvRow, now: Date): InvitationStatus {
  if (r.accepted_by) return 'accepted'
  if (r.revoked_at || r.org_dissolved) return 'revoked'
  return new Date(r.expires_at).getTime() <= now.getTime() ? 'expired' : 'pending'
}

function invitationRows(where: SQL): SQL {
  return sql`
    SELECT i.id, i.org_id, o.name AS org_name, i.role, i.title, i.invitee_name, i.targets, i.created_at, i.expires_at,
      i.accepted_by, i.accepted_at, i.invitee_name AS accepted_by_name, i.revoked_at,
      (o.dissolved_at IS NOT NULL) AS org_dissolved,
      ARRAY(
        SELECT name FROM organizations WHERE id IN (SELECT jsonb_array_elements_text(i.targets->'branchIds')::uuid)
        UNION ALL
        SELECT name FROM enterprises WHERE id IN (SELECT jsonb_array_elements_text(i.targets->'enterpriseIds')::uuid)
      ) AS covers
    FROM invitations i JOIN organizations o ON o.id = i.org_id LEFT JOIN users u ON u.id = i.accepted_by
    WHERE ${where}`
}

function toInvitation(r: InvRow, now: Date, codes: SignedIdCodes): Invitation {
  const status = statusOf(r, now)
  return {
    id: r.id,
    role: r.role as Invitation['role'],
    title: r.title as Invitation['title'],
    orgId: r.org_id,
    orgName: r.org_name,
    inviteeName: r.invitee_name,
    covers: r.covers ?? [],
    status,
    expiresAt: iso(r.expires_at),
    createdAt: iso(r.created_at),
    acceptedAt: r.accepted_at ? iso(r.accepted_at) : null,
    acceptedByName: r.accepted_by ? r.accepted_by_name : null,
    link: null,
    code: status === 'pending' ? codes.sign(r.id, 0) : null,
  }
}

async function instructorTargets(tx: DbOrTx, org: OrgRow, branchIds: string[], enterpriseIds: string[]) {
  const sub = new Set(rowsOf<{ id: string }>(await tx.execute(subtreeOrgIdsQuery(org.id))).map((r) => r.id))
  for (const b of branchIds) {
    const branch = sub.has(b) ? await loadOrg(tx, b) : null
    if (!branch || branch.type !== 'branch') throw invalidField('branchIds', `所选党支部不在「${org.name}」下，请重新选择`)
  }
  if (enterpriseIds.length > 0) {
    const found = rowsOf<{ id: string; org_id: string; branch_id: string | null }>(
      await tx.execute(sql`SELECT id, org_id, branch_id FROM enterprises WHERE id IN (${sql.join(enterpriseIds.map((e) => sql`${e}::uuid`), sql`, `)})`),
    )
    for (const e of enterpriseIds) {
      const row = found.find((f) => f.id === e)
      if (!row || !(sub.has(row.org_id) || (row.branch_id && sub.has(row.branch_id)))) {
        throw invalidField('enterpriseIds', `所选企业不在「${org.name}」的台账里，请重新选择`)
      }
    }
  }
}

export async function createInvitation(deps: ParkDeps, userId: string, body: z.output<typeof InvitationCreateSchema>): Promise<Invitation> {
  return deps.db.transaction(async (tx) => {
    const org = await adminOrg(tx, userId, body.orgId)
    if (body.role === 'secretary' && org.type !== 'branch') throw invalidField('orgId', '支部书记要任命到党支部，请选择一个党支部')
    if (body.role !== 'secretary' && org.type === 'branch') throw invalidField('orgId', `${INVITE_ROLE_LABELS[body.role]}要任命到党委或党总支`)
    const branchIds = [...new Set(body.branchIds)]
    const enterpriseIds = [...new Set(body.enterpriseIds)]
    if (body.role === 'instructor') await instructorTargets(tx, org, branchIds, enterpriseIds)
    const now = deps.now()
    const [row] = await tx
      .insert(invitations)
      .values({
        orgId: org.id,
        role: body.role,
        title: body.title,
        inviteeName: body.inviteeName,
        targets: { branchIds, enterpriseIds },
        createdBy: userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * DAY_MS),
      })
      .returning({ id: invitations.id })
    await audit(tx, {
      actorId: userId,
      action: 'invitation.create',
      targetType: 'invitation',
      targetId: row.id,
      details: { orgId: org.id, role: body.role, title: body.title, inviteeName: body.inviteeName, branchIds, enterpriseIds },
    })
    const [inv] = rowsOf<InvRow>(await tx.execute(invitationRows(sql`i.id = ${row.id}::uuid`)))
    return toInvitation(inv, now, deps.codes)
  })
}

export async function listInvitations(deps: ParkDeps, userId: string, orgId: string): Promise<{ items: Invitation[]; nextCursor: null }> {
  await adminOrg(deps.db, userId, orgId)
  const rows = rowsOf<InvRow>(
    await deps.db.execute(sql`${invitationRows(sql`i.org_id IN (${subtreeOrgIdsQuery(orgId)})`)} ORDER BY i.created_at DESC, i.id LIMIT 100`),
  )
  const now = deps.now()
  return { items: rows.map((r) => toInvitation(r, now, deps.codes)), nextCursor: null }
}

export async function revokeInvitation(deps: ParkDeps, userId: string, id: string): Promise<Invitation> {
  return deps.db.transaction(async (tx) => {
    const [inv] = rowsOf<InvRow>(await tx.execute(sql`${invitationRows(sql`i.id = ${id}::uuid`)} FOR UPDATE OF i`))
    if (!inv || !(await canActAs(tx, userId, ADMIN, inv.org_id))) throw notFound('找不到这份任命邀请')
    const now = deps.now()
    if (statusOf(inv, now) !== 'pending') throw conflict('这份邀请已被接受、已过期或已撤回，不能再撤回', ErrorCodes.INVITATION_USED)
    await tx.update(invitations).set({ revokedAt: now }).where(eq(invitations.id, id))
    await audit(tx, { actorId: userId, action: 'invitation.revoke', targetType: 'invitation', targetId: id })
    return toInvitation({ ...inv, revoked_at: now }, now, deps.codes)
  })
}

const INVALID_INVITATION = '这个任命邀请无效：链接不完整或已损坏，请向发出邀请的管理员重新索取'

async function openInvitation(db: DbOrTx, codes: SignedIdCodes, code: string, lock = false): Promise<InvRow> {
  const opened = codes.open(code)
  const [inv] = opened ? rowsOf<InvRow>(await db.execute(sql`${invitationRows(sql`i.id = ${opened.id}::uuid`)} ${lock ? sql`FOR UPDATE OF i` : sql``}`)) : []
  if (!inv) throw notFound(INVALID_INVITATION, ErrorCodes.INVITATION_INVALID)
  return inv
}

export async function previewInvitation(deps: ParkDeps, userId: string, code: string): Promise<InvitationPreview> {
  const inv = await openInvitation(deps.db, deps.codes, code)
  return {
    role: inv.role as InvitationPreview['role'],
    roleLabel: inv.title ?? INVITE_ROLE_LABELS[inv.role as InvitationPreview['role']],
    title: inv.title as InvitationPreview['title'],
    orgName: inv.org_name,
    inviteeName: inv.invitee_name,
    covers: inv.covers ?? [],
    status: statusOf(inv, deps.now()),
    expiresAt: iso(inv.expires_at),
    acceptedByYou: inv.accepted_by === userId,
  }
}

/**
 * Accepts for the signed-in account. Bound to the first account that accepts: the row is locked,
 * so of two accepts at the same moment one wins and the other reads INVITATION_USED.
 * Accepting again with the same account answers as the first time.
 */
export async function acceptInvitation(deps: ParkDeps, userId: string, code: string): Promise<InvitationPreview> {
  await deps.db.transaction(async (tx) => {
    const inv = await openInvitation(tx, deps.codes, code, true)
    const now = deps.now()
    if (inv.accepted_by === userId) return
    const status = statusOf(inv, now)
    if (status === 'accepted') throw conflict('这份任命邀请已被其他微信账号接受；如果不是你本人，请联系发出邀请的管理员', ErrorCodes.INVITATION_USED)
    if (status === 'revoked') throw gone('这份任命邀请已被撤回（或所在组织已撤销），请联系管理员重新邀请', ErrorCodes.INVITATION_REVOKED)
    if (status === 'expired') throw gone(`这份任命邀请已过期（有效期 ${INVITATION_DAYS} 天），请联系管理员重新邀请`, ErrorCodes.INVITATION_EXPIRED)
    await tx.update(invitations).set({ acceptedBy: userId, acceptedAt: now }).where(eq(invitations.id, inv.id))
    const grants: { orgId: string; role: Role }[] =
      inv.role === 'instructor' ? inv.targets.branchIds.map((b) => ({ orgId: b, role: 'instructor' as const })) : [{ orgId: inv.org_id, role: inv.role }]
    for (const g of grants) {
      const [ra] = await tx
        .insert(roleAssignments)
        .values({ userId, orgId: g.orgId, role: g.role, title: inv.title, holderName: inv.invitee_name })
        .onConflictDoUpdate({ target: [roleAssignments.userId, roleAssignments.orgId, roleAssignments.role], set: { title: inv.title, holderName: inv.invitee_name } })
        .returning({ id: roleAssignments.id })
      await audit(tx, { actorId: userId, action: 'role.grant', targetType: 'role_assignment', targetId: ra.id, details: { ...g, title: inv.title, invitationId: inv.id } })
    }
    for (const e of inv.targets.enterpriseIds) {
      const [ea] = await tx
        .insert(enterpriseAssignments)
        .values({ userId, enterpriseId: e, orgId: inv.org_id, holderName: inv.invitee_name })
        .onConflictDoNothing()
        .returning({ id: enterpriseAssignments.id })
      if (ea) await audit(tx, { actorId: userId, action: 'enterprise.assign', targetType: 'enterprise_assignment', targetId: ea.id, details: { enterpriseId: e, invitationId: inv.id } })
    }
    await audit(tx, { actorId: userId, action: 'invitation.accept', targetType: 'invitation', targetId: inv.id })
  })
  return previewInvitation(deps, userId, code)
}

// ── Appointments ────────────────────────────────────────────────────────────

export async function listAppointments(db: DbOrTx, userId: string, orgId: string): Promise<{ items: Appointment[] }> {
  await adminOrg(db, userId, orgId)
  const rows = rowsOf<{ id: string; user_id: string; name: string; role: Role; title: string | null; org_id: string; org_name: string; since: Date | string; parent_id: string | null; kind: 'role' | 'enterprise'; removable: boolean }>(
    await db.execute(sql`
      WITH sub AS (${subtreeOrgIdsQuery(orgId)}), mine AS (${scopeOrgIdsQuery(userId, ADMIN)})
      SELECT ra.id, ra.user_id, COALESCE(ra.holder_name, NULLIF(u.nickname, ''), '未命名') AS name, ra.role, ra.title, ra.org_id, o.name AS org_name, ra.created_at AS since,
        o.parent_id, 'role' AS kind, ra.org_id IN (SELECT id FROM mine) AS removable
      FROM role_assignments ra JOIN organizations o ON o.id = ra.org_id JOIN users u ON u.id = ra.user_id
      WHERE ra.org_id IN (SELECT id FROM sub)
      UNION ALL
      SELECT ea.id, ea.user_id, COALESCE(ea.holder_name, NULLIF(u.nickname, ''), '未命名'), 'instructor', NULL, ea.org_id, e.name, ea.created_at,
        NULL, 'enterprise', ea.org_id IN (SELECT id FROM mine)
      FROM enterprise_assignments ea JOIN enterprises e ON e.id = ea.enterprise_id JOIN users u ON u.id = ea.user_id
      WHERE ea.org_id IN (SELECT id FROM sub)
      ORDER BY since DESC`),
  )
  return {
    items: rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      name: r.name,
      role: r.role as Appointment['role'],
      title: r.title,
      orgId: r.org_id,
      orgName: r.org_name,
      since: iso(r.since),
      canRemove: r.removable,
    })),
  }
}

export async function removeAppointment(deps: ParkDeps, userId: string, id: string): Promise<{ id: string; removed: true }> {
  return deps.db.transaction(async (tx) => {
    const [ra] = await tx.select().from(roleAssignments).where(eq(roleAssignments.id, id)).for('update')
    if (ra) {
      if (!(await canActAs(tx, userId, ADMIN, ra.orgId))) throw notFound('找不到这项任命，或它不在你管理的范围内')
      if (ra.role === 'admin') {
        const org = await loadOrg(tx, ra.orgId)
        // Lock the top committee's admin rows, so that two admins removing each other cannot both succeed.
        const admins = rowsOf<{ id: string }>(await tx.execute(sql`SELECT id FROM role_assignments WHERE org_id = ${ra.orgId}::uuid AND role = 'admin' FOR UPDATE`))
        if (org && org.parent_id === null && admins.length <= 1) {
          throw conflict('你是最上级党委唯一的管理员，不能移除；请先任命另一名管理员，再由他移除你', ErrorCodes.LAST_ADMIN)
        }
      }
      await tx.delete(roleAssignments).where(eq(roleAssignments.id, id))
      await audit(tx, { actorId: userId, action: 'role.remove', targetType: 'role_assignment', targetId: id, details: { userId: ra.userId, role: ra.role, orgId: ra.orgId } })
      return { id, removed: true as const }
    }
    const [ea] = await tx.select().from(enterpriseAssignments).where(eq(enterpriseAssignments.id, id)).for('update')
    if (!ea || !(await canActAs(tx, userId, ADMIN, ea.orgId))) throw notFound('找不到这项任命，或它不在你管理的范围内')
    await tx.delete(enterpriseAssignments).where(eq(enterpriseAssignments.id, id))
    await audit(tx, { actorId: userId, action: 'enterprise.unassign', targetType: 'enterprise_assignment', targetId: id, details: { userId: ea.userId, enterpriseId: ea.enterpriseId } })
    return { id, removed: true as const }
  })
}

// ── Admin home ──────────────────────────────────────────────────────────────

export async function parkSummary(deps: ParkDeps, userId: string): Promise<ParkSummary> {
  const held = rowsOf<{ org_id: string; org_name: string; parent_id: string | null; role: 'admin' | 'instructor' }>(
    await deps.db.execute(sql`
      SELECT ra.org_id, o.name AS org_name, o.parent_id, 'admin' AS role FROM role_assignments ra JOIN organizations o ON o.id = ra.org_id
      WHERE ra.user_id = ${userId}::uuid AND ra.role = 'admin' AND o.dissolved_at IS NULL
      UNION
      SELECT ea.org_id, o.name, o.parent_id, 'instructor' FROM enterprise_assignments ea JOIN organizations o ON o.id = ea.org_id WHERE ea.user_id = ${userId}::uuid
      UNION
      SELECT p.id, p.name, p.parent_id, 'instructor' FROM role_assignments ra JOIN organizations o ON o.id = ra.org_id JOIN organizations p ON p.id = o.parent_id
      WHERE ra.user_id = ${userId}::uuid AND ra.role = 'instructor' AND o.dissolved_at IS NULL
      ORDER BY role, org_name`),
  )
  // One entry per committee: an admin of a committee and of one below it sees the upper one, and
  // an admin's own committee is not listed again as an instructor's.
  const roots: typeof held = []
  for (const h of held) {
    if (roots.some((r) => r.org_id === h.org_id)) continue
    if (h.role === 'admin' && h.parent_id && (await canActAs(deps.db, userId, ADMIN, h.parent_id))) continue
    if (h.role === 'instructor' && (await canActAs(deps.db, userId, ADMIN, h.org_id))) continue
    roots.push(h)
  }
  const out: ParkSummary['orgs'] = []
  for (const root of roots) {
    // Counts only: 首页 does not read every enterprise row of the ledger (thousands after an import).
    const { where } = await ledgerFilter(deps.db, userId, root.org_id)
    const [cov] = rowsOf<{ own: number; joint: number; instructor: number; none: number; members: number }>(
      await deps.db.execute(sql`
        SELECT count(*) FILTER (WHERE b.branch_kind = 'independent')::int AS own,
               count(*) FILTER (WHERE b.branch_kind IN ('joint', 'affiliated'))::int AS joint,
               count(*) FILTER (WHERE e.branch_id IS NULL AND EXISTS (SELECT 1 FROM enterprise_assignments ea WHERE ea.enterprise_id = e.id))::int AS instructor,
               count(*) FILTER (WHERE e.branch_id IS NULL AND NOT EXISTS (SELECT 1 FROM enterprise_assignments ea WHERE ea.enterprise_id = e.id))::int AS none,
               ${
                 root.role === 'admin'
                   ? sql`0`
                   : sql`(SELECT count(*)::int FROM members m WHERE m.status = 'active' AND m.enterprise_id = ANY (array_agg(e.id)))
                       + (SELECT count(*)::int FROM ledger_members lm WHERE lm.member_id IS NULL AND lm.enterprise_id = ANY (array_agg(e.id)))`
               } AS members
        FROM enterprises e LEFT JOIN organizations b ON b.id = e.branch_id
        WHERE ${where}`),
    )
    const enterprisesByCoverage = { own: cov.own, joint: cov.joint, instructor: cov.instructor, none: cov.none }
    const total = cov.own + cov.joint + cov.instructor + cov.none
    const [counts] = rowsOf<{ independent: number; joint: number; affiliated: number; general: number; members: number; pending: number }>(
      await deps.db.execute(sql`
        WITH sub AS (${subtreeOrgIdsQuery(root.org_id)})
        SELECT count(*) FILTER (WHERE o.branch_kind = 'independent')::int AS independent,
               count(*) FILTER (WHERE o.branch_kind = 'joint')::int AS joint,
               count(*) FILTER (WHERE o.branch_kind = 'affiliated')::int AS affiliated,
               count(*) FILTER (WHERE o.type = 'general_branch')::int AS general,
               (SELECT count(*)::int FROM members m WHERE m.status = 'active' AND m.branch_id IN (SELECT id FROM sub)) AS members,
               (SELECT count(*)::int FROM invitations i WHERE i.org_id IN (SELECT id FROM sub) AND i.accepted_by IS NULL AND i.revoked_at IS NULL AND i.expires_at > ${deps.now()}) AS pending
        FROM organizations o WHERE o.id IN (SELECT id FROM sub)`),
    )
    const admin = root.role === 'admin'
    out.push({
      orgId: root.org_id,
      orgName: root.org_name,
      role: root.role,
      branchesByKind: admin ? { independent: counts.independent, joint: counts.joint, affiliated: counts.affiliated } : { independent: 0, joint: 0, affiliated: 0 },
      generalBranches: admin ? counts.general : 0,
      enterprisesByCoverage,
      members: admin ? counts.members : cov.members,
      pendingInvitations: admin ? counts.pending : 0,
      orgCoverageRate: rate(cov.own + cov.joint, total),
      workCoverageRate: rate(cov.own + cov.joint + cov.instructor, total),
    })
  }
  return { orgs: out }
}

/** The bootstrap of a fresh installation (`npm run admin:invite`): the top committee's first admin. */
export async function bootstrapInvitation(deps: ParkDeps, orgName: string): Promise<{ orgId: string; created: boolean; code: string; expiresAt: Date }> {
  return deps.db.transaction(async (tx) => {
    const now = deps.now()
    const found = rowsOf<{ id: string; parent_id: string | null }>(
      await tx.execute(sql`SELECT id, parent_id FROM organizations WHERE name = ${orgName} AND dissolved_at IS NULL ORDER BY parent_id NULLS FIRST LIMIT 2`),
    )
    let orgId: string
    let created = false
    if (found.length > 0) {
      if (found[0].parent_id !== null) throw new Error(`「${orgName}」不是最上级的党委：它的管理员由上级党委在小程序里任命`)
      orgId = found[0].id
    } else {
      ;[{ id: orgId }] = await tx.insert(organizations).values({ name: orgName, type: 'committee' }).returning({ id: organizations.id })
      created = true
      await audit(tx, { actorId: null, action: 'org.create', targetType: 'organization', targetId: orgId, details: { name: orgName, type: 'committee', bootstrap: true } })
    }
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY_MS)
    const [inv] = await tx
      .insert(invitations)
      .values({ orgId, role: 'admin', inviteeName: '首位管理员', createdAt: now, expiresAt })
      .returning({ id: invitations.id })
    await audit(tx, { actorId: null, action: 'invitation.create', targetType: 'invitation', targetId: inv.id, details: { orgId, role: 'admin', bootstrap: true } })
    return { orgId, created, code: deps.codes.sign(inv.id, 0), expiresAt }
  })
}
