import { eq, inArray, sql } from 'drizzle-orm'
import type { CheckinKind } from '../../../../src/domain/meetings'
import { chinaDate } from '../../../../src/domain/time'
import type { Db } from '../../db/client'
import { perDatabase, prepared } from '../../db/prepared'
import { meetings, users } from '../../db/schema'
import { memberBranchQuery, mobileBranchesOn } from '../membership/service'
import { ACTORS, scopeOrgIdsQuery } from '../scope/service'

/**
 * 我的组织生活 (the list every member opens first) from memory, checked against the database on
 * every request.
 *
 * What a member's list shows is the meetings of their branches (member, 流动, secretary) plus, for
 * each row of the page, their own sign-in and leave. The meetings change rarely; the rest is
 * personal. So each branch's meeting rows are kept here with the branch's version
 * (`meeting_versions`, bumped by triggers in the transaction of every write to meetings, whichever
 * instance made it), and one prepared statement per request reads everything else live: the
 * viewer's branches with their current versions and names, their roles, and their sign-ins and
 * leaves for the page's meetings. A branch whose version moved is read again before the page is
 * cut. Nothing is served that the database did not confirm in this request's round trip, so
 * several instances on one database need no messages between them.
 *
 * The page's meetings are guessed (from the branches the viewer had last time) before that round
 * trip, so that it can carry the viewer's sign-ins for them; a wrong guess costs one more round
 * trip. Why (`npm run bench`, meeting list): the SQL list had PostgreSQL sort all of a branch's
 * meetings (505 in the bench) and the server parse 21 rows of 22 columns on every request;
 * PostgreSQL's CPU per request went from 0.36–0.63 to 0.24–0.33 ms and no longer grows with the
 * branch's history. Many requests that find the same branch's version moved each read it once
 * (not coalesced: meetings are edited rarely).
 */

/** The columns the list shows (toMeeting). */
const LISTED = {
  id: meetings.id,
  branchId: meetings.branchId,
  type: meetings.type,
  title: meetings.title,
  agenda: meetings.agenda,
  location: meetings.location,
  startsAt: meetings.startsAt,
  endsAt: meetings.endsAt,
  open: meetings.open,
  capacity: meetings.capacity,
  geoLat: meetings.geoLat,
  geoLng: meetings.geoLng,
  geoRadiusM: meetings.geoRadiusM,
  cancelledAt: meetings.cancelledAt,
  cancelReason: meetings.cancelReason,
}
export type ListedMeeting = Pick<typeof meetings.$inferSelect, keyof typeof LISTED>

export interface ListCacheLimits {
  /** Rows kept, over all branches: past it, the branches read longest ago are dropped (never the ones the request at hand needs). */
  maxRows: number
  /** Viewers whose branches are remembered for the guess. */
  maxViewers: number
}
const LIMITS: ListCacheLimits = { maxRows: 200_000, maxViewers: 100_000 }
/** Orders of branch sets remembered. */
const MAX_ORDERS = 10_000
/** Tries of guess and check before the list is read by SQL alone (only when writes keep landing). */
const TRIES = 3

export interface ListViewer {
  memberBranchId: string | null
  mobileBranches: Set<string>
  managed: Set<string>
  mine: Map<string, { at: Date; kind: CheckinKind }>
  leaves: Set<string>
}

interface Checked {
  branches: { id: string; v: string; name: string }[] | null
  memberBranch: string | null
  mobile: string[]
  managed: string[]
  mine: { m: string; at: number; k: CheckinKind }[] | null
  leaves: string[]
}

/** The viewer as of now, in one statement: branches with versions and names, roles, and my sign-ins and leaves for `ids`. */
function checkStatement(db: Db) {
  const user = sql.placeholder('userId')
  const ids = sql`${sql.placeholder('ids')}::uuid[]`
  const memberBranch = memberBranchQuery(db, user)
  const mobile = mobileBranchesOn(db, user, sql.placeholder('today'))
  const mine = sql`${memberBranch} UNION ${mobile} UNION SELECT org_id FROM role_assignments WHERE user_id = ${user} AND role = 'secretary'`
  return db
    .select({
      branches: sql<Checked['branches']>`(SELECT json_agg(json_build_object('id', o.id, 'v', coalesce(mv.v, 0)::text, 'name', o.name) ORDER BY o.id)
        FROM organizations o LEFT JOIN meeting_versions mv ON mv.branch_id = o.id WHERE o.id IN (${mine}))`,
      memberBranch: sql<string | null>`(${memberBranch} LIMIT 1)`,
      mobile: sql<string[]>`ARRAY(${mobile})`,
      managed: sql<string[]>`ARRAY(SELECT b.id FROM (${mine}) AS b(id) WHERE b.id IN (${scopeOrgIdsQuery(user, ACTORS)}))`,
      mine: sql<Checked['mine']>`(SELECT json_agg(json_build_object('m', c.meeting_id, 'at', floor(extract(epoch FROM c.at) * 1000), 'k', c.kind))
        FROM checkins c WHERE c.user_id = ${user} AND c.meeting_id = ANY(${ids}))`,
      leaves: sql<string[]>`ARRAY(SELECT l.meeting_id FROM meeting_leaves l WHERE l.user_id = ${user} AND l.meeting_id = ANY(${ids}))`,
    })
    .from(users)
    .where(eq(users.id, user))
    .prepare('meeting_list_check')
}

interface Ordered {
  key: string
  rows: ListedMeeting[]
  /** The order holds while now ≤ this (ms): then the first upcoming meeting ends and moves down. */
  until: number
}

/** Upcoming (not yet ended) first by start, then past ones, most recent first; ties by id — as the SQL list orders. */
function order(rows: ListedMeeting[], now: number): { rows: ListedMeeting[]; until: number } {
  const upcoming: ListedMeeting[] = []
  const past: ListedMeeting[] = []
  let until = Infinity
  for (const r of rows) {
    const ends = r.endsAt.getTime()
    if (ends >= now) {
      upcoming.push(r)
      if (ends < until) until = ends
    } else past.push(r)
  }
  const byId = (a: ListedMeeting, b: ListedMeeting) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  upcoming.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || byId(a, b))
  past.sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime() || byId(a, b))
  return { rows: upcoming.concat(past), until }
}

export class MeetingListCache {
  constructor(private readonly limits: ListCacheLimits = LIMITS) {}

  private branches = new Map<string, { v: string; rows: ListedMeeting[] }>()
  private rowCount = 0
  private viewers = new Map<string, string[]>()
  private orders = new Map<string, Ordered>()

  /** The branches' meetings in list order at `now`, or null when one of them is not held. */
  private ordered(ids: string[], now: number): Ordered | null {
    const parts: string[] = []
    for (const id of ids) {
      const b = this.branches.get(id)
      if (!b) return null
      parts.push(`${id}:${b.v}`)
    }
    const key = parts.join('|')
    const hit = this.orders.get(key)
    if (hit && now <= hit.until) return hit
    const o = order(
      ids.flatMap((id) => this.branches.get(id)!.rows),
      now,
    )
    if (this.orders.size >= MAX_ORDERS) this.orders.clear()
    const made = { key, ...o }
    this.orders.set(key, made)
    return made
  }

  /** Reads the `stale` branches' rows; `needed` (the request's branches) stay however full the cache is. */
  private async load(db: Db, stale: { id: string; v: string }[], needed: Set<string>) {
    const rows = await db.select(LISTED).from(meetings).where(inArray(meetings.branchId, stale.map((b) => b.id)))
    // Read after the versions: the rows are at least as new as the version they are kept under,
    // so a write in between only makes the next request read them again.
    for (const b of stale) {
      const old = this.branches.get(b.id)
      // Another request may have kept a newer version meanwhile (versions come from one sequence).
      if (old && BigInt(old.v) > BigInt(b.v)) continue
      if (old) {
        this.rowCount -= old.rows.length
        this.branches.delete(b.id)
      }
      const mine = rows.filter((r) => r.branchId === b.id)
      this.branches.set(b.id, { v: b.v, rows: mine })
      this.rowCount += mine.length
    }
    for (const [id, b] of this.branches) {
      if (this.rowCount <= this.limits.maxRows) break
      if (needed.has(id)) continue
      this.branches.delete(id)
      this.rowCount -= b.rows.length
    }
  }

  /**
   * The page at `offset` (`limit + 1` rows, for the next cursor) with everything the viewer's
   * status needs, or null when the list kept changing under the tries (then SQL alone answers).
   */
  async page(db: Db, userId: string, now: Date, offset: number, limit: number) {
    const at = now.getTime()
    let guess = this.viewers.get(userId)
    for (let i = 0; i < TRIES; i++) {
      const guessed = guess ? this.ordered(guess, at) : null
      const ids = guessed ? guessed.rows.slice(offset, offset + limit + 1).map((r) => r.id) : []
      const [c] = (await prepared(db, 'meeting_list_check', checkStatement).execute({ userId, today: chinaDate(now), ids })) as Checked[]
      const branches = c?.branches ?? []
      const stale = branches.filter((b) => this.branches.get(b.id)?.v !== b.v)
      guess = branches.map((b) => b.id)
      if (stale.length) await this.load(db, stale, new Set(guess))
      if (this.viewers.size >= this.limits.maxViewers) this.viewers.delete(this.viewers.keys().next().value!)
      this.viewers.set(userId, guess)
      // Served only from rows kept under the versions this round trip confirmed. (While this request
      // read, another may have dropped a branch or kept a newer version: then try again.)
      if (branches.some((b) => this.branches.get(b.id)?.v !== b.v)) continue
      const ordered = this.ordered(guess, at)!
      const rows = ordered.rows.slice(offset, offset + limit + 1)
      // The sign-ins and leaves came for the guessed rows: good when the guess was the page.
      if (rows.length !== ids.length || rows.some((r, k) => r.id !== ids[k])) continue
      const names = new Map(branches.map((b) => [b.id, b.name]))
      const viewer: ListViewer = {
        memberBranchId: c?.memberBranch ?? null,
        mobileBranches: new Set(c?.mobile ?? []),
        managed: new Set(c?.managed ?? []),
        mine: new Map((c?.mine ?? []).map((x) => [x.m, { at: new Date(x.at), kind: x.k }])),
        leaves: new Set(c?.leaves ?? []),
      }
      return { rows, names, viewer }
    }
    return null
  }
}

/** The cache of one database handle (one per app). */
export const meetingListCache = perDatabase(() => new MeetingListCache())
