import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { CARD_INVALID_MESSAGE, ErrorCodes } from '../../../../src/domain/errors'
import {
  POST_KIND_LABELS,
  type Card,
  type Declaration,
  type DeclarationBody,
  type DeclarationQuery,
  type Post,
  type VerifyResult,
  type Wall,
  declarationProblems,
  maskIdNumber,
  maskName,
  partyAgeYears,
} from '../../../../src/domain/identity'
import type { z } from 'zod'
import type { CardUpdateSchema, PostBodySchema } from '../../../../src/domain/identity'
import { isUniqueViolation, type Db, type DbOrTx } from '../../db/client'
import { declarations, ledgerMembers, memberCards, memberPosts, members, organizations } from '../../db/schema'
import type { CardCodes } from '../../lib/cardcode'
import { DAY_MS, chinaDate } from '../../../../src/domain/time'
import { conflict, invalid, invalidBody, notFound } from '../../lib/errors'
import { decodeOffsetCursor, offsetPage } from '../../lib/paging'
import type { FieldCipher } from '../../lib/fieldcrypto'
import { maskPhone, openPhone, sealPhone } from '../../lib/phones'
import { audit } from '../../plugins/audit'
import { activeMembership, branchRoster } from '../membership/service'
import { READERS, canActAs, scopeOrgIds } from '../scope/service'

/** Who reviews declarations and assigns posts: the branch's secretary (or a secretary above it). */
const REVIEWERS = ['secretary'] as const

export interface IdentityDeps {
  db: Db
  cipher: FieldCipher
  cards: CardCodes
  now: () => Date
  /** The keyed phone hash imported ledgers match on (park/import `phoneHasher`). */
  phoneHash: (phone: string) => string
}


// ── declarations ─────────────────────────────────────────────────────────────

export async function submitDeclaration(deps: IdentityDeps, userId: string, body: DeclarationBody): Promise<{ id: string; status: 'pending' }> {
  const problems = declarationProblems(body, chinaDate(deps.now()))
  if (problems.length > 0) {
    throw invalidBody(problems)
  }
  return deps.db.transaction(async (tx) => {
    const [branch] = await tx
      .select({ id: organizations.id, type: organizations.type })
      .from(organizations)
      .where(eq(organizations.id, body.branchId))
    if (!branch || branch.type !== 'branch') {
      throw invalid('请选择一个党支部（不是党委或党总支）', [{ path: 'branchId', message: '请选择一个党支部' }])
    }
    const current = await activeMembership(tx, userId)
    if (current) {
      throw conflict(`你已经是${current.branchName}的党员，无需再申报；转到其他支部请走组织关系转接`, ErrorCodes.ALREADY_MEMBER)
    }
    let id: string
    try {
      // A savepoint, so that a unique violation leaves the outer transaction usable on PostgreSQL.
      ;[{ id }] = await tx.transaction(async (sp) =>
        sp
          .insert(declarations)
          .values({
            userId,
            branchId: body.branchId,
            realName: body.realName,
            phone: sealPhone(deps.cipher, body.phone),
            joinedAt: body.joinedAt,
            memberType: body.memberType,
            originOrg: body.originOrg || null,
            position: body.position || null,
            pledge: body.pledge || null,
            idNumberEnc: body.idNumber ? deps.cipher.encrypt(body.idNumber) : null,
            idNumberMasked: body.idNumber ? maskIdNumber(body.idNumber) : null,
            createdAt: deps.now(),
          })
          .returning({ id: declarations.id }),
      )
    } catch (err) {
      if (isUniqueViolation(err, 'declarations_one_pending_per_user_uq')) {
        throw conflict('你已有一份待审核的申报，请等待支部书记审核后再提交', ErrorCodes.DECLARATION_PENDING)
      }
      throw err
    }
    await audit(tx, { actorId: userId, action: 'declaration.submitted', targetType: 'declaration', targetId: id, details: { branchId: body.branchId } })
    return { id, status: 'pending' as const }
  })
}

type DeclRow = typeof declarations.$inferSelect & { branchName: string }

function toDeclaration(r: DeclRow, now: Date, revealPhone: boolean, cipher: FieldCipher): Declaration {
  const phone = openPhone(cipher, r.phone)
  const until = r.reviewedAt ?? now
  return {
    id: r.id,
    status: r.status,
    realName: r.realName,
    phoneMasked: revealPhone ? phone : maskPhone(phone),
    joinedAt: r.joinedAt,
    memberType: r.memberType,
    branchId: r.branchId,
    branchName: r.branchName,
    originOrg: r.originOrg,
    position: r.position,
    pledge: r.pledge,
    idNumberMasked: r.idNumberMasked,
    rejectReason: r.rejectReason,
    createdAt: r.createdAt.toISOString(),
    reviewedAt: r.reviewedAt?.toISOString() ?? null,
    daysWaiting: Math.max(0, Math.floor((until.getTime() - r.createdAt.getTime()) / DAY_MS)),
  }
}

function declSelect(db: DbOrTx) {
  return db
    .select({ d: declarations, branchName: organizations.name })
    .from(declarations)
    .innerJoin(organizations, eq(organizations.id, declarations.branchId))
}

export async function listDeclarations(deps: IdentityDeps, userId: string, q: DeclarationQuery) {
  const offset = decodeOffsetCursor(q.cursor)
  const statusCond = q.status ? eq(declarations.status, q.status) : undefined
  let rows: { d: typeof declarations.$inferSelect; branchName: string }[]
  if (q.scope === 'review' || q.scope === 'supervised') {
    // review: the queue of my branches; supervised: the branches a committee oversees, read-only, newest first.
    const scope = await scopeOrgIds(deps.db, userId, q.scope === 'review' ? REVIEWERS : READERS)
    if (scope.length === 0) return { items: [], nextCursor: null }
    rows = await declSelect(deps.db)
      .where(and(inArray(declarations.branchId, scope), statusCond))
      // The queue: oldest first, so nobody waits longest.
      .orderBy(...(q.scope === 'review' ? [asc(declarations.createdAt)] : [desc(declarations.createdAt)]), asc(declarations.id))
      .limit(q.limit + 1)
      .offset(offset)
  } else {
    rows = await declSelect(deps.db)
      .where(and(eq(declarations.userId, userId), statusCond))
      .orderBy(sql`${declarations.createdAt} DESC`, asc(declarations.id))
      .limit(q.limit + 1)
      .offset(offset)
  }
  const now = deps.now()
  const { page, nextCursor } = offsetPage(rows, offset, q.limit)
  // The full phone number only to the reviewing secretary; a supervisor sees it masked.
  return { items: page.map((r) => toDeclaration({ ...r.d, branchName: r.branchName }, now, q.scope === 'review', deps.cipher)), nextCursor }
}

/** The declaration, if the user filed it or may review it; otherwise 404 (never "exists but not yours"). */
export async function getDeclaration(deps: IdentityDeps, userId: string, id: string): Promise<Declaration> {
  const [r] = await declSelect(deps.db).where(eq(declarations.id, id))
  if (!r) throw notFound('找不到这份申报')
  const own = r.d.userId === userId
  const reviewer = !own && (await canActAs(deps.db, userId, REVIEWERS, r.d.branchId))
  const supervisor = !own && !reviewer && (await canActAs(deps.db, userId, READERS, r.d.branchId))
  if (!own && !reviewer && !supervisor) throw notFound('找不到这份申报')
  return toDeclaration({ ...r.d, branchName: r.branchName }, deps.now(), reviewer, deps.cipher)
}

/** The declaration row, locked for this transaction, if the reviewer may act on it and it is still pending. */
async function lockForReview(tx: DbOrTx, userId: string, id: string) {
  const [d] = await tx.select().from(declarations).where(eq(declarations.id, id)).for('update')
  if (!d || !(await canActAs(tx, userId, REVIEWERS, d.branchId))) throw notFound('找不到这份申报，或它不在你审核的支部范围内')
  if (d.status !== 'pending') {
    throw conflict(`这份申报已经${d.status === 'approved' ? '通过' : '被退回'}，不能再次审核`, ErrorCodes.DECLARATION_NOT_PENDING)
  }
  return d
}

export async function approveDeclaration(deps: IdentityDeps, reviewerId: string, id: string) {
  return deps.db.transaction(async (tx) => {
    const d = await lockForReview(tx, reviewerId, id)
    if (await activeMembership(tx, d.userId)) throw conflict('申报人已经是某个支部的党员，不能重复加入', ErrorCodes.ALREADY_MEMBER)
    const now = deps.now()
    const [member] = await tx
      .insert(members)
      .values({ userId: d.userId, branchId: d.branchId, realName: d.realName, memberType: d.memberType, joinedAt: d.joinedAt })
      .returning({ id: members.id })
    await tx.insert(memberCards).values({ memberId: member.id, pledge: d.pledge, position: d.position })
    await tx
      .update(declarations)
      .set({ status: 'approved', reviewerId, reviewedAt: now, memberId: member.id })
      .where(eq(declarations.id, id))
    // 认领: an imported ledger listing this person (same name and phone) now points at the member,
    // and the member is counted at the enterprise the ledger gives.
    const [claimed] = await tx
      .update(ledgerMembers)
      .set({ memberId: member.id, claimedAt: now })
      .where(and(eq(ledgerMembers.realName, d.realName), eq(ledgerMembers.phoneHash, deps.phoneHash(openPhone(deps.cipher, d.phone))), isNull(ledgerMembers.memberId)))
      .returning({ id: ledgerMembers.id, enterpriseId: ledgerMembers.enterpriseId })
    if (claimed?.enterpriseId) await tx.update(members).set({ enterpriseId: claimed.enterpriseId }).where(eq(members.id, member.id))
    await audit(tx, {
      actorId: reviewerId,
      action: 'declaration.approved',
      targetType: 'declaration',
      targetId: id,
      details: { memberId: member.id, ...(claimed ? { ledgerMemberId: claimed.id } : {}) },
    })
    return { status: 'approved' as const, memberId: member.id }
  })
}

export async function rejectDeclaration(deps: IdentityDeps, reviewerId: string, id: string, reason: string) {
  return deps.db.transaction(async (tx) => {
    await lockForReview(tx, reviewerId, id)
    await tx
      .update(declarations)
      .set({ status: 'rejected', rejectReason: reason, reviewerId, reviewedAt: deps.now() })
      .where(eq(declarations.id, id))
    await audit(tx, { actorId: reviewerId, action: 'declaration.rejected', targetType: 'declaration', targetId: id, details: { reason } })
    return { status: 'rejected' as const }
  })
}

// ── card ─────────────────────────────────────────────────────────────────────

const DEFAULT_CARD = { epoch: 1, pledge: null, position: null, showName: true, showBranch: true, showPosts: true, showPledge: true, onWall: false }

async function cardsOf(db: DbOrTx, memberIds: string[]): Promise<Map<string, typeof memberCards.$inferSelect>> {
  if (memberIds.length === 0) return new Map()
  const rows = await db.select().from(memberCards).where(inArray(memberCards.memberId, memberIds))
  return new Map(rows.map((c) => [c.memberId, c]))
}

async function postsOf(db: DbOrTx, memberIds: string[]): Promise<Map<string, Post[]>> {
  const out = new Map<string, Post[]>()
  if (memberIds.length === 0) return out
  const rows = await db
    .select()
    .from(memberPosts)
    .where(and(inArray(memberPosts.memberId, memberIds), isNull(memberPosts.removedAt)))
    .orderBy(asc(memberPosts.createdAt))
  for (const r of rows) {
    const list = out.get(r.memberId) ?? []
    list.push({ id: r.id, kind: r.kind, kindLabel: POST_KIND_LABELS[r.kind], title: r.title })
    out.set(r.memberId, list)
  }
  return out
}

/** The user's active membership and its card row (none for members created before 亮身份); 404 NOT_A_MEMBER without one. */
async function activeMemberOf(db: DbOrTx, userId: string) {
  const m = await activeMembership(db, userId)
  if (!m) throw notFound('你还不是登记在册的党员：请先在「亮身份」提交申报，支部书记审核通过后即可领取电子党员证', ErrorCodes.NOT_A_MEMBER)
  const [card] = await db.select().from(memberCards).where(eq(memberCards.memberId, m.member.id))
  return { ...m, card: card ?? null }
}

export async function getCard(deps: IdentityDeps, userId: string): Promise<Card> {
  const m = await activeMemberOf(deps.db, userId)
  const card = m.card ?? { ...DEFAULT_CARD, memberId: m.member.id, updatedAt: new Date(0) }
  const posts = (await postsOf(deps.db, [m.member.id])).get(m.member.id) ?? []
  const name = m.member.realName
  return {
    memberId: m.member.id,
    realName: name,
    avatarText: Array.from(name).slice(-1)[0] ?? '党',
    branchName: m.branchName,
    memberType: m.member.memberType,
    joinedAt: m.member.joinedAt,
    partyAgeYears: partyAgeYears(m.member.joinedAt, m.member.memberType, chinaDate(deps.now())),
    posts,
    pledge: card.pledge,
    position: card.position,
    privacy: { showName: card.showName, showBranch: card.showBranch, showPosts: card.showPosts, showPledge: card.showPledge, onWall: card.onWall },
    verifyCode: deps.cards.sign(m.member.id, card.epoch),
  }
}

/** Makes sure the member has a card row (members created before 亮身份 have none). */
async function ensureCard(tx: DbOrTx, memberId: string) {
  await tx.insert(memberCards).values({ memberId }).onConflictDoNothing()
}

export async function updateCard(deps: IdentityDeps, userId: string, patch: z.infer<typeof CardUpdateSchema>): Promise<Card> {
  await deps.db.transaction(async (tx) => {
    const m = await activeMemberOf(tx, userId)
    await ensureCard(tx, m.member.id)
    await tx
      .update(memberCards)
      .set({ ...patch, updatedAt: deps.now() })
      .where(eq(memberCards.memberId, m.member.id))
    await audit(tx, { actorId: userId, action: 'card.updated', targetType: 'member', targetId: m.member.id, details: { fields: Object.keys(patch) } })
  })
  return getCard(deps, userId)
}

/** Invalidates every code issued so far; the card gets a new one. */
export async function revokeCard(deps: IdentityDeps, userId: string): Promise<Card> {
  await deps.db.transaction(async (tx) => {
    const m = await activeMemberOf(tx, userId)
    await ensureCard(tx, m.member.id)
    await tx
      .update(memberCards)
      .set({ epoch: sql`${memberCards.epoch} + 1`, updatedAt: deps.now() })
      .where(eq(memberCards.memberId, m.member.id))
    await audit(tx, { actorId: userId, action: 'card.revoked', targetType: 'member', targetId: m.member.id })
  })
  return getCard(deps, userId)
}

const cardInvalid = () => notFound(CARD_INVALID_MESSAGE, ErrorCodes.CARD_INVALID)

/** Public check of a scanned code. Forged, altered, revoked, left or unknown all read the same. */
export async function verifyCard(deps: IdentityDeps, code: string): Promise<VerifyResult> {
  const opened = deps.cards.open(code)
  if (!opened) throw cardInvalid()
  const [m] = await deps.db
    .select({ member: members, branchName: organizations.name, card: memberCards })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.branchId))
    .leftJoin(memberCards, eq(memberCards.memberId, members.id))
    .where(eq(members.id, opened.memberId))
  const card = m?.card ?? DEFAULT_CARD
  if (!m || m.member.status !== 'active' || card.epoch !== opened.epoch) throw cardInvalid()
  const posts = card.showPosts ? ((await postsOf(deps.db, [m.member.id])).get(m.member.id) ?? []) : []
  return {
    valid: true,
    displayName: card.showName ? m.member.realName : maskName(m.member.realName),
    branchName: card.showBranch ? m.branchName : null,
    memberType: m.member.memberType,
    posts,
    pledge: card.showPledge ? card.pledge : null,
    checkedAt: deps.now().toISOString(),
  }
}

// ── posts and wall ───────────────────────────────────────────────────────────

export async function assignPost(deps: IdentityDeps, secretaryId: string, body: z.infer<typeof PostBodySchema>): Promise<Post> {
  return deps.db.transaction(async (tx) => {
    const [m] = await tx.select().from(members).where(eq(members.id, body.memberId))
    if (!m || !(await canActAs(tx, secretaryId, REVIEWERS, m.branchId))) throw notFound('找不到这名党员，或他不在你负责的支部')
    if (m.status !== 'active') throw conflict('这名党员已不在本支部，不能设岗', ErrorCodes.NOT_A_MEMBER)
    const [p] = await tx
      .insert(memberPosts)
      .values({ memberId: m.id, kind: body.kind, title: body.title, assignedBy: secretaryId, createdAt: deps.now() })
      .returning()
    await audit(tx, { actorId: secretaryId, action: 'post.assigned', targetType: 'member', targetId: m.id, details: { postId: p.id, kind: p.kind, title: p.title } })
    return { id: p.id, kind: p.kind, kindLabel: POST_KIND_LABELS[p.kind], title: p.title }
  })
}

export async function removePost(deps: IdentityDeps, secretaryId: string, postId: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const [p] = await tx
      .select({ post: memberPosts, branchId: members.branchId })
      .from(memberPosts)
      .innerJoin(members, eq(members.id, memberPosts.memberId))
      .where(and(eq(memberPosts.id, postId), isNull(memberPosts.removedAt)))
    if (!p || !(await canActAs(tx, secretaryId, REVIEWERS, p.branchId))) throw notFound('找不到这个岗位')
    await tx.update(memberPosts).set({ removedAt: deps.now() }).where(eq(memberPosts.id, postId))
    await audit(tx, { actorId: secretaryId, action: 'post.removed', targetType: 'member', targetId: p.post.memberId, details: { postId } })
  })
}

/** The branch's 亮身份 wall: members who chose to be on it, with posts and pledges. */
export async function branchWall(deps: IdentityDeps, branchId: string): Promise<Wall> {
  const [branch] = await deps.db.select().from(organizations).where(eq(organizations.id, branchId))
  if (!branch || branch.type !== 'branch') throw notFound('找不到这个党支部')
  const roster = await branchRoster(deps.db, branchId)
  const cards = await cardsOf(deps.db, roster.map((m) => m.id))
  const visible = roster.map((member) => ({ member, card: cards.get(member.id) ?? null })).filter((r) => (r.card ?? DEFAULT_CARD).onWall)
  const posts = await postsOf(deps.db, visible.map((r) => r.member.id))
  return {
    branchId,
    branchName: branch.name,
    items: visible.map((r) => {
      const card = r.card ?? DEFAULT_CARD
      return {
        memberId: r.member.id,
        displayName: card.showName ? r.member.realName : maskName(r.member.realName),
        memberType: r.member.memberType,
        posts: card.showPosts ? (posts.get(r.member.id) ?? []) : [],
        pledge: card.showPledge ? card.pledge : null,
      }
    }),
  }
}

/** Active members of a branch, for the secretary's post assignment (scope-checked). */
export async function branchMembers(deps: IdentityDeps, secretaryId: string, branchId: string) {
  // Read-only for a committee's admins and instructors above the branch too; assigning posts stays the secretary's.
  if (!(await canActAs(deps.db, secretaryId, READERS, branchId))) throw notFound('找不到这个党支部，或它不在你负责的范围')
  const rows = await branchRoster(deps.db, branchId)
  const posts = await postsOf(deps.db, rows.map((r) => r.id))
  return {
    items: rows.map((r) => ({ memberId: r.id, realName: r.realName, memberType: r.memberType, joinedAt: r.joinedAt, posts: posts.get(r.id) ?? [] })),
  }
}
