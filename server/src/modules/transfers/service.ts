import { and, asc, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm'
import { ErrorCodes } from '../../../../src/domain/errors'
import {
  KIND_NEEDS_LETTER,
  LOST_CONTACT_MONTHS,
  RECEIPT_DUE_DAYS,
  REVIEW_DUE_DAYS,
  TRANSFER_KIND_LABELS,
  TRANSFER_STATUS_LABELS,
  TRANSITIONS,
  type FollowUp,
  type MobileCard,
  type OrgRef,
  type Transfer,
  type TransferAction,
  type TransferBody,
  type TransferEvent,
  type TransferKind,
  type TransferListItem,
  type TransferQuery,
  type TransferStatus,
  type TransferSummary,
  allowedActions,
  defaultValidUntil,
  effectiveStatus,
  findTransition,
  nextStepForApplicant,
  nextStepForReviewer,
  transferProblems,
} from '../../../../src/domain/transfers'
import { DAY_MS, addDays, addMonths, chinaDate, chinaMidnight, daysBetween, monthsBetween } from '../../../../src/domain/time'
import { isUniqueViolation, type Db, type DbOrTx } from '../../db/client'
import { memberCards, members, organizations, transferEvents, transfers, users } from '../../db/schema'
import { conflict, forbidden, invalidBody, invalidField, notFound } from '../../lib/errors'
import type { FieldCipher } from '../../lib/fieldcrypto'
import { decodeOffsetCursor, offsetPage } from '../../lib/paging'
import { maskPhone, openPhone, sealPhone } from '../../lib/phones'
import { audit } from '../../plugins/audit'
import { activeMembership } from '../membership/service'
import { READERS, canActAs, scopeOrgIds } from '../scope/service'
import { statusIs } from './status'

/** Who decides on requests: the branch's secretary (or a secretary above it). */
const REVIEWERS = ['secretary'] as const

export interface TransferDeps {
  db: Db
  now: () => Date
  /** Seals contact phones at rest (lib/phones). */
  cipher: FieldCipher
}

type Row = typeof transfers.$inferSelect
type Role = 'applicant' | 'reviewer' | 'observer'

/** The name shown in the timeline: the person's name on a branch roll, else their WeChat nickname. */
async function nameOf(db: DbOrTx, userId: string): Promise<string> {
  const m = await activeMembership(db, userId)
  if (m) return m.member.realName
  const [u] = await db.select({ nickname: users.nickname }).from(users).where(eq(users.id, userId))
  return u?.nickname || '用户'
}

interface ResolvedOrg {
  id: string | null
  name: string
  isBranch: boolean
}

async function resolveOrg(db: DbOrTx, ref: OrgRef, path: string): Promise<ResolvedOrg> {
  if ('name' in ref) return { id: null, name: ref.name, isBranch: false }
  const [o] = await db.select({ id: organizations.id, name: organizations.name, type: organizations.type }).from(organizations).where(eq(organizations.id, ref.id))
  if (!o) throw invalidField(path, '找不到所选的党组织，请重新选择')
  return { id: o.id, name: o.name, isBranch: o.type === 'branch' }
}

/** Checks a body against the rules that need the database; returns the columns to write. */
async function prepare(db: DbOrTx, userId: string, body: TransferBody, today: string) {
  const problems = transferProblems(body, today)
  if (problems.length > 0) throw invalidBody(problems)
  const from = await resolveOrg(db, body.fromOrg, 'fromOrg')
  const to = await resolveOrg(db, body.toOrg, 'toOrg')
  const mine = await activeMembership(db, userId)
  const incoming = body.kind === 'transfer_in' || body.kind === 'mobile_in'
  let reviewOrgId: string
  if (incoming) {
    if (!to.isBranch || !to.id) throw invalidField('toOrg', '请从列表中选择接收的党支部（须是本系统中的党支部）')
    if (mine?.member.branchId === to.id) {
      throw conflict(`你的组织关系已经在${to.name}，无需${TRANSFER_KIND_LABELS[body.kind]}`, ErrorCodes.ALREADY_MEMBER)
    }
    if (mine && from.id !== mine.member.branchId) {
      throw invalidField('fromOrg', `你的组织关系目前在${mine.branchName}，原党组织请选择它`)
    }
    if (!mine) {
      if (!body.realName) throw invalidField('realName', '请填写真实姓名')
      if (body.kind === 'transfer_in' && !body.memberType) throw invalidField('memberType', '请选择正式党员或预备党员')
      if (body.kind === 'transfer_in' && !body.joinedAt) throw invalidField('joinedAt', '请填写入党时间')
    }
    reviewOrgId = to.id
  } else {
    if (!mine) {
      throw conflict(`你还不是本系统登记在册的党员，不能办理${TRANSFER_KIND_LABELS[body.kind]}；组织关系在外单位的请联系原党组织`, ErrorCodes.NOT_A_MEMBER)
    }
    if (from.id !== mine.member.branchId) throw invalidField('fromOrg', `你的组织关系在${mine.branchName}，${TRANSFER_KIND_LABELS[body.kind]}只能从本支部办理`)
    reviewOrgId = mine.member.branchId
  }
  return {
    kind: body.kind,
    applicantName: mine?.member.realName ?? body.realName!,
    contactPhone: body.contactPhone,
    memberType: mine?.member.memberType ?? body.memberType ?? null,
    joinedAt: mine?.member.joinedAt ?? body.joinedAt ?? null,
    fromOrgId: from.id,
    fromOrgName: from.name,
    toOrgId: to.id,
    toOrgName: to.name,
    reviewOrgId,
    reason: body.reason,
    letterNo: body.letterNo || null,
    letterIssuedAt: KIND_NEEDS_LETTER[body.kind] ? (body.letterIssuedAt ?? today) : (body.letterIssuedAt ?? null),
    letterValidUntil: body.letterValidUntil ?? defaultValidUntil(body, today),
    leftAt: body.leftAt ?? null,
    expectedReturnAt: body.expectedReturnAt ?? null,
    fixedPlace: body.kind === 'mobile_out' ? (body.fixedPlace ?? false) : null,
  }
}

async function writeEvent(
  tx: DbOrTx,
  e: { transferId: string; at: Date; actorId: string | null; actorName: string; from: TransferStatus | null; to: TransferStatus; note?: string | null },
) {
  await tx.insert(transferEvents).values({
    transferId: e.transferId,
    at: e.at,
    actorId: e.actorId,
    actorName: e.actorName,
    fromStatus: e.from,
    toStatus: e.to,
    note: e.note ?? null,
  })
}

export async function submitTransfer(deps: TransferDeps, userId: string, body: TransferBody) {
  const now = deps.now()
  return deps.db.transaction(async (tx) => {
    const values = await prepare(tx, userId, body, chinaDate(now))
    let id: string
    try {
      // A savepoint, so that a unique violation leaves the outer transaction usable on PostgreSQL.
      ;[{ id }] = await tx.transaction(async (sp) =>
        sp
          .insert(transfers)
          .values({ ...values, contactPhone: sealPhone(deps.cipher, values.contactPhone), userId, createdAt: now, submittedAt: now })
          .returning({ id: transfers.id }),
      )
    } catch (err) {
      if (isUniqueViolation(err, 'transfers_one_open_per_user_uq')) {
        throw conflict('你已有一份正在办理的申请：请等它办结，或先撤回它再重新提交', ErrorCodes.TRANSFER_PENDING)
      }
      throw err
    }
    await writeEvent(tx, { transferId: id, at: now, actorId: userId, actorName: values.applicantName, from: null, to: 'submitted', note: null })
    await audit(tx, { actorId: userId, action: 'transfer.submitted', targetType: 'transfer', targetId: id, details: { kind: body.kind } })
    return { id, status: 'submitted' as const }
  })
}

// ── reading ──────────────────────────────────────────────────────────────────

async function roleOf(db: DbOrTx, userId: string, row: Row): Promise<Role | null> {
  if (row.userId === userId) return 'applicant'
  if (await canActAs(db, userId, REVIEWERS, row.reviewOrgId)) return 'reviewer'
  for (const other of [row.fromOrgId, row.toOrgId]) {
    if (other && other !== row.reviewOrgId && (await canActAs(db, userId, REVIEWERS, other))) return 'observer'
  }
  // A committee's admin or instructor above either side follows it, read-only.
  for (const org of [row.reviewOrgId, row.fromOrgId, row.toOrgId]) {
    if (org && (await canActAs(db, userId, READERS, org))) return 'observer'
  }
  return null
}

function isOverdue(row: Row, status: TransferStatus, now: Date): boolean {
  if (status === 'submitted') return now.getTime() - row.submittedAt.getTime() >= REVIEW_DUE_DAYS * DAY_MS
  if (status === 'accepted' && KIND_NEEDS_LETTER[row.kind] && row.acceptedAt) {
    return now.getTime() - row.acceptedAt.getTime() >= RECEIPT_DUE_DAYS * DAY_MS
  }
  return false
}

function toItem(row: Row, role: Role, now: Date, cipher: FieldCipher): TransferListItem {
  const phone = openPhone(cipher, row.contactPhone)
  const today = chinaDate(now)
  const status = effectiveStatus(row.status, row.letterValidUntil, today)
  const actor = role === 'observer' ? null : role
  const open = status === 'submitted' || status === 'returned' || status === 'accepted'
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: TRANSFER_KIND_LABELS[row.kind],
    status,
    statusLabel: TRANSFER_STATUS_LABELS[status],
    applicantName: row.applicantName,
    // The applicant and the reviewing secretary (who must call) see it; an observing branch does not.
    contactPhone: role === 'observer' ? maskPhone(phone) : phone,
    fromOrg: { id: row.fromOrgId, name: row.fromOrgName, inSystem: row.fromOrgId !== null },
    toOrg: { id: row.toOrgId, name: row.toOrgName, inSystem: row.toOrgId !== null },
    reason: row.reason,
    letterNo: row.letterNo,
    letterIssuedAt: row.letterIssuedAt,
    letterValidUntil: row.letterValidUntil,
    validityDaysLeft: daysBetween(today, row.letterValidUntil),
    leftAt: row.leftAt,
    expectedReturnAt: row.expectedReturnAt,
    fixedPlace: row.fixedPlace,
    returnReason: row.returnReason,
    rejectReason: row.rejectReason,
    createdAt: row.createdAt.toISOString(),
    daysWaiting: Math.max(0, Math.floor(((open ? now : (row.closedAt ?? now)).getTime() - row.submittedAt.getTime()) / DAY_MS)),
    overdue: isOverdue(row, status, now),
    viewerRole: role,
    actions: actor ? allowedActions(status, actor).map((t) => t.action) : [],
    nextStep:
      role === 'applicant'
        ? nextStepForApplicant(row.kind, status)
        : role === 'reviewer'
          ? nextStepForReviewer(row.kind, status)
          : `由${row.reviewOrgId === row.toOrgId ? row.toOrgName : row.fromOrgName}审核，你可以查看进度`,
  }
}

async function eventsOf(db: DbOrTx, row: Row, now: Date): Promise<TransferEvent[]> {
  const rows = await db.select().from(transferEvents).where(eq(transferEvents.transferId, row.id)).orderBy(asc(transferEvents.at), asc(transferEvents.id))
  const out: TransferEvent[] = rows.map((e) => ({ at: e.at.toISOString(), actorName: e.actorName, from: e.fromStatus, to: e.toStatus, note: e.note }))
  // The expiry happens by the calendar, not by anyone's action: shown from the first day past validity.
  if (row.status === 'accepted' && effectiveStatus(row.status, row.letterValidUntil, chinaDate(now)) === 'expired') {
    out.push({
      at: chinaMidnight(addDays(row.letterValidUntil, 1)).toISOString(),
      actorName: '系统',
      from: 'accepted',
      to: 'expired',
      note: `有效期至 ${row.letterValidUntil}，到期未完成`,
    })
  }
  return out
}

export async function getTransfer(deps: TransferDeps, userId: string, id: string): Promise<Transfer> {
  const [row] = await deps.db.select().from(transfers).where(eq(transfers.id, id))
  const role = row ? await roleOf(deps.db, userId, row) : null
  if (!row || !role) throw notFound('找不到这份申请，或它不涉及你负责的支部')
  const now = deps.now()
  return { ...toItem(row, role, now, deps.cipher), events: await eventsOf(deps.db, row, now) }
}

function overdueSql(now: Date, today: string): SQL {
  const reviewDue = new Date(now.getTime() - REVIEW_DUE_DAYS * DAY_MS).toISOString()
  const receiptDue = new Date(now.getTime() - RECEIPT_DUE_DAYS * DAY_MS).toISOString()
  return sql`((${transfers.status} = 'submitted' AND ${transfers.submittedAt} <= ${reviewDue})
    OR (${transfers.status} = 'accepted' AND ${transfers.letterValidUntil} >= ${today}
        AND ${transfers.kind} IN ('transfer_in', 'transfer_out') AND ${transfers.acceptedAt} <= ${receiptDue}))`
}

function touching(scope: string[]): SQL {
  return or(inArray(transfers.reviewOrgId, scope), inArray(transfers.fromOrgId, scope), inArray(transfers.toOrgId, scope))!
}

export async function listTransfers(deps: TransferDeps, userId: string, q: TransferQuery) {
  const now = deps.now()
  const today = chinaDate(now)
  const offset = decodeOffsetCursor(q.cursor)
  const statusCond = q.status ? statusIs(q.status, today) : undefined
  if (q.scope === 'review' || q.scope === 'supervised') {
    // review: what my branches handle; supervised: everything touching the branches I oversee, read-only.
    const scope = await scopeOrgIds(deps.db, userId, q.scope === 'review' ? REVIEWERS : READERS)
    if (scope.length === 0) return { items: [], nextCursor: null }
    const rows = await deps.db
      .select()
      .from(transfers)
      .where(and(touching(scope), statusCond))
      // Overdue first, then whatever is still open with the least validity left, then the longest waiting.
      .orderBy(
        sql`${overdueSql(now, today)} DESC`,
        sql`(${transfers.status} IN ('submitted', 'returned', 'accepted')) DESC`,
        asc(transfers.letterValidUntil),
        asc(transfers.submittedAt),
        asc(transfers.id),
      )
      .limit(q.limit + 1)
      .offset(offset)
    const { page, nextCursor } = offsetPage(rows, offset, q.limit)
    const scopeSet = new Set(q.scope === 'review' ? scope : await scopeOrgIds(deps.db, userId, REVIEWERS))
    return {
      items: page.map((r) => toItem(r, r.userId === userId ? 'applicant' : scopeSet.has(r.reviewOrgId) ? 'reviewer' : 'observer', now, deps.cipher)),
      nextCursor,
    }
  }
  const rows = await deps.db
    .select()
    .from(transfers)
    .where(and(eq(transfers.userId, userId), statusCond))
    .orderBy(desc(transfers.createdAt), asc(transfers.id))
    .limit(q.limit + 1)
    .offset(offset)
  const { page, nextCursor } = offsetPage(rows, offset, q.limit)
  return { items: page.map((r) => toItem(r, 'applicant', now, deps.cipher)), nextCursor }
}

// ── moves ────────────────────────────────────────────────────────────────────

const ACTION_WORDS: Record<TransferAction, string> = {
  accept: '接收',
  return: '退回修改',
  reject: '不予接收',
  complete: '标记完成',
  cancel: '撤回',
  resubmit: '重新提交',
  expire: '置为过期',
}

/** Ends an active membership and invalidates every member-card code issued for it. */
async function endMembership(tx: DbOrTx, memberId: string, now: Date) {
  await tx.update(members).set({ status: 'left', leftAt: now }).where(eq(members.id, memberId))
  await tx
    .update(memberCards)
    .set({ epoch: sql`${memberCards.epoch} + 1`, updatedAt: now })
    .where(eq(memberCards.memberId, memberId))
}

/** The applicant joins `branchId`'s roll (leaving any other branch), with a new member card. */
async function joinBranch(tx: DbOrTx, row: Row, branchId: string, now: Date): Promise<string> {
  const current = await activeMembership(tx, row.userId)
  let carried: { pledge: string | null; position: string | null } = { pledge: null, position: null }
  if (current) {
    if (current.member.branchId === branchId) return current.member.id
    const [card] = await tx.select().from(memberCards).where(eq(memberCards.memberId, current.member.id))
    if (card) carried = { pledge: card.pledge, position: card.position }
    await endMembership(tx, current.member.id, now)
  }
  const memberType = current?.member.memberType ?? row.memberType
  const joinedAt = current?.member.joinedAt ?? row.joinedAt
  if (!memberType || !joinedAt) throw conflict('申请中缺少入党时间或党员类别，请退回申请人补充后再完成')
  const [m] = await tx
    .insert(members)
    .values({ userId: row.userId, branchId, realName: current?.member.realName ?? row.applicantName, memberType, joinedAt, createdAt: now })
    .returning({ id: members.id })
  await tx.insert(memberCards).values({ memberId: m.id, ...carried })
  return m.id
}

/** What a move changes besides the status (domain.md "流动党员"; issue 5 "Effects"). */
async function applyEffects(tx: DbOrTx, row: Row, action: TransferAction, now: Date): Promise<Record<string, unknown>> {
  if (action === 'accept' && row.kind === 'mobile_in') {
    const mine = await activeMembership(tx, row.userId)
    if (mine?.member.branchId === row.toOrgId) throw conflict('申请人已是本支部党员，无需流入登记', ErrorCodes.ALREADY_MEMBER)
  }
  if (action !== 'complete') return {}
  if (row.kind === 'transfer_in') {
    return { memberId: await joinBranch(tx, row, row.toOrgId!, now) }
  }
  if (row.kind === 'transfer_out') {
    if (row.toOrgId) {
      const [to] = await tx.select({ type: organizations.type }).from(organizations).where(eq(organizations.id, row.toOrgId))
      if (to?.type === 'branch') return { memberId: await joinBranch(tx, row, row.toOrgId, now) }
    }
    const current = await activeMembership(tx, row.userId)
    if (current && current.member.branchId === row.fromOrgId) {
      await endMembership(tx, current.member.id, now)
      return { endedMemberId: current.member.id }
    }
  }
  return {}
}

/**
 * Makes one move of the workflow. The row is locked for the transaction, so two secretaries pressing
 * 完成 at the same moment complete it once; the second gets 409.
 */
export async function moveTransfer(deps: TransferDeps, userId: string, id: string, action: TransferAction, note?: string) {
  const now = deps.now()
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(transfers).where(eq(transfers.id, id)).for('update')
    const role = row ? await roleOf(tx, userId, row) : null
    if (!row || !role) throw notFound('找不到这份申请，或它不涉及你负责的支部')
    const status = effectiveStatus(row.status, row.letterValidUntil, chinaDate(now))
    const rule = findTransition(action, status)
    if (!rule || rule.by === 'system') {
      const possible = TRANSITIONS.filter((t) => t.action === action).map((t) => TRANSFER_STATUS_LABELS[t.from])
      throw conflict(
        `这份申请当前是「${TRANSFER_STATUS_LABELS[status]}」，不能${ACTION_WORDS[action]}${possible.length ? `（只有「${[...new Set(possible)].join('」「')}」的申请可以）` : ''}`,
        ErrorCodes.INVALID_TRANSITION,
      )
    }
    if (rule.by !== role) {
      const who = rule.by === 'applicant' ? '申请人本人' : `${row.reviewOrgId === row.toOrgId ? row.toOrgName : row.fromOrgName}的书记`
      throw forbidden(`只有${who}可以${ACTION_WORDS[action]}这份申请`)
    }
    const trimmed = note?.trim() || null
    if (rule.reasonRequired && (!trimmed || trimmed.length < 2)) throw invalidField('reason', '请填写原因（至少 2 个字），申请人会看到')
    const effects = await applyEffects(tx, row, action, now)
    const patch: Partial<typeof transfers.$inferInsert> = { status: rule.to }
    if (action === 'accept') patch.acceptedAt = now
    if (action === 'return') patch.returnReason = trimmed
    if (action === 'reject') patch.rejectReason = trimmed
    if (rule.to === 'completed' || rule.to === 'rejected' || rule.to === 'cancelled') patch.closedAt = now
    await tx.update(transfers).set(patch).where(eq(transfers.id, id))
    await writeEvent(tx, { transferId: id, at: now, actorId: userId, actorName: await nameOf(tx, userId), from: status, to: rule.to, note: trimmed })
    await audit(tx, { actorId: userId, action: `transfer.${action}`, targetType: 'transfer', targetId: id, details: { from: status, to: rule.to, ...effects } })
    return { id, status: rule.to }
  })
}

/** The applicant edits a returned request and sends it again (returned → submitted). */
export async function resubmitTransfer(deps: TransferDeps, userId: string, id: string, body: TransferBody) {
  const now = deps.now()
  return deps.db.transaction(async (tx) => {
    const [row] = await tx.select().from(transfers).where(eq(transfers.id, id)).for('update')
    if (!row || row.userId !== userId) throw notFound('找不到这份申请')
    const status = effectiveStatus(row.status, row.letterValidUntil, chinaDate(now))
    if (!findTransition('resubmit', status)) {
      throw conflict(`这份申请当前是「${TRANSFER_STATUS_LABELS[status]}」，只有被退回修改的申请可以重新提交`, ErrorCodes.INVALID_TRANSITION)
    }
    if (body.kind !== row.kind) throw invalidField('kind', `申请类型不能修改；要办理${TRANSFER_KIND_LABELS[body.kind]}，请撤回这份后重新申请`)
    const values = await prepare(tx, userId, body, chinaDate(now))
    await tx.update(transfers).set({ ...values, contactPhone: sealPhone(deps.cipher, values.contactPhone), status: 'submitted', submittedAt: now }).where(eq(transfers.id, id))
    await writeEvent(tx, { transferId: id, at: now, actorId: userId, actorName: values.applicantName, from: 'returned', to: 'submitted', note: '已按退回意见修改' })
    await audit(tx, { actorId: userId, action: 'transfer.resubmit', targetType: 'transfer', targetId: id })
    return { id, status: 'submitted' as const }
  })
}

// ── 活动证, follow-up, counts ────────────────────────────────────────────────

export async function mobileCard(deps: TransferDeps, userId: string): Promise<MobileCard> {
  const now = deps.now()
  const [row] = await deps.db
    .select()
    .from(transfers)
    .where(and(eq(transfers.userId, userId), eq(transfers.kind, 'mobile_in'), inArray(transfers.status, ['accepted', 'expired'])))
    .orderBy(desc(transfers.acceptedAt))
    .limit(1)
  if (!row) throw notFound('你还没有流动党员活动证：在「组织关系」里提交流入登记，支部书记接收后即可领取')
  const status = effectiveStatus(row.status, row.letterValidUntil, chinaDate(now))
  return {
    transferId: row.id,
    number: row.id.replace(/-/g, '').slice(0, 8).toUpperCase(),
    holderName: row.applicantName,
    homeOrgName: row.fromOrgName,
    branchId: row.toOrgId!,
    branchName: row.toOrgName,
    issuedAt: chinaDate(row.acceptedAt ?? row.submittedAt),
    validUntil: row.letterValidUntil,
    valid: status === 'accepted',
    votingRights: false,
  }
}

/** When the person last used the app (or joined it): where 失联 is counted from. */
const seenAt = sql`COALESCE(${users.lastSeenAt}, ${users.createdAt})`

/**
 * 待跟进: requests touching `scope` that read as expired, unless the person has filed the same kind
 * again since. 失联: accepted 流出 of `scope` whose person has not used the app for 6 months.
 * One definition each, for the lists and for the counts on 首页.
 */
function followUpWhere(scope: string[], now: Date) {
  const today = chinaDate(now)
  const refiled = sql`EXISTS (SELECT 1 FROM transfers t2 WHERE t2.user_id = ${transfers.userId} AND t2.kind = ${transfers.kind}
      AND t2.created_at > ${transfers.createdAt} AND t2.status IN ('submitted', 'returned', 'accepted', 'completed'))`
  const lostBefore = chinaMidnight(addMonths(today, -LOST_CONTACT_MONTHS))
  return {
    expired: and(touching(scope), statusIs('expired', today), sql`NOT ${refiled}`),
    lost: and(
      eq(transfers.kind, 'mobile_out'),
      eq(transfers.status, 'accepted'),
      inArray(transfers.reviewOrgId, scope),
      sql`${seenAt} <= ${lostBefore.toISOString()}`,
    ),
  }
}

export async function followUp(deps: TransferDeps, userId: string): Promise<FollowUp> {
  const now = deps.now()
  const today = chinaDate(now)
  const scope = await scopeOrgIds(deps.db, userId, REVIEWERS)
  if (scope.length === 0) return { expired: [], lost: [] }
  const where = followUpWhere(scope, now)
  const expiredRows = await deps.db.select().from(transfers).where(where.expired).orderBy(asc(transfers.letterValidUntil)).limit(200)
  const lostRows = await deps.db
    .select({ t: transfers, seen: seenAt.mapWith((v) => new Date(v)) })
    .from(transfers)
    .innerJoin(users, eq(users.id, transfers.userId))
    .where(where.lost)
    .orderBy(sql`${seenAt} ASC`)
    .limit(200)
  const branchName = (r: Row) => (r.reviewOrgId === r.toOrgId ? r.toOrgName : r.fromOrgName)
  return {
    expired: expiredRows.map((r) => ({
      transferId: r.id,
      kind: r.kind,
      kindLabel: TRANSFER_KIND_LABELS[r.kind as TransferKind],
      applicantName: r.applicantName,
      contactPhone: openPhone(deps.cipher, r.contactPhone),
      branchName: branchName(r),
      letterValidUntil: r.letterValidUntil,
      daysSinceExpiry: daysBetween(r.letterValidUntil, today),
    })),
    lost: lostRows.map(({ t, seen }) => ({
      transferId: t.id,
      applicantName: t.applicantName,
      contactPhone: openPhone(deps.cipher, t.contactPhone),
      branchName: branchName(t),
      destination: t.toOrgName,
      lastSeenAt: seen.toISOString(),
      monthsLost: monthsBetween(chinaDate(seen), today),
    })),
  }
}

export async function summary(deps: TransferDeps, userId: string): Promise<TransferSummary> {
  const now = deps.now()
  const today = chinaDate(now)
  const scope = await scopeOrgIds(deps.db, userId, REVIEWERS)
  if (scope.length === 0) return { pendingReview: 0, overdue: 0, followUp: 0, lost: 0 }
  const [counts] = await deps.db
    .select({
      pending: sql<number>`COUNT(*) FILTER (WHERE ${transfers.status} = 'submitted' AND ${inArray(transfers.reviewOrgId, scope)})`.mapWith(Number),
      overdue: sql<number>`COUNT(*) FILTER (WHERE ${overdueSql(now, today)} AND ${inArray(transfers.reviewOrgId, scope)})`.mapWith(Number),
    })
    .from(transfers)
    .where(touching(scope))
  const where = followUpWhere(scope, now)
  const [expired] = await deps.db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(transfers).where(where.expired)
  const [lost] = await deps.db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(transfers)
    .innerJoin(users, eq(users.id, transfers.userId))
    .where(where.lost)
  return { pendingReview: counts?.pending ?? 0, overdue: counts?.overdue ?? 0, followUp: expired?.n ?? 0, lost: lost?.n ?? 0 }
}
