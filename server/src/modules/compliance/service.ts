import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { z } from 'zod'
import {
  COMPLIANCE_UNITS,
  DEFINITIONS,
  DEFAULT_RULES,
  FLAG_LABELS,
  ITEM_STATE_LABELS,
  STATE_RANK,
  SHORTFALL_LABELS,
  backfillFlags,
  effectiveRules,
  isTightening,
  itemState,
  owes,
  parsePeriod,
  periodOf,
  periodsWithin,
  ruleLabel,
  shortfall,
  type BranchCompliance,
  type CommitteeCompliance,
  type CommitteeRow,
  type ComplianceUnit,
  type ExemptionBodySchema,
  type Flag,
  type ItemState,
  type PeriodSpan,
  type RequiredType,
  type Rule,
  type RuleBodySchema,
} from '../../../../src/domain/compliance'
import { MEETING_TYPE_LABELS, type MeetingType } from '../../../../src/domain/meetings'
import { addMonths, chinaDate, chinaMidnight } from '../../../../src/domain/time'
import { LOST_CONTACT_MONTHS } from '../../../../src/domain/transfers'
import { rowsOf, type Db, type DbOrTx } from '../../db/client'
import { complianceExemptions, complianceRules, enterpriseAssignments, meetings, organizations } from '../../db/schema'
import { conflict, forbidden, invalidField, notFound } from '../../lib/errors'
import { audit } from '../../plugins/audit'
import { ACTORS, READERS, canActAs, scopeOrgIdsQuery, subtreeOrgIdsQuery } from '../scope/service'

export interface ComplianceDeps {
  db: Db
  now: () => Date
}

/** Who may tighten rules and excuse branches: a committee's admin, for its subtree. */
const RULE_MAKERS = ['admin'] as const

interface BranchInfo {
  id: string
  name: string
  parentId: string | null
  createdAt: Date
  dissolvedAt: Date | null
  fullMembers: number
  members: number
}

/** One meeting with what compliance and the 疑似补记 rules read from it. */
interface MeetingFacts {
  id: string
  branchId: string
  type: MeetingType
  title: string
  startsAt: Date
  endsAt: Date
  postedAt: Date
  cancelled: boolean
  expected: number
  memberSignins: number
  mobileSignins: number
  signins: number
  manualSignins: number
  signinMinutes: number
  minutesFirstAt: Date | null
  hasMinutes: boolean
  flagNote: string | null
  flagNotedAt: Date | null
}

const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)))

/**
 * The statement behind `meetingFacts` (the compliance bench EXPLAINs it): each meeting with its
 * sign-ins counted through the (meeting, person) index, its minutes and first amendment. The
 * members expected are counted in `meetingFacts` from the rolls (a subquery per meeting cost a
 * third of the statement's time on 8,600 meetings).
 */
export function meetingFactsQuery(branchIds: string[], start: Date, end: Date): SQL {
  return sql`
      SELECT m.id, m.branch_id, m.type, m.title, m.starts_at, m.ends_at, m.created_at, m.cancelled_at IS NOT NULL AS cancelled,
        m.flag_note, m.flag_noted_at,
        COALESCE(c.member_signins, 0)::int AS member_signins, COALESCE(c.mobile_signins, 0)::int AS mobile_signins,
        COALESCE(c.signins, 0)::int AS signins, COALESCE(c.manual, 0)::int AS manual, COALESCE(c.minutes, 0)::int AS minutes,
        LEAST(mm.created_at, (SELECT min(a.at) FROM minute_amendments a WHERE a.meeting_id = m.id)) AS minutes_first_at
      FROM meetings m
      LEFT JOIN LATERAL (
        SELECT count(*) FILTER (WHERE kind = 'member') AS member_signins,
               count(*) FILTER (WHERE kind = 'mobile') AS mobile_signins,
               count(*) FILTER (WHERE kind <> 'guest') AS signins,
               count(*) FILTER (WHERE kind <> 'guest' AND method = 'manual') AS manual,
               count(DISTINCT date_trunc('minute', at)) FILTER (WHERE kind <> 'guest') AS minutes
        FROM checkins WHERE meeting_id = m.id
      ) c ON true
      LEFT JOIN meeting_minutes mm ON mm.meeting_id = m.id
      WHERE m.branch_id IN (${sql.join(
        branchIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) AND m.starts_at >= ${start.toISOString()} AND m.starts_at < ${end.toISOString()}
      ORDER BY m.starts_at`
}

/**
 * Every meeting of `branchIds` that starts in [start, end), with its counts: expected = members on
 * the branch's roll while it ran; sign-ins by kind and method; the distinct minutes of the sign-ins;
 * when minutes (or, failing them, an amendment) were first written.
 */
async function meetingFacts(db: DbOrTx, branchIds: string[], start: Date, end: Date): Promise<MeetingFacts[]> {
  if (branchIds.length === 0) return []
  const rows = rowsOf<Record<string, unknown>>(await db.execute(meetingFactsQuery(branchIds, start, end)))
  // Expected at each meeting: members on the branch's roll while it ran (counted here from each
  // branch's roll, rather than by a subquery per meeting).
  const roll = rowsOf<{ branch_id: string; created_at: unknown; left_at: unknown }>(
    await db.execute(sql`SELECT branch_id, created_at, left_at FROM members WHERE branch_id IN (${sql.join(
      branchIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )}) AND (left_at IS NULL OR left_at >= ${start.toISOString()})`),
  )
  const rolls = new Map<string, { from: number; to: number }[]>()
  for (const r of roll) {
    const entry = { from: toDate(r.created_at)!.getTime(), to: toDate(r.left_at)?.getTime() ?? Infinity }
    const list = rolls.get(r.branch_id)
    if (list) list.push(entry)
    else rolls.set(r.branch_id, [entry])
  }
  const expectedAt = (branchId: string, startsAt: Date, endsAt: Date) =>
    (rolls.get(branchId) ?? []).filter((x) => x.from <= endsAt.getTime() && x.to > startsAt.getTime()).length
  return rows.map((r) => ({
    id: String(r.id),
    branchId: String(r.branch_id),
    type: r.type as MeetingType,
    title: String(r.title),
    startsAt: toDate(r.starts_at)!,
    endsAt: toDate(r.ends_at)!,
    postedAt: toDate(r.created_at)!,
    cancelled: r.cancelled === true,
    expected: expectedAt(String(r.branch_id), toDate(r.starts_at)!, toDate(r.ends_at)!),
    memberSignins: Number(r.member_signins),
    mobileSignins: Number(r.mobile_signins),
    signins: Number(r.signins),
    manualSignins: Number(r.manual),
    signinMinutes: Number(r.minutes),
    minutesFirstAt: toDate(r.minutes_first_at),
    hasMinutes: r.minutes_first_at !== null && r.minutes_first_at !== undefined,
    flagNote: (r.flag_note as string | null) ?? null,
    flagNotedAt: toDate(r.flag_noted_at),
  }))
}

/** Live branches matching `where` (on `o`), with their full and all members today. */
async function branchRows(db: DbOrTx, where: SQL): Promise<BranchInfo[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT o.id, o.name, o.parent_id, o.created_at, o.dissolved_at,
        (SELECT count(*) FROM members mb WHERE mb.branch_id = o.id AND mb.status = 'active' AND mb.member_type = 'full')::int AS full_members,
        (SELECT count(*) FROM members mb WHERE mb.branch_id = o.id AND mb.status = 'active')::int AS members
      FROM organizations o
      WHERE o.type = 'branch' AND o.dissolved_at IS NULL AND ${where}
      ORDER BY o.name`),
  )
  return rows.map((r) => ({
    id: String(r.id),
    name: String(r.name),
    parentId: (r.parent_id as string | null) ?? null,
    createdAt: toDate(r.created_at)!,
    dissolvedAt: toDate(r.dissolved_at),
    fullMembers: Number(r.full_members),
    members: Number(r.members),
  }))
}

/** The live branches at and below `rootId`. */
const branchesUnder = (db: DbOrTx, rootId: string) => branchRows(db, sql`o.id IN (${subtreeOrgIdsQuery(rootId)})`)
/** Every live branch that has a secretary: whose deadlines the scheduler reminds of. */
export const branchesWithSecretaries = (db: DbOrTx) => branchRows(db, sql`EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.org_id = o.id AND ra.role = 'secretary')`)

/** Each branch's chain of organizations up to the top (itself first), for the committees' tightenings. */
async function ancestry(db: DbOrTx, branchIds: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>()
  if (branchIds.length === 0) return out
  const rows = rowsOf<{ branch: string; id: string }>(
    await db.execute(sql`
      WITH RECURSIVE up(branch, id, parent_id, depth) AS (
        SELECT id, id, parent_id, 0 FROM organizations WHERE id IN (${sql.join(
          branchIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
        UNION ALL
        SELECT up.branch, o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id WHERE up.depth < 32
      )
      SELECT branch, id FROM up ORDER BY branch, depth`),
  )
  for (const r of rows) out.set(r.branch, [...(out.get(r.branch) ?? []), r.id])
  return out
}

interface Exemption {
  id: string
  branchId: string
  type: MeetingType
  fromDate: string
  toDate: string | null
  reason: string
}

/** What the computation needs besides meetings: rules per branch and exemptions. */
async function policies(db: DbOrTx, branches: BranchInfo[]) {
  const ids = branches.map((b) => b.id)
  const chains = await ancestry(db, ids)
  const orgIds = [...new Set([...chains.values()].flat())]
  const tightenings = orgIds.length ? await db.select().from(complianceRules).where(inArray(complianceRules.orgId, orgIds)) : []
  const exemptions: Exemption[] = ids.length
    ? await db
        .select({
          id: complianceExemptions.id,
          branchId: complianceExemptions.branchId,
          type: complianceExemptions.type,
          fromDate: complianceExemptions.fromDate,
          toDate: complianceExemptions.toDate,
          reason: complianceExemptions.reason,
        })
        .from(complianceExemptions)
        .where(and(inArray(complianceExemptions.branchId, ids), isNull(complianceExemptions.revokedAt)))
    : []
  const rulesOf = (branchId: string): Rule[] => {
    const chain = new Set(chains.get(branchId) ?? [branchId])
    return effectiveRules(tightenings.filter((t) => chain.has(t.orgId)))
  }
  return { rulesOf, exemptions }
}

/** The exemption covering a period of a rule, if any: its dates overlap the period's. */
function exemptionFor(exemptions: Exemption[], branchId: string, type: MeetingType, p: { start: Date; end: Date }): Exemption | null {
  return (
    exemptions.find(
      (e) => e.branchId === branchId && e.type === type && chinaMidnight(e.fromDate) < p.end && (e.toDate === null || chinaMidnight(e.toDate).getTime() + 86_400_000 > p.start.getTime()),
    ) ?? null
  )
}

const ratePct = (num: number, den: number) => (den > 0 ? Math.round((num * 1000) / den) / 10 : null)

function flagOf(m: MeetingFacts, branchName: string, now: Date): Flag | null {
  if (m.cancelled || m.endsAt > now) return null
  const reasons = backfillFlags(m)
  if (reasons.length === 0) return null
  return {
    meetingId: m.id,
    branchId: m.branchId,
    branchName,
    title: m.title,
    typeLabel: MEETING_TYPE_LABELS[m.type],
    startsAt: m.startsAt.toISOString(),
    reasons: reasons.map((code) => ({ code, label: FLAG_LABELS[code] })),
    note: m.flagNote,
    notedAt: m.flagNotedAt?.toISOString() ?? null,
  }
}

interface Computed {
  branch: BranchInfo
  items: BranchCompliance['items']
  owed: number
  done: number
  overdue: number
  attendance: { signins: number; expected: number; mobile: number }
  flags: Flag[]
  meetings: MeetingFacts[]
}

/**
 * The core: every branch's items for the chosen period, computed from meetings, sign-ins and
 * minutes as they are now. A rule's period is looked at when its deadline falls in the chosen period
 * and it has begun (so each period is counted in exactly one month, quarter or year view of its
 * length or longer); a period is owed when the branch existed from its start, and not when an
 * exemption covers it.
 */
async function compute(db: DbOrTx, branches: BranchInfo[], view: PeriodSpan, now: Date): Promise<Computed[]> {
  const { rulesOf, exemptions } = await policies(db, branches)
  // Meetings of every period whose deadline falls in the view: the view itself, and the quarter or
  // year that ends with it (a December view reaches back to January).
  const last = new Date(view.end.getTime() - 1)
  const from = COMPLIANCE_UNITS.map((u) => periodOf(u, last))
    .filter((p) => p.end.getTime() === view.end.getTime())
    .reduce((a, p) => (p.start < a ? p.start : a), view.start)
  const facts = await meetingFacts(
    db,
    branches.map((b) => b.id),
    from,
    view.end,
  )
  const byBranch = new Map<string, MeetingFacts[]>()
  for (const f of facts) {
    const list = byBranch.get(f.branchId)
    if (list) list.push(f)
    else byBranch.set(f.branchId, [f])
  }
  // The periods of each unit in the view, worked out once (not per branch and rule).
  const periodsOf = new Map(COMPLIANCE_UNITS.map((u) => [u, periodsWithin(u, view)]))

  return branches.map((branch) => {
    const mine = byBranch.get(branch.id) ?? []
    const items: BranchCompliance['items'] = []
    let owed = 0
    let done = 0
    let overdue = 0
    for (const rule of rulesOf(branch.id)) {
      if (rule.minFullMembers && branch.fullMembers < rule.minFullMembers) continue
      const type = rule.type as RequiredType
      let exemptReason: string | null = null
      const periods: BranchCompliance['items'][number]['periods'] = []
      for (const p of periodsOf.get(rule.unit)!) {
        // A period belongs to the view whose span holds its deadline: a quarter's months and the
        // quarter itself in a quarter view, the year in its last quarter and December.
        if (p.end > view.end || p.start > now || !owes(branch, p)) continue
        const ex = exemptionFor(exemptions, branch.id, rule.type, p)
        const inPeriod = mine.filter((m) => m.type === rule.type && m.startsAt >= p.start && m.startsAt < p.end)
        const counted = inPeriod.filter((m) => shortfall(m, now) === null).length
        const { state, daysLeft } = itemState({ required: rule.count, counted, end: p.end, exempt: ex !== null }, now)
        if (ex) exemptReason = ex.reason
        else {
          owed++
          if (state === 'done') done++
          if (state === 'overdue') overdue++
        }
        periods.push({
          key: p.key,
          label: p.label,
          end: p.end.toISOString(),
          state,
          daysLeft,
          counted,
          shortfalls: inPeriod.flatMap((m) => {
            const why = shortfall(m, now)
            return why && why !== 'not_held' ? [{ meetingId: m.id, title: m.title, reason: SHORTFALL_LABELS[why] }] : []
          }),
        })
      }
      const worst = periods.reduce<ItemState | null>((w, p) => (w === null || STATE_RANK[p.state] < STATE_RANK[w] ? p.state : w), null)
      items.push({ type, typeLabel: MEETING_TYPE_LABELS[type], rule: ruleLabel(rule), required: rule.count, periods, state: worst, exemptReason })
    }
    // Attendance over the meetings of the view that were held (not cancelled, over).
    const held = mine.filter((m) => m.startsAt >= view.start && m.startsAt < view.end && !m.cancelled && m.endsAt <= now)
    const attendance = held.reduce((a, m) => ({ signins: a.signins + m.memberSignins, expected: a.expected + m.expected, mobile: a.mobile + m.mobileSignins }), { signins: 0, expected: 0, mobile: 0 })
    const inView = mine.filter((m) => m.startsAt >= view.start && m.startsAt < view.end)
    const flags = inView.flatMap((m) => flagOf(m, branch.name, now) ?? [])
    return { branch, items, owed, done, overdue, attendance, flags, meetings: inView }
  })
}

export const definitions = () => Object.values(DEFINITIONS)

function periodJson(p: PeriodSpan) {
  return { key: p.key, unit: p.unit, label: p.label, start: p.start.toISOString(), end: p.end.toISOString() }
}

/** The chosen period, or this quarter in China by default. */
export function viewPeriod(key: string | undefined, now: Date): PeriodSpan {
  return key ? parsePeriod(key)! : periodOf('quarter', now)
}

async function branchInfo(db: DbOrTx, branchId: string): Promise<BranchInfo | null> {
  const [b] = await db.select({ type: organizations.type, parentId: organizations.parentId }).from(organizations).where(eq(organizations.id, branchId))
  if (!b || b.type !== 'branch') return null
  const all = await branchesUnder(db, branchId)
  return all[0] ?? null
}

/** One branch's compliance: its secretary's view, and read-only for the committees above it. */
export async function branchCompliance(deps: ComplianceDeps, userId: string, branchId: string, periodKey: string | undefined): Promise<BranchCompliance> {
  const now = deps.now()
  if (!(await canActAs(deps.db, userId, READERS, branchId))) throw notFound('找不到这个支部，或你无权查看')
  const branch = await branchInfo(deps.db, branchId)
  if (!branch) throw notFound('找不到这个支部，或它已撤销')
  const view = viewPeriod(periodKey, now)
  const [c] = await compute(deps.db, [branch], view, now)
  return {
    branchId: branch.id,
    branchName: branch.name,
    period: periodJson(view),
    items: c.items,
    owed: c.owed,
    done: c.done,
    rate: ratePct(c.done, c.owed),
    attendanceRate: ratePct(c.attendance.signins, c.attendance.expected),
    mobileSignins: c.attendance.mobile,
    flags: c.flags,
    meetings: c.meetings.map((m) => {
      const why = shortfall(m, now)
      const owedType = c.items.some((i) => i.type === m.type)
      return {
        id: m.id,
        title: m.title,
        typeLabel: MEETING_TYPE_LABELS[m.type],
        startsAt: m.startsAt.toISOString(),
        signins: m.memberSignins,
        expected: m.expected,
        hasMinutes: m.hasMinutes,
        status: !owedType ? '不考核' : why === null ? '已计入' : SHORTFALL_LABELS[why],
      }
    }),
    canAct: await canActAs(deps.db, userId, ACTORS, branchId),
    definitions: definitions(),
  }
}

/** 亮身份, mobile members, 失联 and study time per branch, aggregated (no individual is ranked). */
async function branchExtras(db: DbOrTx, branchIds: string[], view: PeriodSpan, now: Date) {
  const out = new Map<string, { declared: number; mobile: number; lost: number; studySec: number }>()
  if (branchIds.length === 0) return out
  const today = chinaDate(now)
  const lostBefore = chinaMidnight(addMonths(today, -LOST_CONTACT_MONTHS))
  const ids = sql.join(
    branchIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      SELECT o.id,
        (SELECT count(*) FROM declarations d WHERE d.branch_id = o.id AND d.status = 'approved')::int AS declared,
        (SELECT count(*) FROM transfers t WHERE t.review_org_id = o.id AND t.kind IN ('mobile_in', 'mobile_out') AND t.status = 'accepted'
           AND t.letter_valid_until >= ${today})::int AS mobile,
        (SELECT count(*) FROM transfers t JOIN users u ON u.id = t.user_id WHERE t.review_org_id = o.id AND t.kind = 'mobile_out'
           AND t.status = 'accepted' AND COALESCE(u.last_seen_at, u.created_at) <= ${lostBefore.toISOString()})::int AS lost,
        (SELECT COALESCE(sum(sd.credited_sec), 0) FROM study_days sd JOIN members mb ON mb.user_id = sd.user_id
           WHERE mb.branch_id = o.id AND mb.status = 'active' AND sd.day >= ${chinaDate(view.start)} AND sd.day < ${chinaDate(view.end)})::float8 AS study_sec
      FROM organizations o WHERE o.id IN (${ids})`),
  )
  for (const r of rows) out.set(String(r.id), { declared: Number(r.declared), mobile: Number(r.mobile), lost: Number(r.lost), studySec: Number(r.study_sec) })
  return out
}

/**
 * Who may open a committee's view, and of which branches: its admins (and admins above) see every
 * branch below it; a 党建指导员 sees the branches they guide below it (their enterprises' branches,
 * or the whole subtree when appointed instructor on it). Anyone else: 404.
 */
async function committeeOrg(db: DbOrTx, userId: string, orgId: string): Promise<{ id: string; name: string; only: Set<string> | null }> {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId))
  const missing = () => notFound('找不到这个党委，或你无权查看')
  if (!org || org.dissolvedAt || org.type === 'branch') throw missing()
  if (await canActAs(db, userId, ['admin'], orgId)) return { id: org.id, name: org.name, only: null }
  const guided = rowsOf<{ id: string }>(
    await db.execute(sql`SELECT id FROM (${scopeOrgIdsQuery(userId, ['instructor'])}) s WHERE id IN (${subtreeOrgIdsQuery(orgId)})`),
  ).map((r) => r.id)
  const [assigned] = await db
    .select({ id: enterpriseAssignments.id })
    .from(enterpriseAssignments)
    .where(and(eq(enterpriseAssignments.userId, userId), eq(enterpriseAssignments.orgId, orgId)))
    .limit(1)
  if (guided.length === 0 && !assigned) throw missing()
  return { id: org.id, name: org.name, only: new Set(guided) }
}

async function committeeRows(db: DbOrTx, orgId: string, view: PeriodSpan, now: Date, only: Set<string> | null = null) {
  const branches = (await branchesUnder(db, orgId)).filter((b) => only === null || only.has(b.id))
  const computed = await compute(db, branches, view, now)
  const extras = await branchExtras(
    db,
    branches.map((b) => b.id),
    view,
    now,
  )
  const columns = DEFAULT_RULES.map((r) => r.type as RequiredType)
  const rows: CommitteeRow[] = computed.map((c) => {
    const x = extras.get(c.branch.id) ?? { declared: 0, mobile: 0, lost: 0, studySec: 0 }
    return {
      branchId: c.branch.id,
      branchName: c.branch.name,
      cells: columns.map((type) => {
        const item = c.items.find((i) => i.type === type)
        const owedPeriods = item?.periods.filter((p) => p.state !== 'exempt') ?? []
        return { type, state: item?.state ?? null, counted: owedPeriods.filter((p) => p.state === 'done').length, owed: owedPeriods.length }
      }),
      owed: c.owed,
      done: c.done,
      overdue: c.overdue,
      rate: ratePct(c.done, c.owed),
      attendanceRate: ratePct(c.attendance.signins, c.attendance.expected),
      members: c.branch.members,
      declared: x.declared,
      mobile: x.mobile,
      lost: x.lost,
      studyMinutesPerMember: c.branch.members > 0 ? Math.round(x.studySec / 60 / c.branch.members) : null,
      flagged: c.flags.length,
    }
  })
  // Worst first: lowest rate, then most overdue, then most flags; branches owing nothing last.
  rows.sort((a, b) => (a.rate ?? 101) - (b.rate ?? 101) || b.overdue - a.overdue || b.flagged - a.flagged || a.branchName.localeCompare(b.branchName, 'zh'))
  return { rows, computed, columns }
}

/** The committee's table of branches × required items, worst first, with every 疑似补记 flag. */
export async function committeeCompliance(deps: ComplianceDeps, userId: string, orgId: string, periodKey: string | undefined): Promise<CommitteeCompliance> {
  const now = deps.now()
  const org = await committeeOrg(deps.db, userId, orgId)
  const view = viewPeriod(periodKey, now)
  const { rows, computed, columns } = await committeeRows(deps.db, orgId, view, now, org.only)
  // Rules as a branch directly under this committee would follow them (a sub-committee may tighten further).
  const rules = (await policies(deps.db, [{ id: orgId } as BranchInfo])).rulesOf(orgId)
  return {
    orgId,
    orgName: org.name,
    period: periodJson(view),
    columns: columns.map((type) => ({ type, typeLabel: MEETING_TYPE_LABELS[type], rule: ruleLabel(rules.find((r) => r.type === type)!) })),
    rows,
    flags: computed.flatMap((c) => c.flags),
    definitions: definitions(),
  }
}

export { committeeRows, committeeOrg, compute, branchesUnder }

// ── rules, exemptions, notes ─────────────────────────────────────────────────

async function assertRuleMaker(db: DbOrTx, userId: string, orgId: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.id, orgId))
  if (!org || org.dissolvedAt || !(await canActAs(db, userId, [...READERS], orgId))) throw notFound('找不到这个组织，或你无权查看')
  if (!(await canActAs(db, userId, RULE_MAKERS, orgId))) throw forbidden('只有上级党委的管理员可以调整考核要求')
  return org
}

export async function listRules(deps: ComplianceDeps, userId: string, orgId: string) {
  const [org] = await deps.db.select().from(organizations).where(eq(organizations.id, orgId))
  if (!org || !(await canActAs(deps.db, userId, READERS, orgId))) throw notFound('找不到这个组织，或你无权查看')
  const rules = (await policies(deps.db, [{ id: orgId } as BranchInfo])).rulesOf(orgId)
  return {
    items: rules.map((r) => {
      const base = DEFAULT_RULES.find((d) => d.type === r.type)!
      return { type: r.type as RequiredType, typeLabel: MEETING_TYPE_LABELS[r.type], rule: ruleLabel(r), unit: r.unit, count: r.count, tightened: r.unit !== base.unit || r.count !== base.count }
    }),
  }
}

export async function setRule(deps: ComplianceDeps, userId: string, body: z.output<typeof RuleBodySchema>) {
  await deps.db.transaction(async (tx) => {
    const org = await assertRuleMaker(tx, userId, body.orgId)
    if (org.type === 'branch') throw invalidField('orgId', '考核要求由党委或党总支为下级支部设定')
    const base = DEFAULT_RULES.find((d) => d.type === body.type)!
    if (!isTightening(body, base)) {
      throw invalidField('count', `只能比《支部工作条例》更严：${MEETING_TYPE_LABELS[body.type]}至少${ruleLabel(base)}`)
    }
    await tx
      .insert(complianceRules)
      .values({ orgId: body.orgId, type: body.type, unit: body.unit, count: body.count, createdBy: userId, createdAt: deps.now() })
      .onConflictDoUpdate({ target: [complianceRules.orgId, complianceRules.type], set: { unit: body.unit, count: body.count, createdBy: userId, createdAt: deps.now() } })
    await audit(tx, { actorId: userId, action: 'compliance.rule_set', targetType: 'organization', targetId: body.orgId, details: { type: body.type, unit: body.unit, count: body.count } })
  })
  return listRules(deps, userId, body.orgId)
}

export async function resetRule(deps: ComplianceDeps, userId: string, orgId: string, type: MeetingType) {
  await deps.db.transaction(async (tx) => {
    await assertRuleMaker(tx, userId, orgId)
    const gone = await tx.delete(complianceRules).where(and(eq(complianceRules.orgId, orgId), eq(complianceRules.type, type))).returning()
    if (gone.length === 0) throw notFound('这项考核要求没有调整过')
    await audit(tx, { actorId: userId, action: 'compliance.rule_reset', targetType: 'organization', targetId: orgId, details: { type } })
  })
  return listRules(deps, userId, orgId)
}

function exemptionJson(e: typeof complianceExemptions.$inferSelect) {
  return {
    id: e.id,
    branchId: e.branchId,
    type: e.type as RequiredType,
    typeLabel: MEETING_TYPE_LABELS[e.type],
    from: e.fromDate,
    to: e.toDate,
    reason: e.reason,
    createdAt: e.createdAt.toISOString(),
  }
}

export async function createExemption(deps: ComplianceDeps, userId: string, body: z.output<typeof ExemptionBodySchema>) {
  return deps.db.transaction(async (tx) => {
    const [branch] = await tx.select().from(organizations).where(eq(organizations.id, body.branchId))
    if (!branch || branch.type !== 'branch' || branch.dissolvedAt || !(await canActAs(tx, userId, READERS, body.branchId))) throw notFound('找不到这个支部，或你无权查看')
    // The branch's own secretary may not excuse it: a committee above decides.
    if (!(await canActAs(tx, userId, RULE_MAKERS, body.branchId))) throw forbidden('免于考核由上级党委的管理员决定')
    const [row] = await tx
      .insert(complianceExemptions)
      .values({ branchId: body.branchId, type: body.type, fromDate: body.from, toDate: body.to ?? null, reason: body.reason, createdBy: userId, createdAt: deps.now() })
      .returning()
    await audit(tx, { actorId: userId, action: 'compliance.exempted', targetType: 'organization', targetId: body.branchId, details: { type: body.type, from: body.from, to: body.to ?? null, reason: body.reason } })
    return exemptionJson(row)
  })
}

export async function revokeExemption(deps: ComplianceDeps, userId: string, id: string) {
  return deps.db.transaction(async (tx) => {
    const [e] = await tx.select().from(complianceExemptions).where(eq(complianceExemptions.id, id)).for('update')
    if (!e || !(await canActAs(tx, userId, READERS, e.branchId))) throw notFound('找不到这条免于考核的记录')
    if (!(await canActAs(tx, userId, RULE_MAKERS, e.branchId))) throw forbidden('免于考核由上级党委的管理员决定')
    if (e.revokedAt) throw conflict('这条免于考核已经撤销')
    await tx.update(complianceExemptions).set({ revokedAt: deps.now() }).where(eq(complianceExemptions.id, id))
    await audit(tx, { actorId: userId, action: 'compliance.exemption_revoked', targetType: 'organization', targetId: e.branchId, details: { id } })
    return { ...exemptionJson(e), revoked: true as const }
  })
}

export async function listExemptions(deps: ComplianceDeps, userId: string, branchId: string) {
  if (!(await canActAs(deps.db, userId, READERS, branchId))) throw notFound('找不到这个支部，或你无权查看')
  const rows = await deps.db
    .select()
    .from(complianceExemptions)
    .where(and(eq(complianceExemptions.branchId, branchId), isNull(complianceExemptions.revokedAt)))
  return { items: rows.map(exemptionJson) }
}

/** The branch's explanation of a 疑似补记 flag: its secretary writes it, the committee reads it; audited. */
export async function noteFlag(deps: ComplianceDeps, userId: string, meetingId: string, note: string) {
  return deps.db.transaction(async (tx) => {
    const [m] = await tx.select().from(meetings).where(eq(meetings.id, meetingId)).for('update')
    if (!m || !(await canActAs(tx, userId, READERS, m.branchId))) throw notFound('找不到这次组织生活')
    if (!(await canActAs(tx, userId, ACTORS, m.branchId))) throw forbidden('情况说明由支部书记填写')
    const f = (await meetingFacts(tx, [m.branchId], m.startsAt, new Date(m.startsAt.getTime() + 1))).find((x) => x.id === m.id)
    const now = deps.now()
    if (!f || !flagOf(f, '', now)) throw conflict('这次组织生活没有疑似补记的提示，不需要说明')
    await tx.update(meetings).set({ flagNote: note, flagNotedAt: now }).where(eq(meetings.id, meetingId))
    await audit(tx, { actorId: userId, action: 'meeting.flag_noted', targetType: 'meeting', targetId: meetingId, details: { note } })
    return { meetingId, note, notedAt: now.toISOString() }
  })
}

export const STATE_LABEL = (s: ItemState | null) => (s === null ? '—' : ITEM_STATE_LABELS[s])
export type { ComplianceUnit }
