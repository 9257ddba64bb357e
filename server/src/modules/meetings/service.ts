import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { z } from 'zod'
import { ErrorCodes } from '../../../../src/domain/errors'
import {
  CHECKIN_STEP_MS,
  MINUTES_LOCK_MS,
  MEETING_TYPE_LABELS,
  checkinWindow,
  quorumRequired,
  stepAccepted,
  stepExpiresAt,
  timeStep,
  withinGeofence,
  type Attendance,
  type CheckinKind,
  type CheckinResult,
  type Meeting,
  type MeetingBody,
  type Minutes,
  type MyStatus,
} from '../../../../src/domain/meetings'
import type { CheckinBodySchema, GuestCheckinBodySchema, MeetingQuerySchema, Place, PlacesQuerySchema } from '../../../../src/domain/meetings'
import { PIN_MAX_ATTEMPTS, type PinCheckinBodySchema } from '../../../../src/domain/checkin-code'
import { PLACES_LIMIT, type MeetingListScope as ListScope } from '../../../../src/domain/meetings'
import { rowsOf, type Db, type DbOrTx } from '../../db/client'
import { perDatabase, prepared } from '../../db/prepared'
import { checkinPinAttempts, checkins, meetingLeaves, meetingMinutes, meetings, members, minuteAmendments, organizations, users } from '../../db/schema'
import { chinaDate, chinaDateTime, formatChina } from '../../../../src/domain/time'
import { badRequest, conflict, forbidden, gone, invalid, notFound, unprocessable } from '../../lib/errors'
import { decodeOffsetCursor, offsetPage } from '../../lib/paging'
import type { SignedIdCodes } from '../../lib/signedcode'
import { audit } from '../../plugins/audit'
import { sessionHolds, type UnconfirmedSession } from '../../plugins/auth'
import { activeMemberOf, activeMembership, attends, branchRoster, memberBranchQuery, mobileBranchIds, mobileBranchesOn, mobileRoster, standingColumns } from '../membership/service'
import { ACTORS, READERS, canActAs, scopeOrgIdsQuery } from '../scope/service'
import { leaveReceived } from '../reminders/service'
import { meetingListCache, type ListedMeeting } from './listcache'

/** Who runs a branch's meetings: its secretary (or a secretary above it). */
const ORGANIZERS = ACTORS

export interface MeetingDeps {
  db: Db
  codes: SignedIdCodes
  now: () => Date
}

type MeetingRow = typeof meetings.$inferSelect

const hhmm = (d: Date) => formatChina(d, 'HH:mm')

async function loadMeeting(db: DbOrTx, id: string): Promise<(MeetingRow & { branchName: string }) | null> {
  const [r] = await db
    .select({ m: meetings, branchName: organizations.name })
    .from(meetings)
    .innerJoin(organizations, eq(organizations.id, meetings.branchId))
    .where(eq(meetings.id, id))
  return r ? { ...r.m, branchName: r.branchName } : null
}

/** What a user's view of meetings depends on, fetched once for a whole list. */
interface Viewer {
  userId: string
  memberBranchId: string | null
  /** Branches where the user is a registered 流动党员: they attend there like members. */
  mobileBranches: Set<string>
  managed: Set<string>
  /** Branches whose records the viewer reads without acting: a committee's admins and instructors. */
  supervised: Set<string>
  mine: Map<string, { at: Date; kind: CheckinKind }>
  leaves: Set<string>
}

async function viewerOf(
  db: DbOrTx,
  userId: string,
  list: MeetingRow[],
  now: Date,
): Promise<Viewer> {
  const ids = list.map((m) => m.id)
  const membership = await activeMembership(db, userId)
  const mobileBranches = new Set(await mobileBranchIds(db, userId, now))
  const managed = new Set<string>()
  const supervised = new Set<string>()
  for (const branchId of new Set(list.map((m) => m.branchId))) {
    if (await canActAs(db, userId, ORGANIZERS, branchId)) managed.add(branchId)
    else if (await canActAs(db, userId, READERS, branchId)) supervised.add(branchId)
  }
  const mine = new Map<string, { at: Date; kind: CheckinKind }>()
  const leaves = new Set<string>()
  if (ids.length > 0) {
    // My sign-ins and leave requests for the page, in one round trip (a leave row has no time or kind).
    const rows: { meetingId: string; at: Date | null; kind: CheckinKind | null }[] = await db
      .select({ meetingId: checkins.meetingId, at: checkins.at, kind: checkins.kind })
      .from(checkins)
      .where(and(eq(checkins.userId, userId), inArray(checkins.meetingId, ids)))
      .unionAll(
        db
          .select({ meetingId: meetingLeaves.meetingId, at: sql<Date>`NULL::timestamptz`, kind: sql<CheckinKind>`NULL::checkin_kind` })
          .from(meetingLeaves)
          .where(and(eq(meetingLeaves.userId, userId), inArray(meetingLeaves.meetingId, ids))),
      )
    for (const r of rows) {
      if (r.kind === null || r.at === null) leaves.add(r.meetingId)
      else mine.set(r.meetingId, { at: r.at, kind: r.kind })
    }
  }
  return { userId, memberBranchId: membership?.member.branchId ?? null, mobileBranches, managed, supervised, mine, leaves }
}

type MeetingFacts = Omit<Meeting, 'branchName' | 'myStatus' | 'myCheckedInAt' | 'canManage' | 'canInspect'>

/**
 * What a meeting row says whoever looks: worked out once per row object. The rows of 我的组织生活
 * stay in memory (listcache.ts), so each is formatted once, not on every request.
 */
const factsOf = new WeakMap<ListedMeeting, MeetingFacts>()
function meetingFacts(m: ListedMeeting): MeetingFacts {
  let f = factsOf.get(m)
  if (!f) {
    f = {
      id: m.id,
      branchId: m.branchId,
      type: m.type,
      typeLabel: MEETING_TYPE_LABELS[m.type],
      title: m.title,
      agenda: m.agenda,
      location: m.location,
      startsAt: m.startsAt.toISOString(),
      endsAt: m.endsAt.toISOString(),
      open: m.open,
      capacity: m.capacity,
      geofence: m.geoLat !== null && m.geoLng !== null && m.geoRadiusM !== null ? { lat: m.geoLat, lng: m.geoLng, radiusM: m.geoRadiusM } : null,
      cancelled: m.cancelledAt !== null,
      cancelReason: m.cancelReason,
    }
    factsOf.set(m, f)
  }
  return f
}

function toMeeting(m: ListedMeeting, branchName: string, v: Viewer, now: Date): Meeting {
  const mine = v.mine.get(m.id)
  let myStatus: MyStatus | null = null
  if (mine) myStatus = mine.kind === 'guest' ? 'guest' : 'checked_in'
  else if (v.leaves.has(m.id)) myStatus = 'on_leave'
  else if (v.memberBranchId === m.branchId || v.mobileBranches.has(m.branchId)) myStatus = now > m.endsAt ? 'absent' : 'not_checked_in'
  const f = meetingFacts(m)
  // Written out, not spread: spreading the facts cost about 10 µs per row (measured in-process), the literal about 1 µs.
  return {
    id: f.id,
    branchId: f.branchId,
    branchName,
    type: f.type,
    typeLabel: f.typeLabel,
    title: f.title,
    agenda: f.agenda,
    location: f.location,
    startsAt: f.startsAt,
    endsAt: f.endsAt,
    open: f.open,
    capacity: f.capacity,
    geofence: f.geofence,
    cancelled: f.cancelled,
    cancelReason: f.cancelReason,
    myStatus,
    myCheckedInAt: mine?.at.toISOString() ?? null,
    canManage: v.managed.has(m.branchId),
    canInspect: v.managed.has(m.branchId) || v.supervised.has(m.branchId),
  }
}

/** The columns a meeting body sets, for both posting and editing. */
function meetingColumns(body: MeetingBody) {
  return {
    type: body.type,
    title: body.title,
    agenda: body.agenda || null,
    location: body.location,
    startsAt: new Date(body.startsAt),
    endsAt: new Date(body.endsAt),
    open: body.open,
    capacity: body.capacity ?? null,
    geoLat: body.geofence?.lat ?? null,
    geoLng: body.geofence?.lng ?? null,
    geoRadiusM: body.geofence?.radiusM ?? null,
  }
}

export async function createMeeting(deps: MeetingDeps, userId: string, body: MeetingBody): Promise<Meeting> {
  const m = await deps.db.transaction(async (tx) => {
    const [branch] = await tx.select().from(organizations).where(eq(organizations.id, body.branchId))
    if (!branch || branch.type !== 'branch' || !(await canActAs(tx, userId, ORGANIZERS, body.branchId))) {
      throw forbidden('只能为你负责的党支部发布组织生活')
    }
    const [row] = await tx
      .insert(meetings)
      .values({ branchId: body.branchId, ...meetingColumns(body), createdBy: userId, createdAt: deps.now() })
      .returning()
    await audit(tx, { actorId: userId, action: 'meeting.created', targetType: 'meeting', targetId: row.id, details: { branchId: body.branchId, type: body.type } })
    return { ...row, branchName: branch.name }
  })
  return toMeeting(m, m.branchName, await viewerOf(deps.db, userId, [m], deps.now()), deps.now())
}

/**
 * 常用地点: the places of the branch's geofenced meetings (not cancelled), one row per name and point,
 * the latest first, filtered by a part of the name. Only for those who post the branch's meetings.
 */
export async function listPlaces(deps: MeetingDeps, userId: string, query: z.infer<typeof PlacesQuerySchema>): Promise<{ items: Place[] }> {
  if (!(await canActAs(deps.db, userId, ORGANIZERS, query.branchId))) throw forbidden('只有本支部的书记可以查看常用地点')
  const q = query.q?.trim()
  // LIKE's own wildcards in what was typed are matched as themselves.
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  const rows = await deps.db
    .select({
      name: meetings.location,
      lat: meetings.geoLat,
      lng: meetings.geoLng,
      // the radius the latest meeting there used
      radiusM: sql<number>`(array_agg(${meetings.geoRadiusM} ORDER BY ${meetings.startsAt} DESC))[1]`,
      lastUsedAt: sql<Date>`max(${meetings.startsAt})`,
    })
    .from(meetings)
    .where(
      and(
        eq(meetings.branchId, query.branchId),
        sql`${meetings.geoLat} IS NOT NULL AND ${meetings.cancelledAt} IS NULL`,
        pattern ? sql`${meetings.location} ILIKE ${pattern}` : undefined,
      ),
    )
    .groupBy(meetings.location, meetings.geoLat, meetings.geoLng)
    .orderBy(sql`max(${meetings.startsAt}) DESC`)
    .limit(PLACES_LIMIT)
  return {
    items: rows.map((r) => ({ name: r.name, lat: r.lat!, lng: r.lng!, radiusM: Number(r.radiusM), lastUsedAt: new Date(r.lastUsedAt).toISOString() })),
  }
}

/** A meeting the user may see: a member, organizer or supervisor of its branch, or anyone when it is open. */
async function visibleMeeting(deps: MeetingDeps, userId: string, id: string) {
  const m = await loadMeeting(deps.db, id)
  if (!m) throw notFound('找不到这次组织生活')
  if (!m.open && !(await attends(deps.db, userId, m.branchId, deps.now())) && !(await canActAs(deps.db, userId, READERS, m.branchId))) {
    throw notFound('找不到这次组织生活')
  }
  return m
}

export async function getMeeting(deps: MeetingDeps, userId: string, id: string): Promise<Meeting> {
  const m = await visibleMeeting(deps, userId, id)
  return toMeeting(m, m.branchName, await viewerOf(deps.db, userId, [m], deps.now()), deps.now())
}

/**
 * mine: my branch's (and the branches I organize); open: open sessions of every branch;
 * supervised: every branch I see as a committee's admin or instructor (read-only). Upcoming first.
 */
/**
 * The list in one round trip: the rows of the page and, for each, everything the viewer's status
 * depends on (my sign-in, my leave, whether it is my branch, my 流动 branch, or one I organize).
 * A prepared statement per scope: PostgreSQL plans it once per connection (planning this query
 * cost more than running it).
 */
function meetingListStatement(db: Db, scope: ListScope) {
  const user = sql.placeholder('userId')
  const now = sql.placeholder('now')
  const memberBranch = memberBranchQuery(db, user)
  const mobile = mobileBranchesOn(db, user, sql.placeholder('today'))
  const cond =
    scope === 'open'
      ? eq(meetings.open, true)
      : scope === 'supervised'
        ? sql`${meetings.branchId} IN (${scopeOrgIdsQuery(user, READERS)})`
        : sql`${meetings.branchId} IN (${memberBranch} UNION ${mobile} UNION SELECT org_id FROM role_assignments WHERE user_id = ${user} AND role = 'secretary')`
  // Upcoming (not yet ended) first by start time, then past ones, most recent first.
  const order = [
    sql`CASE WHEN ${meetings.endsAt} >= ${now}::timestamptz THEN 0 ELSE 1 END`,
    sql`CASE WHEN ${meetings.endsAt} >= ${now}::timestamptz THEN ${meetings.startsAt} END ASC`,
    sql`${meetings.startsAt} DESC`,
    asc(meetings.id),
  ]
  // The page is chosen on the meetings table alone; names, my sign-in, my leave and my roles are
  // looked up for its rows only, not for every meeting of the branch.
  const page = db.select({ id: meetings.id }).from(meetings).where(cond).orderBy(...order).limit(sql.placeholder('limit')).offset(sql.placeholder('offset')).as('page')
  return db
    .select({
      m: meetings,
      branchName: organizations.name,
      myAt: checkins.at,
      myKind: checkins.kind,
      onLeave: sql<boolean>`EXISTS (SELECT 1 FROM meeting_leaves l WHERE l.meeting_id = ${meetings.id} AND l.user_id = ${user})`,
      memberHere: sql<boolean>`${meetings.branchId} IN (${memberBranch})`,
      mobileHere: sql<boolean>`${meetings.branchId} IN (${mobile})`,
      managed: sql<boolean>`${meetings.branchId} IN (${scopeOrgIdsQuery(user, ORGANIZERS)})`,
      // Every row of the supervised list is in the reader's scope (its WHERE says so); the other lists
      // leave it to the detail page rather than walk the tree a second time for each (canInspect).
      supervised: scope === 'supervised' ? sql<boolean>`true` : sql<boolean>`false`,
    })
    .from(page)
    .innerJoin(meetings, eq(meetings.id, page.id))
    .innerJoin(organizations, eq(organizations.id, meetings.branchId))
    .leftJoin(checkins, and(eq(checkins.meetingId, meetings.id), eq(checkins.userId, user)))
    .orderBy(...order)
    .prepare(`meeting_list_${scope}`)
}

/** `fromMemory: false` reads 我的组织生活 by SQL alone (the tests compare the two). */
export async function listMeetings(deps: MeetingDeps, userId: string, q: z.infer<typeof MeetingQuerySchema>, { fromMemory = true } = {}) {
  const now = deps.now()
  const offset = decodeOffsetCursor(q.cursor)
  const scope: ListScope = q.scope
  // 我的组织生活 from memory, confirmed by one round trip (listcache.ts); the other lists by SQL.
  const kept = scope === 'mine' && fromMemory ? await meetingListCache(deps.db).page(deps.db, userId, now, offset, q.limit) : null
  if (kept) {
    const { page, nextCursor } = offsetPage(kept.rows, offset, q.limit)
    const viewer: Viewer = { userId, ...kept.viewer, supervised: new Set() }
    return { items: page.map((m) => toMeeting(m, kept.names.get(m.branchId)!, viewer, now)), nextCursor }
  }
  const rows = await prepared(deps.db, `meeting_list_${scope}`, (db) => meetingListStatement(db, scope)).execute({
    userId,
    now: now.toISOString(),
    today: chinaDate(now),
    limit: q.limit + 1,
    offset,
  })
  const { page, nextCursor } = offsetPage(rows, offset, q.limit)
  const viewer: Viewer = { userId, memberBranchId: null, mobileBranches: new Set(), managed: new Set(), supervised: new Set(), mine: new Map(), leaves: new Set() }
  for (const r of page) {
    if (r.memberHere) viewer.memberBranchId = r.m.branchId
    if (r.mobileHere) viewer.mobileBranches.add(r.m.branchId)
    if (r.managed) viewer.managed.add(r.m.branchId)
    else if (r.supervised) viewer.supervised.add(r.m.branchId)
    if (r.myAt && r.myKind) viewer.mine.set(r.m.id, { at: r.myAt, kind: r.myKind })
    if (r.onLeave) viewer.leaves.add(r.m.id)
  }
  return { items: page.map((r) => toMeeting(r.m, r.branchName, viewer, now)), nextCursor }
}

async function assertOrganizer(db: DbOrTx, userId: string, id: string) {
  const m = await loadMeeting(db, id)
  if (!m || !(await canActAs(db, userId, ORGANIZERS, m.branchId))) {
    // A committee's admin or instructor sees the meeting, so they are told why they may not act.
    if (m && (await canActAs(db, userId, READERS, m.branchId))) throw forbidden('上级党委只能查看；这项操作由本支部书记办理')
    throw notFound('找不到这次组织生活，或你不是它所在支部的书记')
  }
  return m
}

/** The records of a meeting (attendance, 签到表): its organizers, and read-only its supervisors. */
async function assertInspector(db: DbOrTx, userId: string, id: string) {
  const m = await loadMeeting(db, id)
  if (!m || !(await canActAs(db, userId, READERS, m.branchId))) throw notFound('找不到这次组织生活，或你不是它所在支部的书记')
  return m
}

async function checkedInCount(db: DbOrTx, meetingId: string): Promise<number> {
  const [r] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM checkins WHERE meeting_id = ${meetingId}`))
  return r.n
}

/** The code on the secretary's screen: signed for this meeting and the current time step. */
export async function checkinCode(deps: MeetingDeps, userId: string, id: string) {
  const m = await assertOrganizer(deps.db, userId, id)
  const now = deps.now().getTime()
  const step = timeStep(now)
  return {
    code: deps.codes.sign(m.id, step),
    pin: deps.codes.pin(m.id, step),
    title: m.title,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    expiresAt: new Date(stepExpiresAt(step)).toISOString(),
    // Renew when the next step begins, so the code on screen is always the freshest.
    refreshAfterMs: (step + 1) * CHECKIN_STEP_MS - now,
    window: m.cancelledAt ? ('closed' as const) : checkinWindow(m.startsAt.getTime(), m.endsAt.getTime(), now),
    checkedIn: await checkedInCount(deps.db, m.id),
  }
}

const codeInvalid = () => badRequest('这不是有效的签到码，请扫描书记手机上显示的二维码', ErrorCodes.CHECKIN_CODE_INVALID)

/**
 * What a sign-in needs, in one prepared statement: the meeting, my sign-in if I have one, my active
 * membership and my 流动 registration at its branch.
 */
const contextStatement = (db: Db) => {
  const user = sql.placeholder('userId')
  return db
    .select({
      m: meetings,
      branchName: organizations.name,
      beforeAt: checkins.at,
      beforeKind: checkins.kind,
      ...standingColumns(db, user, meetings.branchId, sql.placeholder('today')),
      version: sql<string>`coalesce((SELECT mv.v FROM meeting_versions mv WHERE mv.branch_id = ${meetings.branchId}), 0)::text`,
    })
    .from(meetings)
    .innerJoin(organizations, eq(organizations.id, meetings.branchId))
    .leftJoin(checkins, and(eq(checkins.meetingId, meetings.id), eq(checkins.userId, user)))
    .where(eq(meetings.id, sql.placeholder('meetingId')))
    .prepare('checkin_context')
}

/** Everything a scanned code must pass before anyone is recorded. */
async function checkCode(deps: MeetingDeps, userId: string, code: string, location: Location | undefined) {
  const opened = deps.codes.open(code.trim())
  if (!opened) throw codeInvalid()
  return checkOpened(deps, userId, opened, location)
}

type Location = { lat: number; lng: number; accuracyM?: number }

/** The rules a scan must pass at `now` (ms): the code's time step, the meeting not cancelled, its window, its geofence. */
function assertScanAccepted(m: MeetingRow, counter: number, location: Location | undefined, now: number) {
  const step = stepAccepted(counter, now)
  if (step === 'future') throw codeInvalid()
  if (step === 'expired') throw gone('签到码已过期，请扫描书记手机上当前显示的二维码', ErrorCodes.CHECKIN_CODE_EXPIRED)
  if (m.cancelledAt) throw conflict(`这次组织生活已取消${m.cancelReason ? `：${m.cancelReason}` : ''}`, ErrorCodes.CHECKIN_WINDOW_CLOSED)
  const w = checkinWindow(m.startsAt.getTime(), m.endsAt.getTime(), now)
  if (w === 'not_open') throw conflict(`还没到签到时间：会议开始前 30 分钟（${hhmm(new Date(m.startsAt.getTime() - 30 * 60_000))}）开放签到`, ErrorCodes.CHECKIN_WINDOW_CLOSED)
  if (w === 'closed') throw conflict(`签到已结束：会议已于 ${hhmm(m.endsAt)} 结束`, ErrorCodes.CHECKIN_WINDOW_CLOSED)
  if (m.geoLat !== null && m.geoLng !== null && m.geoRadiusM !== null) {
    if (!location) throw unprocessable('这次会议需要定位签到：请允许获取位置后重新扫码', ErrorCodes.CHECKIN_LOCATION_REQUIRED)
    if (!withinGeofence({ lat: m.geoLat, lng: m.geoLng, radiusM: m.geoRadiusM }, location)) {
      throw unprocessable(`你不在会场附近（需在「${m.location}」${m.geoRadiusM} 米范围内），请到会场后再签到`, ErrorCodes.CHECKIN_OUT_OF_RANGE)
    }
  }
}

/** The sign-in context of a code that named (meeting, step): a scanned QR or a typed 数字签到码. */
async function checkOpened(deps: MeetingDeps, userId: string, opened: { id: string; counter: number }, location: Location | undefined) {
  const [ctx] = await prepared(deps.db, 'checkin_context', contextStatement).execute({ meetingId: opened.id, userId, today: chinaDate(deps.now()) })
  if (!ctx) throw codeInvalid()
  const m = { ...ctx.m, branchName: ctx.branchName }
  scannedMeetings(deps.db).remember(m, ctx.version)
  return {
    meeting: m,
    before: ctx.beforeAt && ctx.beforeKind ? { at: ctx.beforeAt, kind: ctx.beforeKind } : null,
    member: ctx.member,
    mobile: ctx.mobile,
    /** Checked after "already signed in", which is the kinder answer to a repeated scan. */
    validate: () => assertScanAccepted(m, opened.counter, location, deps.now().getTime()),
  }
}

/**
 * Meetings this instance has read for a sign-in, each with its branch's version then (see
 * `meeting_versions`): the next scans of the same meeting can be one statement instead of two
 * (`signInKnown`). Only meetings without a seat limit (those sign in with one INSERT).
 */
class ScannedMeetings {
  private byId = new Map<string, { m: MeetingRow & { branchName: string }; v: string }>()
  remember(m: MeetingRow & { branchName: string }, v: string) {
    if (m.capacity !== null) return
    if (this.byId.size >= 1000 && !this.byId.has(m.id)) this.byId.delete(this.byId.keys().next().value!)
    this.byId.set(m.id, { m, v })
  }
  get(id: string) {
    return this.byId.get(id) ?? null
  }
}
const scannedMeetings = perDatabase(() => new ScannedMeetings())

/**
 * A member's scan as one statement: the row is inserted only while the person is an active
 * member of the meeting's branch and the branch's version is still the one the meeting was read
 * at (so the rules checked here on the kept row are the rules in force). `withSession`: also only
 * while the token's session holds (`sessionHolds`), for a token not looked up yet.
 */
const knownInsertStatement = (withSession: boolean) => (db: Db) =>
  db
    .insert(checkins)
    .select(
      db
        .select({
          id: sql<string>`gen_random_uuid()`.as('id'),
          meetingId: sql<string>`${sql.placeholder('meetingId')}::uuid`.as('meeting_id'),
          userId: members.userId,
          memberId: members.id,
          kind: sql<CheckinKind>`'member'::checkin_kind`.as('kind'),
          method: sql<'qr'>`'qr'::checkin_method`.as('method'),
          name: members.realName,
          company: sql<null>`NULL::text`.as('company'),
          manualReason: sql<null>`NULL::text`.as('manual_reason'),
          recordedBy: sql<null>`NULL::uuid`.as('recorded_by'),
          at: sql<Date>`${sql.placeholder('at')}::timestamptz`.as('at'),
        })
        .from(members)
        .where(
          and(
            activeMemberOf(sql.placeholder('userId')),
            eq(members.branchId, sql.placeholder('branchId')),
            sql`coalesce((SELECT mv.v FROM meeting_versions mv WHERE mv.branch_id = ${sql.placeholder('branchId')}::uuid), 0) = ${sql.placeholder('version')}::bigint`,
            withSession ? sessionHolds : undefined,
          ),
        ),
    )
    .onConflictDoNothing({ target: [checkins.meetingId, checkins.userId] })
    .returning({ at: checkins.at, kind: checkins.kind })
    .prepare(withSession ? 'checkin_known_session' : 'checkin_known')
const knownInsert = knownInsertStatement(false)
const knownInsertWithSession = knownInsertStatement(true)

/**
 * The common scan — a member of the branch, at a meeting already read — in one round trip instead
 * of two. Null whenever the ordinary way must answer (it reads everything afresh and gives the
 * reply or the error): the meeting not kept, a rule not met on the kept row, its version moved,
 * not a member of its branch, or already signed in. With `session`, a token not looked up yet,
 * also null when its session does not hold: the caller then looks it up (401) before anything else.
 */
async function signInKnown(
  deps: MeetingDeps,
  who: { userId: string; session?: UnconfirmedSession },
  opened: { id: string; counter: number },
  location: Location | undefined,
) {
  const known = scannedMeetings(deps.db).get(opened.id)
  if (!known) return null
  const now = deps.now()
  try {
    assertScanAccepted(known.m, opened.counter, location, now.getTime())
  } catch {
    return null
  }
  const values = { meetingId: known.m.id, userId: who.userId, branchId: known.m.branchId, version: known.v, at: now.toISOString() }
  const [row] = who.session
    ? await prepared(deps.db, 'checkin_known_session', knownInsertWithSession).execute({ ...values, ver: who.session.ver, jti: who.session.jti })
    : await prepared(deps.db, 'checkin_known', knownInsert).execute(values)
  return row ? { res: result(known.m, row, false), created: true } : null
}

async function existing(db: DbOrTx, meetingId: string, userId: string) {
  const [r] = await db.select().from(checkins).where(and(eq(checkins.meetingId, meetingId), eq(checkins.userId, userId)))
  return r ?? null
}

function result(m: MeetingRow, row: { at: Date; kind: CheckinKind }, already: boolean): CheckinResult {
  return { meetingId: m.id, meetingTitle: m.title, checkedInAt: row.at.toISOString(), kind: row.kind, ...(already ? { alreadyCheckedIn: true } : {}) }
}

/**
 * A scan's row (member, 流动党员 or guest, method qr) as a prepared statement: the burst at a meeting's
 * start is 2,000 of these, and drizzle building the INSERT each time cost a tenth of the server's CPU.
 */
const scanInsertStatement = (db: Db) =>
  db
    .insert(checkins)
    .values({
      meetingId: sql.placeholder('meetingId'),
      userId: sql.placeholder('userId'),
      memberId: sql.placeholder('memberId'),
      kind: sql.placeholder('kind'),
      method: 'qr',
      name: sql.placeholder('name'),
      company: sql.placeholder('company'),
      at: sql.placeholder('at'),
    })
    .onConflictDoNothing({ target: [checkins.meetingId, checkins.userId] })
    .returning({ at: checkins.at, kind: checkins.kind })
    .prepare('checkin_scan_insert')

/**
 * Inserts once; a concurrent or repeated scan finds the first record. With a capacity, the
 * meeting row is locked first so that concurrent sign-ins count one after another: on PostgreSQL
 * 100 people at once otherwise all read "4 of 5" and all get in.
 */
async function record(deps: MeetingDeps, values: typeof checkins.$inferInsert, m: MeetingRow): Promise<{ res: CheckinResult; created: boolean }> {
  const insert = async (db: DbOrTx) =>
    (await db.insert(checkins).values(values).onConflictDoNothing({ target: [checkins.meetingId, checkins.userId] }).returning())[0] ?? null
  // A plain scan is one statement, atomic on its own (the unique key keeps it to one row per person):
  // no BEGIN/COMMIT round trips. A seat count or an audited 补签 needs the transaction.
  const inserted =
    m.capacity === null && values.method === 'qr'
      ? ((
          await prepared(deps.db, 'checkin_scan_insert', scanInsertStatement).execute({
            meetingId: values.meetingId,
            userId: values.userId,
            memberId: values.memberId ?? null,
            kind: values.kind,
            name: values.name,
            company: values.company ?? null,
            at: values.at,
          })
        )[0] ?? null)
      : await deps.db.transaction(async (tx) => {
          if (m.capacity !== null) await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, m.id)).for('update')
          if (m.capacity !== null && (await checkedInCount(tx, m.id)) >= m.capacity) {
            throw conflict(`本次组织生活人数已满（${m.capacity} 人）`, ErrorCodes.CHECKIN_FULL)
          }
          const row = await insert(tx)
          if (row && values.method === 'manual') {
            await audit(tx, { actorId: values.recordedBy ?? null, action: 'checkin.manual', targetType: 'meeting', targetId: m.id, details: { memberId: values.memberId, reason: values.manualReason } })
          }
          return row
        })
  if (inserted) return { res: result(m, inserted, false), created: true }
  const first = await existing(deps.db, m.id, values.userId)
  if (!first) throw new Error('check-in vanished after a conflict')
  return { res: result(m, first, true), created: false }
}

export async function checkIn(deps: MeetingDeps, userId: string, body: z.infer<typeof CheckinBodySchema>) {
  const opened = deps.codes.open(body.code.trim())
  if (!opened) throw codeInvalid()
  return (await signInKnown(deps, { userId }, opened, body.location)) ?? signIn(deps, userId, await checkOpened(deps, userId, opened, body.location))
}

/**
 * A scan whose token was not looked up yet (`request.unconfirmed`): the one statement of
 * `signInKnown`, holding only while the session does. Null when that cannot answer: the caller
 * checks the session (401) and then calls `checkIn`, which gives every other reply and error.
 */
export async function checkInUnconfirmed(deps: MeetingDeps, session: UnconfirmedSession, body: z.infer<typeof CheckinBodySchema>) {
  const opened = deps.codes.open(body.code.trim())
  if (!opened) return null
  return signInKnown(deps, { userId: session.userId, session }, opened, body.location)
}

async function signIn(deps: MeetingDeps, userId: string, ctx: Awaited<ReturnType<typeof checkOpened>>) {
  const { meeting: m, before, member, mobile, validate } = ctx
  if (before) return { res: result(m, before, true), created: false }
  validate()
  if (member?.branchId !== m.branchId) {
    if (mobile) return record(deps, asMobile(m, userId, mobile, member, deps.now()), m)
    // guestAllowed: the page offers 来宾签到 on this flag, never on the wording.
    throw forbidden(
      m.open ? '你不是本支部党员。这是开放式组织生活，请选择「以来宾身份签到」并填写姓名和单位' : '你不是本支部党员，这次组织生活不对外开放，无法签到',
      ErrorCodes.CHECKIN_NOT_ELIGIBLE,
      { guestAllowed: m.open },
    )
  }
  return record(deps, asMember(m, userId, member, deps.now()), m)
}

/**
 * 数字签到码: the 6 digits on the secretary's screen for this meeting, current or previous step.
 * Every try is counted per person and meeting (checkin_pin_attempts); after PIN_MAX_ATTEMPTS the
 * typed code is closed to that person, so guessing succeeds with odds of at most 10 × 2 / 10⁶.
 */
export async function pinCheckIn(deps: MeetingDeps, userId: string, meetingId: string, body: z.infer<typeof PinCheckinBodySchema>) {
  const [exists] = await deps.db.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, meetingId))
  if (!exists) throw notFound('找不到这次组织生活')
  // Every try is counted before the digits are compared, in one statement: a burst of parallel
  // guesses cannot slip past the cap between a read and a write.
  const [row] = await deps.db
    .insert(checkinPinAttempts)
    .values({ meetingId, userId, attempts: 1 })
    .onConflictDoUpdate({ target: [checkinPinAttempts.meetingId, checkinPinAttempts.userId], set: { attempts: sql`${checkinPinAttempts.attempts} + 1` } })
    .returning({ n: checkinPinAttempts.attempts })
  if (row.n > PIN_MAX_ATTEMPTS) {
    throw forbidden(`数字签到码已试过 ${PIN_MAX_ATTEMPTS} 次，不能再输入。请扫描书记手机上的二维码，或请书记为你补签`, ErrorCodes.CHECKIN_PIN_LOCKED)
  }
  const step = timeStep(deps.now().getTime())
  const counter = [step, step - 1].find((c) => deps.codes.pin(meetingId, c) === body.pin)
  if (counter === undefined) {
    const left = PIN_MAX_ATTEMPTS - row.n
    throw badRequest(
      left > 0 ? `数字签到码不对（或已过期），请输入书记手机上当前显示的 6 位数字，还可以再试 ${left} 次` : `数字签到码已试过 ${PIN_MAX_ATTEMPTS} 次，请扫描二维码或请书记补签`,
      ErrorCodes.CHECKIN_CODE_INVALID,
    )
  }
  return signIn(deps, userId, await checkOpened(deps, userId, { id: meetingId, counter }, body.location))
}

export async function guestCheckIn(deps: MeetingDeps, userId: string, body: z.infer<typeof GuestCheckinBodySchema>) {
  const { meeting: m, before, member, mobile, validate } = await checkCode(deps, userId, body.code, body.location)
  if (before) return { res: result(m, before, true), created: false }
  validate()
  // A member of the branch is never a guest at its meetings.
  if (member?.branchId === m.branchId) return record(deps, asMember(m, userId, member, deps.now()), m)
  if (mobile) return record(deps, asMobile(m, userId, mobile, member, deps.now()), m)
  if (!m.open) throw forbidden('这次组织生活不对外开放，来宾不能签到', ErrorCodes.CHECKIN_NOT_ELIGIBLE)
  return record(deps, { meetingId: m.id, userId, kind: 'guest', method: 'qr', name: body.name, company: body.company || null, at: deps.now() }, m)
}

/** The check-in row of a member of the meeting's branch, scanning the code at `at`. */
function asMember(m: MeetingRow, userId: string, member: { id: string; realName: string }, at: Date): typeof checkins.$inferInsert {
  return { meetingId: m.id, userId, memberId: member.id, kind: 'member', method: 'qr', name: member.realName, at }
}

/** The check-in row of a registered 流动党员 of the meeting's branch (`home`: their own branch's membership, if any). */
function asMobile(m: MeetingRow, userId: string, reg: { name: string }, home: { id: string } | null, at: Date): typeof checkins.$inferInsert {
  return { meetingId: m.id, userId, memberId: home?.id ?? null, kind: 'mobile', method: 'qr', name: reg.name, at }
}

export async function requestLeave(deps: MeetingDeps, userId: string, id: string, reason: string) {
  return deps.db.transaction(async (tx) => {
    const m = await loadMeeting(tx, id)
    if (!m || !(await attends(tx, userId, m.branchId, deps.now()))) throw notFound('找不到这次组织生活，或你不是它所在支部的党员')
    if (m.cancelledAt) throw conflict('这次组织生活已取消，无需请假', ErrorCodes.LEAVE_NOT_ALLOWED)
    if (deps.now() >= m.startsAt) throw conflict('会议已经开始，不能再请假；如有特殊情况请直接联系支部书记', ErrorCodes.LEAVE_NOT_ALLOWED)
    if (await existing(tx, m.id, userId)) throw conflict('你已经签到，不能再请假', ErrorCodes.LEAVE_NOT_ALLOWED)
    const [row] = await tx
      .insert(meetingLeaves)
      .values({ meetingId: m.id, userId, reason, at: deps.now() })
      .onConflictDoUpdate({ target: [meetingLeaves.meetingId, meetingLeaves.userId], set: { reason, at: deps.now() } })
      .returning()
    await audit(tx, { actorId: userId, action: 'meeting.leave', targetType: 'meeting', targetId: m.id })
    // 请假已收到: recorded with the leave, sent by the reminder scheduler (once, however often the reason changes).
    await leaveReceived(tx, m, userId, reason, deps.now())
    return { meetingId: m.id, reason: row.reason, at: row.at.toISOString() }
  })
}

/** 补签: only by the branch's secretary, only with a reason, marked manual everywhere. */
export async function manualCheckIn(deps: MeetingDeps, secretaryId: string, id: string, memberId: string, reason: string) {
  const m = await assertOrganizer(deps.db, secretaryId, id)
  const [member] = await deps.db.select().from(members).where(eq(members.id, memberId))
  if (!member || member.branchId !== m.branchId || member.status !== 'active') throw notFound('这名党员不在本支部，不能补签')
  return record(
    deps,
    { meetingId: m.id, userId: member.userId, memberId: member.id, kind: 'member', method: 'manual', name: member.realName, manualReason: reason, recordedBy: secretaryId, at: deps.now() },
    m,
  )
}

export async function attendance(deps: MeetingDeps, userId: string, id: string): Promise<Attendance> {
  const m = await assertInspector(deps.db, userId, id)
  const members_ = (await branchRoster(deps.db, m.branchId)).map((r) => ({ id: r.id, userId: r.userId, name: r.realName, memberType: r.memberType }))
  const memberUsers = new Set(members_.map((r) => r.userId))
  const mobiles = (await mobileRoster(deps.db, m.branchId, deps.now())).filter((r) => !memberUsers.has(r.userId))
  // Who is expected, and who among them may vote (full members of the branch only).
  const roster = [
    ...members_.map((r) => ({ id: r.id as string | null, userId: r.userId, name: r.name, mobile: false, voting: r.memberType === 'full' })),
    ...mobiles.map((r) => ({ id: null, userId: r.userId, name: r.name, mobile: true, voting: false })),
  ]
  const votingUsers = new Set(roster.filter((r) => r.voting).map((r) => r.userId))
  const records = await deps.db.select().from(checkins).where(eq(checkins.meetingId, m.id)).orderBy(asc(checkins.at))
  const leaves = await deps.db
    .select({ userId: meetingLeaves.userId, reason: meetingLeaves.reason, at: meetingLeaves.at })
    .from(meetingLeaves)
    .where(eq(meetingLeaves.meetingId, m.id))
  const signed = new Set(records.filter((r) => r.kind !== 'guest').map((r) => r.userId))
  const onLeave = leaves.filter((l) => !signed.has(l.userId) && roster.some((r) => r.userId === l.userId))
  const leaveUsers = new Set(onLeave.map((l) => l.userId))
  const absentees = roster.filter((r) => !signed.has(r.userId) && !leaveUsers.has(r.userId))
  const eligible = votingUsers.size
  const present = records.filter((r) => votingUsers.has(r.userId)).length
  return {
    expected: roster.length,
    checkedIn: records.filter((r) => r.kind !== 'guest').length,
    onLeave: onLeave.length,
    absent: absentees.length,
    guests: records.filter((r) => r.kind === 'guest').length,
    records: records.map((r) => ({
      name: r.name,
      company: r.company,
      kind: r.kind,
      voting: votingUsers.has(r.userId),
      method: r.method,
      at: r.at.toISOString(),
      manualReason: r.manualReason,
    })),
    leaves: onLeave.map((l) => ({ name: roster.find((r) => r.userId === l.userId)?.name ?? '', reason: l.reason, at: l.at.toISOString() })),
    absentees: absentees.map((a) => ({ memberId: a.id, name: a.name, mobile: a.mobile })),
    mobile: mobiles.length,
    voting: { eligible, present, required: quorumRequired(eligible), reached: eligible > 0 && present >= quorumRequired(eligible) },
  }
}

export async function cancelMeeting(deps: MeetingDeps, userId: string, id: string, reason: string) {
  return deps.db.transaction(async (tx) => {
    const m = await assertOrganizer(tx, userId, id)
    if (m.cancelledAt) throw conflict('这次组织生活已经取消')
    if (deps.now() > m.endsAt) throw conflict('会议已经结束，不能取消')
    await tx.update(meetings).set({ cancelledAt: deps.now(), cancelReason: reason }).where(eq(meetings.id, id))
    await audit(tx, { actorId: userId, action: 'meeting.cancelled', targetType: 'meeting', targetId: id, details: { reason } })
    return { status: 'cancelled' as const }
  })
}


const KIND_WORDS: Record<CheckinKind, string> = { member: '党员', mobile: '流动党员（无表决权）', guest: '来宾' }

/** 签到表 as .xlsx: Chinese headers, one row per person (members, guests, leave, absent). */
export async function attendanceWorkbook(deps: MeetingDeps, userId: string, id: string): Promise<{ filename: string; buffer: Buffer }> {
  const m = await assertInspector(deps.db, userId, id)
  const a = await attendance(deps, userId, id)
  const ExcelJS = (await import('exceljs')).default
  const wb = new ExcelJS.Workbook()
  wb.creator = '红色引擎'
  const ws = wb.addWorksheet('签到表')
  const when = (iso: string) => chinaDateTime(new Date(iso))
  ws.addRow([`${m.branchName} · ${MEETING_TYPE_LABELS[m.type]} · ${m.title}`])
  ws.addRow([`时间：${when(m.startsAt.toISOString())} 至 ${when(m.endsAt.toISOString())}（北京时间），地点：${m.location}`])
  ws.addRow([`应到 ${a.expected} 人（其中流动党员 ${a.mobile} 人），实到 ${a.checkedIn} 人，请假 ${a.onLeave} 人，缺席 ${a.absent} 人，来宾 ${a.guests} 人`])
  ws.addRow([
    `有表决权的应到 ${a.voting.eligible} 人、实到 ${a.voting.present} 人，过半数需 ${a.voting.required} 人：${a.voting.reached ? '已达到' : '未达到'}（流动党员、预备党员不计入表决人数）`,
  ])
  ws.addRow([])
  const header = ws.addRow(['序号', '姓名', '身份', '单位', '状态', '签到方式', '签到时间', '说明'])
  header.font = { bold: true }
  let n = 0
  for (const r of a.records) {
    ws.addRow([++n, r.name, KIND_WORDS[r.kind], r.company ?? '', '已签到', r.method === 'manual' ? '补签' : '扫码', when(r.at), r.manualReason ? `补签原因：${r.manualReason}` : ''])
  }
  for (const l of a.leaves) ws.addRow([++n, l.name, '党员', '', '请假', '', '', `请假原因：${l.reason}`])
  for (const x of a.absentees) ws.addRow([++n, x.name, x.mobile ? KIND_WORDS.mobile : '党员', '', deps.now() > m.endsAt ? '缺席' : '未签到', '', '', ''])
  ws.columns.forEach((c, i) => (c.width = [6, 12, 8, 24, 8, 10, 18, 30][i]))
  const buffer = Buffer.from(await wb.xlsx.writeBuffer())
  const day = chinaDate(m.startsAt)
  return { filename: `${day}-${m.title}-签到表.xlsx`, buffer }
}

// ── minutes ──────────────────────────────────────────────────────────────────

export async function getMinutes(deps: MeetingDeps, userId: string, id: string): Promise<Minutes> {
  const m = await visibleMeeting(deps, userId, id) // visibility: same as the meeting
  const [row] = await deps.db
    .select({ body: meetingMinutes.body, updatedAt: meetingMinutes.updatedAt, author: users.nickname })
    .from(meetingMinutes)
    .leftJoin(users, eq(users.id, meetingMinutes.authorId))
    .where(eq(meetingMinutes.meetingId, id))
  const amendments = await deps.db
    .select({ body: minuteAmendments.body, at: minuteAmendments.at, author: users.nickname })
    .from(minuteAmendments)
    .leftJoin(users, eq(users.id, minuteAmendments.authorId))
    .where(eq(minuteAmendments.meetingId, id))
    .orderBy(asc(minuteAmendments.at), asc(minuteAmendments.id))
  const locksAt = new Date(m.endsAt.getTime() + MINUTES_LOCK_MS)
  return {
    body: row?.body ?? null,
    authorName: row?.author ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    locksAt: locksAt.toISOString(),
    // Minutes never written are not locked: they may be written late (and are flagged 疑似补记).
    locked: row !== undefined && deps.now() >= locksAt,
    amendments: amendments.map((a) => ({ body: a.body, authorName: a.author ?? '', at: a.at.toISOString() })),
  }
}

/** Writes the record; after the lock only `amendMinutes` may add to it. */
export async function saveMinutes(deps: MeetingDeps, userId: string, id: string, body: string): Promise<Minutes> {
  await deps.db.transaction(async (tx) => {
    const m = await assertOrganizer(tx, userId, id)
    // Locked minutes are amended, never changed. Minutes never written may still be written late:
    // a record is better than none, and the committee sees it flagged 疑似补记 (src/domain/compliance.ts).
    const [had] = await tx.select({ id: meetingMinutes.meetingId }).from(meetingMinutes).where(eq(meetingMinutes.meetingId, id)).for('update')
    if (had && deps.now().getTime() >= m.endsAt.getTime() + MINUTES_LOCK_MS) {
      throw conflict('会议结束已满 7 天，记录已锁定，不能修改；如需更正请追加修订说明', ErrorCodes.MINUTES_LOCKED)
    }
    await tx
      .insert(meetingMinutes)
      .values({ meetingId: id, body, authorId: userId, updatedAt: deps.now(), createdAt: deps.now() })
      .onConflictDoUpdate({ target: meetingMinutes.meetingId, set: { body, authorId: userId, updatedAt: deps.now() } })
    await audit(tx, { actorId: userId, action: 'minutes.saved', targetType: 'meeting', targetId: id, details: { length: body.length } })
  })
  return getMinutes(deps, userId, id)
}

export async function amendMinutes(deps: MeetingDeps, userId: string, id: string, body: string): Promise<Minutes> {
  await deps.db.transaction(async (tx) => {
    await assertOrganizer(tx, userId, id)
    const [orig] = await tx.select({ id: meetingMinutes.meetingId }).from(meetingMinutes).where(eq(meetingMinutes.meetingId, id))
    if (!orig) throw conflict('还没有会议记录，请先填写记录')
    await tx.insert(minuteAmendments).values({ meetingId: id, body, authorId: userId, at: deps.now() })
    await audit(tx, { actorId: userId, action: 'minutes.amended', targetType: 'meeting', targetId: id })
  })
  return getMinutes(deps, userId, id)
}

/** Changes a meeting that has not started yet (members see the new details). */
export async function updateMeeting(deps: MeetingDeps, userId: string, id: string, body: MeetingBody): Promise<Meeting> {
  await deps.db.transaction(async (tx) => {
    const m = await assertOrganizer(tx, userId, id)
    if (m.cancelledAt) throw conflict('这次组织生活已经取消，不能再修改')
    if (deps.now() >= m.startsAt) throw conflict('会议已经开始，不能再修改；如需更正请写在会议记录里')
    if (body.branchId !== m.branchId) throw invalid('不能把会议改到另一个支部')
    await tx
      .update(meetings)
      .set(meetingColumns(body))
      .where(eq(meetings.id, id))
    await audit(tx, { actorId: userId, action: 'meeting.updated', targetType: 'meeting', targetId: id })
  })
  return getMeeting(deps, userId, id)
}
