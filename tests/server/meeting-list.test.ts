import { sql } from 'drizzle-orm'
import { openDatabase, rowsOf, type Database } from '../../server/src/db/client'
import { MeetingListCache } from '../../server/src/modules/meetings/listcache'
import { listMeetings } from '../../server/src/modules/meetings/service'
import { DB_KIND, ManualClock, auth, demoOrgs, startTestApp, type TestApp } from './helpers'

// 我的组织生活 is served from memory (modules/meetings/listcache.ts) and checked against the
// database on every request. These tests hold it to the SQL list, and change the database behind
// its back — through a second connection, as another instance or an operator would — to see that
// nothing stale is ever shown.

const T0 = Date.parse('2026-11-23T06:00:00Z')
const HOUR = 3600_000
const clock = new ManualClock(T0)
let t: TestApp
/** Another connection to the same database (on PGlite, the same one: it has one). */
let other: Database
let orgs: { committee: string; xinghuo: string; chuangye: string }
const tok: Record<string, string> = {}
const PEOPLE = ['demo-secretary', 'demo-member', 'demo-member-2', 'demo-guest', 'demo-admin', 'demo-instructor']

beforeAll(async () => {
  t = await startTestApp({ env: { SEED: 'demo', TOKEN_TTL_HOURS: '720' }, clock })
  other = DB_KIND === 'postgres' ? await openDatabase(t.database.target) : t.database
  orgs = await demoOrgs(t)
  for (const u of PEOPLE) tok[u] = await t.login(u)
  // 30 more meetings of 星火 around T0 (some starting at the same minute) and 3 of 创业.
  await other.db.execute(sql`INSERT INTO meetings (branch_id, type, title, location, starts_at, ends_at)
    SELECT ${orgs.xinghuo}, 'theme_day', '列表测试 ' || g, '会议室', ${new Date(T0).toISOString()}::timestamptz + make_interval(hours => (g / 2) * 13 - 100),
      ${new Date(T0).toISOString()}::timestamptz + make_interval(hours => (g / 2) * 13 - 98)
    FROM generate_series(1, 30) g`)
  await other.db.execute(sql`INSERT INTO meetings (branch_id, type, title, location, starts_at, ends_at)
    SELECT ${orgs.chuangye}, 'committee', '创业列表测试 ' || g, '会议室', ${new Date(T0).toISOString()}::timestamptz + make_interval(days => g - 2),
      ${new Date(T0).toISOString()}::timestamptz + make_interval(days => g - 2, hours => 1)
    FROM generate_series(1, 3) g`)
})
// Each test starts at T0, so that any one runs alone and in any order.
beforeEach(() => clock.advance(T0 - clock.now().getTime()))
afterAll(async () => {
  if (other !== t.database) await other.close()
  await t.close()
})

const userId = async (openid: string) => rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM users WHERE openid = ${openid}`))[0].id

type Item = { id: string; title: string; branchName: string; myStatus: string | null; canManage: boolean; cancelled: boolean }

/** Every page of the served list, `limit` at a time. */
async function served(who: string, limit = 7): Promise<Item[]> {
  const items: Item[] = []
  let cursor: string | null = null
  do {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/meetings?scope=mine&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, headers: auth(tok[who]) })
    expect(res.statusCode).toBe(200)
    const body = res.json() as { items: Item[]; nextCursor: string | null }
    items.push(...body.items)
    cursor = body.nextCursor
  } while (cursor)
  return items
}

/** The same list read by SQL alone, the way it was served before the memory. */
async function bySql(who: string): Promise<Item[]> {
  const deps = { db: t.app.deps.db, codes: null as never, now: () => clock.now() }
  const r = await listMeetings(deps, await userId(who), { scope: 'mine', limit: 100 }, { fromMemory: false })
  return JSON.parse(JSON.stringify(r.items))
}

test('page by page, the list from memory is the SQL list, for members, secretaries, committees and guests', async () => {
  for (const who of PEOPLE) {
    const sqlList = await bySql(who)
    expect(await served(who)).toEqual(sqlList)
    // and again, now from memory
    expect(await served(who, 5)).toEqual(sqlList)
  }
  // 星火's members see 星火's meetings; the guest has none.
  expect((await served('demo-member')).filter((m) => m.title.startsWith('列表测试'))).toHaveLength(30)
  expect(await served('demo-guest')).toEqual([])
})

test('a meeting written by someone else — added, edited, cancelled, deleted — shows at once', async () => {
  const before = await served('demo-member')
  const [added] = rowsOf<{ id: string }>(
    await other.db.execute(sql`INSERT INTO meetings (branch_id, type, title, location, starts_at, ends_at)
      VALUES (${orgs.xinghuo}, 'lecture', '临时加的党课', '食堂', ${new Date(T0 + HOUR).toISOString()}, ${new Date(T0 + 2 * HOUR).toISOString()}) RETURNING id`),
  )
  let now = await served('demo-member')
  expect(now).toHaveLength(before.length + 1)
  expect(now.find((m) => m.id === added.id)).toMatchObject({ title: '临时加的党课', myStatus: 'not_checked_in', cancelled: false })

  await other.db.execute(sql`UPDATE meetings SET title = '改了名的党课', cancelled_at = now(), cancel_reason = '停电' WHERE id = ${added.id}`)
  now = await served('demo-member')
  expect(now.find((m) => m.id === added.id)).toMatchObject({ title: '改了名的党课', cancelled: true })

  await other.db.execute(sql`DELETE FROM meetings WHERE id = ${added.id}`)
  expect(await served('demo-member')).toEqual(before)
  // 创业's meetings are not 张明's, whatever is written there.
  await other.db.execute(sql`UPDATE meetings SET title = title || '（改）' WHERE branch_id = ${orgs.chuangye}`)
  expect(await served('demo-member')).toEqual(before)
  expect(await served('demo-member')).toEqual(await bySql('demo-member'))
})

test('my own sign-in, my leave, my branch and its name are read live', async () => {
  const [m] = rowsOf<{ id: string }>(
    await other.db.execute(sql`INSERT INTO meetings (branch_id, type, title, location, starts_at, ends_at)
      VALUES (${orgs.xinghuo}, 'theme_day', '签到测试', '会议室', ${new Date(T0 + 10 * 60_000).toISOString()}, ${new Date(T0 + 2 * HOUR).toISOString()}) RETURNING id`),
  )
  const mine = async () => (await served('demo-member')).find((x) => x.id === m.id)
  expect(await mine()).toMatchObject({ myStatus: 'not_checked_in' })
  const zhang = await userId('demo-member')
  await other.db.execute(sql`INSERT INTO meeting_leaves (meeting_id, user_id, reason, at) VALUES (${m.id}, ${zhang}, '出差', now())`)
  expect(await mine()).toMatchObject({ myStatus: 'on_leave' })
  await other.db.execute(sql`INSERT INTO checkins (meeting_id, user_id, kind, method, name, at)
    VALUES (${m.id}, ${zhang}, 'member', 'qr', '张明', ${new Date(T0).toISOString()})`)
  expect(await mine()).toMatchObject({ myStatus: 'checked_in' })

  await other.db.execute(sql`UPDATE organizations SET name = '星火科技党支部（新名）' WHERE id = ${orgs.xinghuo}`)
  expect((await mine())?.branchName).toBe('星火科技党支部（新名）')

  // 张明 leaves 星火: its meetings leave his list with him.
  await other.db.execute(sql`UPDATE members SET status = 'left' WHERE user_id = ${zhang}`)
  expect(await served('demo-member')).toEqual([])
  await other.db.execute(sql`UPDATE members SET status = 'active' WHERE user_id = ${zhang}`)
  expect(await mine()).toMatchObject({ myStatus: 'checked_in' })
  expect(await served('demo-member')).toEqual(await bySql('demo-member'))
})

test('time alone moves a meeting from upcoming to past, and 未签到 to 缺席', async () => {
  const start = T0 + 20 * 24 * HOUR
  const [m, later] = rowsOf<{ id: string }>(
    await other.db.execute(sql`INSERT INTO meetings (branch_id, type, title, location, starts_at, ends_at)
      VALUES (${orgs.xinghuo}, 'theme_day', '远处的一次', '会议室', ${new Date(start).toISOString()}, ${new Date(start + HOUR).toISOString()}),
        (${orgs.xinghuo}, 'theme_day', '更远的一次', '会议室', ${new Date(start + 24 * HOUR).toISOString()}, ${new Date(start + 25 * HOUR).toISOString()})
      RETURNING id`),
  )
  clock.advance(start - clock.now().getTime() - 60_000)
  let list = await served('demo-member-2')
  expect(list.slice(0, 2)).toMatchObject([{ id: m.id, myStatus: 'not_checked_in' }, { id: later.id }])
  clock.advance(HOUR + 2 * 60_000)
  list = await served('demo-member-2')
  expect(list.slice(0, 2)).toMatchObject([{ id: later.id }, { id: m.id, myStatus: 'absent' }])
  expect(list).toEqual(await bySql('demo-member-2'))
})

test('a full cache drops other branches, never those the request needs', async () => {
  // 李婷 also becomes secretary of 创业 for a while: her list spans two branches.
  const li = await userId('demo-member-2')
  const [role] = rowsOf<{ id: string }>(
    await other.db.execute(sql`INSERT INTO role_assignments (user_id, org_id, role) VALUES (${li}, ${orgs.chuangye}, 'secretary') RETURNING id`),
  )
  try {
    // Room for one row: every branch read pushes out the others, except what the request needs.
    const tiny = new MeetingListCache({ maxRows: 1, maxViewers: 1 })
    const ids = async (who: string) => (await tiny.page(t.app.deps.db, await userId(who), clock.now(), 0, 100))?.rows.map((r) => r.id)
    const expected = async (who: string) => (await bySql(who)).map((m) => m.id)
    for (const who of ['demo-secretary', 'demo-member-2', 'demo-member', 'demo-member-2', 'demo-secretary']) {
      expect(await ids(who)).toEqual(await expected(who))
    }
    expect((await expected('demo-member-2')).length).toBeGreaterThan((await expected('demo-member')).length)
  } finally {
    await other.db.execute(sql`DELETE FROM role_assignments WHERE id = ${role.id}`)
  }
})
