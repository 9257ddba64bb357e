import { and, desc, eq, inArray, isNotNull, isNull, sql, type Placeholder, type SQL } from 'drizzle-orm'
import sanitizeHtml from 'sanitize-html'
import {
  LESSON_CATEGORIES,
  POSITION_SLACK_SEC,
  applyHeartbeat,
  articleSeconds,
  type Lesson,
  type LessonBody,
  type LessonItem,
  type LessonQuery,
  type StudySummary,
} from '../../../../src/domain/lessons'
import { addDays, chinaDate, daysBetween, periodStart } from '../../../../src/domain/time'
import { rowsOf, type Db, type DbOrTx } from '../../db/client'
import { prepared } from '../../db/prepared'
import { lessonProgress, lessons, organizations, roleAssignments, studyDays } from '../../db/schema'
import { forbidden, invalid, notFound } from '../../lib/errors'
import { decodeCursor, isKeyset, keysetPage } from '../../lib/paging'
import { audit } from '../../plugins/audit'
import { memberBranchQuery, mobileBranchesOn } from '../membership/service'
import { canActAs, scopeOrgIdsQuery } from '../scope/service'

/** Who publishes lessons: a secretary for their branch, an admin for their committee (and below). */
const PUBLISHERS = ['secretary', 'admin'] as const

export interface LessonDeps {
  db: Db
  now: () => Date
}

type LessonRow = typeof lessons.$inferSelect
type ProgressRow = typeof lessonProgress.$inferSelect

// ── who sees what ────────────────────────────────────────────────────────────

/**
 * Organizations whose published lessons the user may study: their branch (member or registered
 * 流动党员), the orgs they hold a role on, every ancestor of those, and the top-level organizations
 * (whose lessons are for everyone, guests included).
 */
async function studyOrgIds(db: DbOrTx, userId: string, now: Date): Promise<string[]> {
  const rows = rowsOf<{ id: string }>(await db.execute(studyOrgIdsQuery(db, userId, chinaDate(now))))
  return rows.map((r) => r.id)
}

/** The same set as a query to embed in SQL. */
function studyOrgIdsQuery(db: DbOrTx, userId: string | Placeholder, today: string | Placeholder): SQL {
  return sql`
      WITH RECURSIVE mine(id) AS (
        ${memberBranchQuery(db, userId)}
        UNION SELECT org_id FROM role_assignments WHERE user_id = ${userId}
        UNION ${mobileBranchesOn(db, userId, today)}
      ),
      up(id, parent_id, depth) AS (
        SELECT o.id, o.parent_id, 0 FROM organizations o JOIN mine ON mine.id = o.id
        UNION ALL
        SELECT o.id, o.parent_id, up.depth + 1 FROM organizations o JOIN up ON o.id = up.parent_id WHERE up.depth < 32
      )
      SELECT id FROM up UNION SELECT id FROM organizations WHERE parent_id IS NULL`
}

function progressOf(p: Pick<ProgressRow, 'positionSec' | 'creditedSec' | 'completedAt'> | null) {
  if (!p) return null
  return { positionSec: Math.floor(p.positionSec), creditedSec: Math.floor(p.creditedSec), completed: p.completedAt !== null }
}

/** What a list row needs of a lesson: not its body or media (an article's body can be 100 KB). */
type LessonCard = Pick<LessonRow, 'id' | 'title' | 'category' | 'kind' | 'lecturer' | 'durationSec' | 'coverUrl' | 'publishedAt' | 'createdAt'>

function toItem(l: LessonCard, orgName: string, p: Pick<ProgressRow, 'positionSec' | 'creditedSec' | 'completedAt'> | null): LessonItem {
  return {
    id: l.id,
    title: l.title,
    category: l.category,
    kind: l.kind,
    lecturer: l.lecturer,
    durationSec: l.durationSec,
    coverUrl: l.coverUrl,
    orgName,
    publishedAt: l.publishedAt?.toISOString() ?? null,
    myProgress: progressOf(p),
  }
}

// ── the list ─────────────────────────────────────────────────────────────────

/** The position after a lesson in the list's order: its published time for studying, creation time for managing, and id. */
const isLessonPosition = isKeyset((at) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(at) && !Number.isNaN(Date.parse(at)))
const positionOf = (l: LessonCard, manage: boolean) => [(manage ? l.createdAt : (l.publishedAt ?? l.createdAt)).toISOString(), l.id]

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`)

/**
 * The list's one query, its one round trip: lessons of the organizations the user studies (or, for
 * `manage`, publishes to) with this user's progress joined on its primary key, keyset-paged. A
 * prepared statement per shape of the query (scope, and which filters are given): PostgreSQL plans
 * it once per connection instead of once per request, and planning cost more than running it.
 */
type ListShape = { manage: boolean; category: boolean; search: boolean; after: boolean; limit: number }
// The limit is part of the SQL text, not a value: with an unknown limit PostgreSQL's generic plan
// sorts every lesson instead of walking the index for the first page.
const shapeName = (k: ListShape) => `lesson_list_${k.manage ? 'm' : 's'}${k.category ? 'c' : ''}${k.search ? 'q' : ''}${k.after ? 'a' : ''}_${k.limit}`

function lessonListStatement(db: Db, k: ListShape) {
  const user = sql.placeholder('userId')
  // Manage lists drafts too, ordered by creation; study lists published lessons, newest first.
  const sortAt = k.manage ? lessons.createdAt : lessons.publishedAt
  const orgs = k.manage ? scopeOrgIdsQuery(user, PUBLISHERS) : studyOrgIdsQuery(db, user, sql.placeholder('today'))
  const conds: (SQL | undefined)[] = [sql`${lessons.orgId} IN (${orgs})`, k.manage ? undefined : isNotNull(lessons.publishedAt)]
  if (k.category) conds.push(eq(lessons.category, sql.placeholder('category')))
  if (k.search) conds.push(sql`(${lessons.title} ILIKE ${sql.placeholder('like')} OR ${lessons.lecturer} ILIKE ${sql.placeholder('like')})`)
  if (k.after) conds.push(sql`(${sortAt}, ${lessons.id}) < (${sql.placeholder('afterAt')}::timestamptz, ${sql.placeholder('afterId')}::uuid)`)
  return db
    .select({
      l: {
        id: lessons.id,
        title: lessons.title,
        category: lessons.category,
        kind: lessons.kind,
        lecturer: lessons.lecturer,
        durationSec: lessons.durationSec,
        coverUrl: lessons.coverUrl,
        publishedAt: lessons.publishedAt,
        createdAt: lessons.createdAt,
      },
      orgName: organizations.name,
      p: { positionSec: lessonProgress.positionSec, creditedSec: lessonProgress.creditedSec, completedAt: lessonProgress.completedAt },
    })
    .from(lessons)
    .innerJoin(organizations, eq(organizations.id, lessons.orgId))
    .leftJoin(lessonProgress, and(eq(lessonProgress.lessonId, lessons.id), eq(lessonProgress.userId, user)))
    .where(and(...conds))
    .orderBy(desc(sortAt), desc(lessons.id))
    // (drizzle sends a number as a value; raw SQL is written into the text — k.limit is an integer)
    .limit(sql.raw(String(Math.trunc(k.limit))) as unknown as number)
    .prepare(shapeName(k))
}

export async function listLessons(deps: LessonDeps, userId: string, q: LessonQuery) {
  const after = decodeCursor(q.cursor, isLessonPosition)
  const k: ListShape = { manage: q.scope === 'manage', category: !!q.category, search: !!q.q, after: !!after, limit: q.limit + 1 }
  const rows = await prepared(deps.db, shapeName(k), (db) => lessonListStatement(db, k)).execute({
    userId,
    today: chinaDate(deps.now()),
    category: q.category,
    like: q.q ? `%${likeEscape(q.q)}%` : undefined,
    afterAt: after?.[0],
    afterId: after?.[1],
  })
  const { page, nextCursor } = keysetPage(rows, q.limit, (last) => positionOf(last.l, k.manage))
  return { items: page.map((r) => toItem(r.l, r.orgName, r.p && r.p.positionSec !== null ? (r.p as ProgressRow) : null)), nextCursor }
}

export async function categories(deps: LessonDeps, userId: string) {
  const orgIds = await studyOrgIds(deps.db, userId, deps.now())
  const rows =
    orgIds.length === 0
      ? []
      : await deps.db
          .select({ name: lessons.category, count: sql<number>`count(*)::int` })
          .from(lessons)
          .where(and(inArray(lessons.orgId, orgIds), isNotNull(lessons.publishedAt)))
          .groupBy(lessons.category)
  const known = LESSON_CATEGORIES as readonly string[]
  const byName = new Map(rows.map((r) => [r.name, r.count]))
  const ordered = [...known.filter((c) => byName.has(c)), ...rows.map((r) => r.name).filter((c) => !known.includes(c)).sort()]
  return { items: ordered.map((name) => ({ name, count: byName.get(name) ?? 0 })) }
}

// ── one lesson ───────────────────────────────────────────────────────────────

/** Published, and from one of the organizations whose lessons the user studies. */
async function mayStudy(db: DbOrTx, userId: string, l: LessonRow, now: Date): Promise<boolean> {
  return l.publishedAt !== null && (await studyOrgIds(db, userId, now)).includes(l.orgId)
}

export async function getLesson(deps: LessonDeps, userId: string, id: string): Promise<Lesson> {
  const [r] = await deps.db.select({ l: lessons, orgName: organizations.name }).from(lessons).innerJoin(organizations, eq(organizations.id, lessons.orgId)).where(eq(lessons.id, id))
  // Publishers also open their drafts; anyone else sees only what they may study (otherwise 404).
  const canEdit = !!r && (await canActAs(deps.db, userId, PUBLISHERS, r.l.orgId))
  if (!r || (!canEdit && !(await mayStudy(deps.db, userId, r.l, deps.now())))) throw notFound('找不到这节微党课，或它还没有发布')
  const { l, orgName } = r
  const [p] = await deps.db.select().from(lessonProgress).where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, id)))
  return {
    ...toItem(l, orgName, p ?? null),
    mediaUrl: l.mediaUrl,
    bodyHtml: l.bodyHtml,
    orgId: l.orgId,
    published: l.publishedAt !== null,
    canEdit,
  }
}

// ── heartbeats ───────────────────────────────────────────────────────────────

/**
 * One heartbeat: the row is locked, and the clock is read only once the lock is held, so 100 beats
 * at once are applied one after another, each against the previous one's time — together they
 * credit at most the real time that passed. (Reading the clock before waiting let a queued beat
 * set the last beat back in time, and the next beat was credited the same seconds again.)
 */
export async function heartbeat(deps: LessonDeps, userId: string, id: string, positionSec: number) {
  return deps.db.transaction(async (tx) => {
    const [l] = await tx.select().from(lessons).where(eq(lessons.id, id))
    if (!l || !(await mayStudy(tx, userId, l, deps.now()))) {
      throw notFound('找不到这节微党课，或它还没有发布')
    }
    if (positionSec > l.durationSec + POSITION_SLACK_SEC) {
      throw invalid(`播放位置超出了课程时长（${l.durationSec} 秒）`, [{ path: 'positionSec', message: '播放位置超出了课程时长' }])
    }
    await tx.insert(lessonProgress).values({ userId, lessonId: id, updatedAt: deps.now() }).onConflictDoNothing()
    const [row] = await tx
      .select()
      .from(lessonProgress)
      .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, id)))
      .for('update')
    // After the lock, and never before the last beat: the time line only moves forward.
    const now = new Date(Math.max(deps.now().getTime(), row.lastBeatAt?.getTime() ?? 0))
    const next = applyHeartbeat(
      { positionSec: row.positionSec, creditedSec: row.creditedSec, lastBeatAt: row.lastBeatAt?.getTime() ?? null, completed: row.completedAt !== null },
      { positionSec, nowMs: now.getTime() },
      l,
    )
    await tx
      .update(lessonProgress)
      .set({
        positionSec: next.positionSec,
        creditedSec: next.creditedSec,
        lastBeatAt: now,
        completedAt: row.completedAt ?? (next.completed ? now : null),
        updatedAt: now,
      })
      .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonId, id)))
    if (next.creditedNowSec > 0) {
      await tx
        .insert(studyDays)
        .values({ userId, day: chinaDate(now), creditedSec: next.creditedNowSec })
        .onConflictDoUpdate({ target: [studyDays.userId, studyDays.day], set: { creditedSec: sql`${studyDays.creditedSec} + ${next.creditedNowSec}` } })
    }
    return { creditedSec: Math.floor(next.creditedSec), completed: next.completed, positionSec: Math.floor(next.positionSec) }
  })
}

// ── the study summary ───────────────────────────────────────────────────────

export async function studySummary(deps: LessonDeps, userId: string): Promise<StudySummary> {
  const today = chinaDate(deps.now())
  const firstWeek = addDays(periodStart('week', today), -7 * 7)
  const monthStart = periodStart('month', today)
  const [totals] = await deps.db
    .select({
      total: sql<number>`COALESCE(SUM(${lessonProgress.creditedSec}), 0)`.mapWith(Number),
      completed: sql<number>`COUNT(${lessonProgress.completedAt})`.mapWith(Number),
    })
    .from(lessonProgress)
    .where(eq(lessonProgress.userId, userId))
  const days = await deps.db
    .select({ day: studyDays.day, sec: studyDays.creditedSec })
    .from(studyDays)
    .where(and(eq(studyDays.userId, userId), sql`${studyDays.day} >= LEAST(${firstWeek}::date, ${monthStart}::date)`))
  const weeks = Array.from({ length: 8 }, (_, i) => ({ weekStart: addDays(firstWeek, 7 * i), sec: 0 }))
  let thisMonth = 0
  for (const d of days) {
    if (d.day >= monthStart) thisMonth += d.sec
    if (d.day >= firstWeek) weeks[Math.min(7, Math.floor(daysBetween(firstWeek, d.day) / 7))].sec += d.sec
  }
  const [cont] = await deps.db
    .select({ id: lessons.id, title: lessons.title, kind: lessons.kind, durationSec: lessons.durationSec, positionSec: lessonProgress.positionSec })
    .from(lessonProgress)
    .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
    .where(and(eq(lessonProgress.userId, userId), isNull(lessonProgress.completedAt), isNotNull(lessons.publishedAt), sql`${lessonProgress.positionSec} >= 1`))
    .orderBy(desc(lessonProgress.updatedAt))
    .limit(1)
  const recent = await deps.db
    .select({ id: lessons.id, title: lessons.title, kind: lessons.kind, positionSec: lessonProgress.positionSec, creditedSec: lessonProgress.creditedSec, completedAt: lessonProgress.completedAt })
    .from(lessonProgress)
    .innerJoin(lessons, eq(lessons.id, lessonProgress.lessonId))
    .where(and(eq(lessonProgress.userId, userId), isNotNull(lessons.publishedAt)))
    .orderBy(desc(lessonProgress.updatedAt))
    .limit(5)
  return {
    recent: recent.map((r) => ({ id: r.id, title: r.title, kind: r.kind, positionSec: Math.floor(r.positionSec), creditedSec: Math.floor(r.creditedSec), completed: r.completedAt !== null })),
    totalSec: Math.floor(totals?.total ?? 0),
    thisMonthSec: Math.floor(thisMonth),
    completedCount: totals?.completed ?? 0,
    weeks: weeks.map((w) => ({ weekStart: w.weekStart, sec: Math.floor(w.sec) })),
    continueLesson: cont ? { ...cont, positionSec: Math.floor(cont.positionSec) } : null,
  }
}

// ── publishing ───────────────────────────────────────────────────────────────

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'h2', 'h3', 'h4', 'strong', 'b', 'em', 'i', 'u', 'blockquote', 'ul', 'ol', 'li', 'a', 'img', 'span', 'section', 'hr'],
  allowedAttributes: { a: ['href', 'title'], img: ['src', 'alt', 'width', 'height'] },
  allowedSchemes: ['https', 'http'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Text inside removed <script>/<style>/<iframe> is dropped, not shown.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math'],
}

/** Article HTML with nothing that runs: no scripts, no event handlers, no javascript: or data: URLs. */
export function sanitizeArticle(html: string): string {
  return sanitizeHtml(html, SANITIZE).trim()
}

/** Characters of text in the HTML (what the reading time is estimated from). */
export function textLength(html: string): number {
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, '').length
}

function columns(body: LessonBody) {
  const bodyHtml = body.kind === 'article' ? sanitizeArticle(body.bodyHtml ?? '') : null
  if (body.kind === 'article' && (!bodyHtml || textLength(bodyHtml) === 0)) {
    throw invalid('正文清理后为空，请填写文字内容', [{ path: 'bodyHtml', message: '正文清理后为空' }])
  }
  return {
    orgId: body.orgId,
    title: body.title,
    category: body.category,
    kind: body.kind,
    lecturer: body.lecturer || null,
    coverUrl: body.coverUrl || null,
    mediaUrl: body.kind === 'article' ? null : (body.mediaUrl ?? null),
    bodyHtml,
    durationSec: body.kind === 'article' ? articleSeconds(textLength(bodyHtml!)) : body.durationSec!,
  }
}

export async function createLesson(deps: LessonDeps, userId: string, body: LessonBody) {
  return deps.db.transaction(async (tx) => {
    if (!(await canActAs(tx, userId, PUBLISHERS, body.orgId))) throw forbidden('只有该组织（或上级）的书记、管理员可以发布微党课')
    const now = deps.now()
    const [l] = await tx
      .insert(lessons)
      .values({ ...columns(body), publishedAt: body.publish ? now : null, createdBy: userId, createdAt: now, updatedAt: now })
      .returning({ id: lessons.id })
    await audit(tx, { actorId: userId, action: 'lesson.created', targetType: 'lesson', targetId: l.id, details: { publish: body.publish } })
    return { id: l.id, published: body.publish }
  })
}

async function lockEditable(tx: DbOrTx, userId: string, id: string) {
  const [l] = await tx.select().from(lessons).where(eq(lessons.id, id)).for('update')
  if (!l || !(await canActAs(tx, userId, PUBLISHERS, l.orgId))) throw notFound('找不到这节微党课，或你不能修改它')
  return l
}

export async function updateLesson(deps: LessonDeps, userId: string, id: string, body: LessonBody) {
  return deps.db.transaction(async (tx) => {
    const l = await lockEditable(tx, userId, id)
    if (body.orgId !== l.orgId && !(await canActAs(tx, userId, PUBLISHERS, body.orgId))) throw forbidden('不能把微党课移到你管理范围以外的组织')
    const now = deps.now()
    await tx
      .update(lessons)
      .set({ ...columns(body), publishedAt: body.publish ? (l.publishedAt ?? now) : null, updatedAt: now })
      .where(eq(lessons.id, id))
    await audit(tx, { actorId: userId, action: 'lesson.updated', targetType: 'lesson', targetId: id })
    return { id, published: body.publish }
  })
}

export async function setPublished(deps: LessonDeps, userId: string, id: string, publish: boolean) {
  return deps.db.transaction(async (tx) => {
    const l = await lockEditable(tx, userId, id)
    const now = deps.now()
    await tx
      .update(lessons)
      .set({ publishedAt: publish ? (l.publishedAt ?? now) : null, updatedAt: now })
      .where(eq(lessons.id, id))
    await audit(tx, { actorId: userId, action: publish ? 'lesson.published' : 'lesson.unpublished', targetType: 'lesson', targetId: id })
    return { id, published: publish }
  })
}

/** Orgs where the user may publish (for the form's picker). */
export async function publishOrgs(deps: LessonDeps, userId: string) {
  const rows = await deps.db
    .selectDistinct({ id: organizations.id, name: organizations.name })
    .from(roleAssignments)
    .innerJoin(organizations, eq(organizations.id, roleAssignments.orgId))
    .where(and(eq(roleAssignments.userId, userId), inArray(roleAssignments.role, [...PUBLISHERS])))
  return { items: rows }
}
