import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/src/db/client'
import { CHECKIN_STEP_MS, timeStep } from '../../src/domain/meetings'
import { ManualClock, auth, expectError, startTestApp, type TestApp } from './helpers'

const T0 = Date.parse('2026-11-23T06:00:00Z') // the meeting starts here
const clock = new ManualClock(T0 - 3600_000)
let t: TestApp
let xinghuo: string
let chuangye: string
const tok: Record<string, string> = {}

beforeAll(async () => {
  t = await startTestApp({ env: { SEED: 'demo', TOKEN_TTL_HOURS: '720' }, clock })
  const orgs = rowsOf<{ id: string; name: string }>(await t.database.db.execute(sql`SELECT id, name FROM organizations`))
  xinghuo = orgs.find((o) => o.name.startsWith('星火'))!.id
  chuangye = orgs.find((o) => o.name.startsWith('创业'))!.id
  for (const u of ['demo-secretary', 'demo-member', 'demo-member-2', 'demo-guest', 'demo-admin']) tok[u] = await t.login(u)
})
afterAll(() => t.close())

const call = (who: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: who ? auth(tok[who]) : {} })
const at = (ms: number) => clock.advance(ms - clock.now().getTime())

const body = (patch: object = {}) => ({
  branchId: xinghuo,
  type: 'theme_day',
  title: '十一月主题党日',
  location: '三楼会议室',
  startsAt: new Date(T0).toISOString(),
  endsAt: new Date(T0 + 2 * 3600_000).toISOString(),
  open: false,
  ...patch,
})

async function newMeeting(patch: object = {}) {
  const res = await call('demo-secretary', 'POST', '/api/v1/meetings', body(patch))
  expect(res.statusCode).toBe(201)
  return res.json().id as string
}
/** A new meeting of 星火 from `start` for two hours, posted an hour before (the clock is left there). */
async function meetingAt(start: number, patch: object = {}) {
  at(start - 3600_000)
  return newMeeting({ startsAt: new Date(start).toISOString(), endsAt: new Date(start + 2 * 3600_000).toISOString(), ...patch })
}
const checkinsOf = async (id: string) =>
  rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM checkins WHERE meeting_id = ${id}`))[0].n
const wangId = async () => rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM members WHERE real_name = '王建国'`))[0].id
const signIn = async (who: string, id: string) => call(who, 'POST', '/api/v1/checkins', { code: await code(id) })
/** A meeting at T0 where 张明 and 李婷 signed in by QR and 王建国 did not; the clock is in its window. */
async function attendedMeeting() {
  const id = await meetingAt(T0)
  at(T0 - 10 * 60_000)
  for (const who of ['demo-member', 'demo-member-2']) expect((await signIn(who, id)).statusCode).toBe(201)
  return id
}
const code = async (id: string) => (await call('demo-secretary', 'GET', `/api/v1/meetings/${id}/checkin-code`)).json().code as string

describe('posting', () => {
  test('the secretary posts for the branch; others cannot; bad bodies write nothing', async () => {
    at(T0 - 3600_000)
    const before = await t.count('meetings')
    expectError(await call('demo-member', 'POST', '/api/v1/meetings', body()), 403, 'FORBIDDEN')
    expectError(await call('demo-secretary', 'POST', '/api/v1/meetings', body({ branchId: chuangye })), 403, 'FORBIDDEN')
    expectError(await call('demo-secretary', 'POST', '/api/v1/meetings', body({ endsAt: new Date(T0 - 1).toISOString() })), 400, 'VALIDATION_FAILED')
    expectError(await call('demo-secretary', 'POST', '/api/v1/meetings', body({ capacity: -1 })), 400, 'VALIDATION_FAILED')
    expectError(await call('demo-secretary', 'POST', '/api/v1/meetings', body({ geofence: { lat: 31, lng: 120, radiusM: 10 } })), 400, 'VALIDATION_FAILED')
    expect(await t.count('meetings')).toBe(before)
    const id = await newMeeting()
    const m = (await call('demo-member', 'GET', `/api/v1/meetings/${id}`)).json()
    expect(m).toMatchObject({ typeLabel: '主题党日', myStatus: 'not_checked_in', canManage: false })
    expectError(await call('demo-guest', 'GET', `/api/v1/meetings/${id}`), 404, 'NOT_FOUND')
  })
})

describe('QR sign-in', () => {
  // Each test makes its own meetings at T0 and sets the clock itself, so that any one of them
  // runs alone (--testNamePattern) and in any order.

  test('the code carries no personal data, is ≤ 128 chars and only the secretary gets it', async () => {
    const A = await meetingAt(T0)
    const res = await call('demo-secretary', 'GET', `/api/v1/meetings/${A}/checkin-code`)
    const c = res.json()
    expect(c.code.length).toBeLessThanOrEqual(128)
    // All it holds is the meeting's id and the time step, then a signature: no one's name,
    // openid, user or member id.
    const raw = Buffer.from(c.code, 'base64url')
    expect(raw.toString('base64url')).toBe(c.code)
    expect(raw.subarray(0, 16).toString('hex')).toBe(A.replace(/-/g, ''))
    expect(raw.readUInt32BE(16)).toBe(timeStep(clock.now().getTime()))
    expect(raw.length).toBe(20 + 10)
    const people = rowsOf<{ id: string; openid: string }>(await t.database.db.execute(sql`SELECT id, openid FROM users`))
    const members = rowsOf<{ id: string; real_name: string }>(await t.database.db.execute(sql`SELECT id, real_name FROM members`))
    const secrets = [...people.flatMap((p) => [p.id, p.openid]), ...members.flatMap((m) => [m.id, m.real_name])]
    for (const s of secrets) {
      expect(c.code).not.toContain(s)
      expect(raw.toString('latin1')).not.toContain(s)
      expect(raw.toString('hex')).not.toContain(s.replace(/-/g, ''))
    }
    expect(new Date(c.expiresAt).getTime() - clock.now().getTime()).toBeLessThanOrEqual(2 * CHECKIN_STEP_MS)
    expect(c.window).toBe('not_open')
    expectError(await call('demo-member', 'GET', `/api/v1/meetings/${A}/checkin-code`), 404, 'NOT_FOUND')
  })

  test('before the window opens → 409 CHECKIN_WINDOW_CLOSED', async () => {
    const A = await meetingAt(T0)
    expectError(await call('demo-member', 'POST', '/api/v1/checkins', { code: await code(A) }), 409, 'CHECKIN_WINDOW_CLOSED')
    expect(await checkinsOf(A)).toBe(0)
  })

  test('forged and stale codes; a code is good for its step and the next, not two steps later', async () => {
    const A = await meetingAt(T0)
    at(T0 - 10 * 60_000)
    const c = await code(A)
    const flipped = c.slice(0, 7) + (c[7] === 'A' ? 'B' : 'A') + c.slice(8)
    expectError(await call('demo-member', 'POST', '/api/v1/checkins', { code: flipped }), 400, 'CHECKIN_CODE_INVALID')
    expectError(await call('demo-member', 'POST', '/api/v1/checkins', { code: 'hello' }), 400, 'CHECKIN_CODE_INVALID')
    expect(await checkinsOf(A)).toBe(0)
    // One step later the code still signs someone in…
    clock.advance(CHECKIN_STEP_MS)
    expect((await call('demo-member-2', 'POST', '/api/v1/checkins', { code: c })).statusCode).toBe(201)
    // …two steps old it has expired.
    clock.advance(CHECKIN_STEP_MS)
    const err = expectError(await call('demo-member', 'POST', '/api/v1/checkins', { code: c }), 410, 'CHECKIN_CODE_EXPIRED')
    expect(err.message).toContain('当前显示的二维码')
    expect(await checkinsOf(A)).toBe(1)
  })

  test('a code from the previous step is accepted', async () => {
    const A = await meetingAt(T0)
    at(T0 - 10 * 60_000)
    const c = await code(A)
    clock.advance(CHECKIN_STEP_MS)
    const res = await call('demo-member', 'POST', '/api/v1/checkins', { code: c })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ meetingId: A, kind: 'member' })
  })

  test('a code of meeting B signs into B, not A', async () => {
    const A = await meetingAt(T0)
    const B = await meetingAt(T0, { title: '支委会', type: 'committee' })
    at(T0 - 10 * 60_000)
    const res = await call('demo-member', 'POST', '/api/v1/checkins', { code: await code(B) })
    expect(res.statusCode).toBe(201)
    expect(res.json().meetingId).toBe(B)
    expect(await checkinsOf(B)).toBe(1)
    expect(await checkinsOf(A)).toBe(0)
  })

  test('200 simultaneous scans by one person → one row, 200 answers that say signed in', async () => {
    const A = await meetingAt(T0)
    at(T0 - 10 * 60_000)
    const c = await code(A)
    const results = await Promise.all(Array.from({ length: 200 }, () => call('demo-member-2', 'POST', '/api/v1/checkins', { code: c })))
    expect(results.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true)
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1)
    expect(new Set(results.map((r) => r.json().checkedInAt)).size).toBe(1)
    const [{ n }] = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM checkins WHERE meeting_id = ${A} AND name = '李婷'`))
    expect(n).toBe(1)
  })

  test('scanning again says already signed in, even with an old code', async () => {
    const A = await meetingAt(T0)
    at(T0 - 10 * 60_000)
    expect((await signIn('demo-member', A)).statusCode).toBe(201)
    const c = await code(A)
    clock.advance(5 * CHECKIN_STEP_MS)
    const res = await call('demo-member', 'POST', '/api/v1/checkins', { code: c })
    expect(res.statusCode).toBe(200)
    expect(res.json().alreadyCheckedIn).toBe(true)
    expect(await checkinsOf(A)).toBe(1)
  })

  test('a closed meeting scanned by a non-member → 403; as a guest → 403', async () => {
    const A = await meetingAt(T0)
    at(T0 - 10 * 60_000)
    const c = await code(A)
    // guestAllowed: false is what keeps the app from offering 来宾签到 here.
    expect(expectError(await call('demo-guest', 'POST', '/api/v1/checkins', { code: c }), 403, 'CHECKIN_NOT_ELIGIBLE')).toMatchObject({ guestAllowed: false })
    expectError(await call('demo-guest', 'POST', '/api/v1/checkins/guest', { code: c, name: '赵强', company: '云帆网络' }), 403, 'CHECKIN_NOT_ELIGIBLE')
    expect(await checkinsOf(A)).toBe(0)
  })

  test('once a meeting has been read for a sign-in, a change made elsewhere in between still decides the next scan', async () => {
    // The server keeps a meeting it has read for a sign-in and signs the next members in with one
    // statement that holds only while the meeting is unchanged. Here the meeting and the roll are
    // changed behind its back, through SQL, as another instance or an operator would.
    const A = await meetingAt(T0)
    at(T0 - 10 * 60_000)
    const c = await code(A)
    expect((await call('demo-member', 'POST', '/api/v1/checkins', { code: c })).statusCode).toBe(201)
    // The same person again: already signed in, at the first time.
    const again = await call('demo-member', 'POST', '/api/v1/checkins', { code: c })
    expect(again.statusCode).toBe(200)
    expect(again.json()).toMatchObject({ alreadyCheckedIn: true, kind: 'member' })
    // Not a member of 星火: still told so, with the guest option as the meeting allows.
    expect(expectError(await call('demo-guest', 'POST', '/api/v1/checkins', { code: c }), 403, 'CHECKIN_NOT_ELIGIBLE')).toMatchObject({ guestAllowed: false })
    // 李婷 leaves the roll: her scan no longer signs her in as a member.
    await t.database.db.execute(sql`UPDATE members SET status = 'left' WHERE real_name = '李婷'`)
    try {
      expectError(await call('demo-member-2', 'POST', '/api/v1/checkins', { code: c }), 403, 'CHECKIN_NOT_ELIGIBLE')
    } finally {
      await t.database.db.execute(sql`UPDATE members SET status = 'active' WHERE real_name = '李婷'`)
    }
    // The meeting is cancelled elsewhere: the next scan is refused, nothing is written.
    await t.database.db.execute(sql`UPDATE meetings SET cancelled_at = now(), cancel_reason = '临时停电' WHERE id = ${A}`)
    expect(expectError(await call('demo-member-2', 'POST', '/api/v1/checkins', { code: c }), 409, 'CHECKIN_WINDOW_CLOSED').message).toContain('临时停电')
    expect(await checkinsOf(A)).toBe(1)

    // Another meeting, read for a sign-in, then moved to tomorrow elsewhere: not open yet.
    const B = await meetingAt(T0)
    at(T0 - 10 * 60_000)
    const cb = await code(B)
    expect((await call('demo-member', 'POST', '/api/v1/checkins', { code: cb })).statusCode).toBe(201)
    await t.database.db.execute(sql`UPDATE meetings SET starts_at = starts_at + interval '1 day', ends_at = ends_at + interval '1 day' WHERE id = ${B}`)
    expectError(await call('demo-member-2', 'POST', '/api/v1/checkins', { code: cb }), 409, 'CHECKIN_WINDOW_CLOSED')
    expect(await checkinsOf(B)).toBe(1)
    // Moved back: 李婷 signs in, as a member, once.
    await t.database.db.execute(sql`UPDATE meetings SET starts_at = starts_at - interval '1 day', ends_at = ends_at - interval '1 day' WHERE id = ${B}`)
    expect((await call('demo-member-2', 'POST', '/api/v1/checkins', { code: cb })).json()).toMatchObject({ kind: 'member' })
    expect(await checkinsOf(B)).toBe(2)
  })

  test('a scan with a token the server has not looked up yet signs in only while that token still holds', async () => {
    // The sign-in confirms such a token inside its own INSERT; a token ended by 退出登录, or by
    // 在所有设备上退出 (a new token version), must still be refused and write nothing.
    const A = await meetingAt(T0)
    at(T0 - 10 * 60_000)
    const c = await code(A)
    expect((await call('demo-member', 'POST', '/api/v1/checkins', { code: c })).statusCode).toBe(201) // the meeting is read
    const scan = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/checkins', payload: { code: c }, headers: auth(token) })

    const loggedOut = await t.login('demo-member-2')
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: auth(loggedOut) })).statusCode).toBe(200)
    expect(expectError(await scan(loggedOut), 401, 'UNAUTHENTICATED').message).toBe('已退出登录，请重新登录')

    const older = await t.login('demo-member-2')
    await t.database.db.execute(sql`UPDATE users SET token_version = token_version + 1 WHERE openid = 'demo-member-2'`)
    try {
      expect(expectError(await scan(older), 401, 'UNAUTHENTICATED').message).toBe('已退出登录，请重新登录')
    } finally {
      await t.database.db.execute(sql`UPDATE users SET token_version = token_version - 1 WHERE openid = 'demo-member-2'`)
    }
    expect(await checkinsOf(A)).toBe(1)

    // A valid one signs her in, and she counts as seen (last_seen_at feeds 失联): written by the
    // server's next batch, at the latest when it stops — here a second server on the same database.
    const b = await startTestApp({ database: t.database, clock, env: { TOKEN_TTL_HOURS: '720' } })
    try {
      const token = await b.login('demo-member-2') // (logging in notes her as seen too)
      const twoDaysAgo = new Date(clock.now().getTime() - 2 * 86_400_000).toISOString()
      await t.database.db.execute(sql`UPDATE users SET last_seen_at = ${twoDaysAgo} WHERE openid = 'demo-member-2'`)
      const signed = await b.app.inject({ method: 'POST', url: '/api/v1/checkins', payload: { code: c }, headers: auth(token) })
      expect(signed.statusCode).toBe(201)
      expect(signed.json()).toMatchObject({ meetingId: A, kind: 'member' })
    } finally {
      await b.close()
    }
    const [seen] = rowsOf<{ at: Date | string }>(await t.database.db.execute(sql`SELECT last_seen_at AS at FROM users WHERE openid = 'demo-member-2'`))
    expect(new Date(seen.at).getTime()).toBe(clock.now().getTime())
    expect((await scan(await t.login('demo-member-2'))).json()).toMatchObject({ alreadyCheckedIn: true })
    expect(await checkinsOf(A)).toBe(2)
  })

  test('after the end → 409 CHECKIN_WINDOW_CLOSED', async () => {
    const A = await meetingAt(T0)
    at(T0 + 2 * 3600_000 + 1000)
    expectError(await call('demo-secretary', 'POST', '/api/v1/checkins', { code: await code(A) }), 409, 'CHECKIN_WINDOW_CLOSED')
    expect(await checkinsOf(A)).toBe(0)
  })

  test('attendance: expected, signed in, absent; members vs guests', async () => {
    const A = await attendedMeeting()
    const a = (await call('demo-secretary', 'GET', `/api/v1/meetings/${A}/attendance`)).json()
    expect(a).toMatchObject({ expected: 3, checkedIn: 2, onLeave: 0, absent: 1, guests: 0 })
    expect(a.absentees.map((x: { name: string }) => x.name)).toEqual(['王建国'])
    expectError(await call('demo-member', 'GET', `/api/v1/meetings/${A}/attendance`), 404, 'NOT_FOUND')
  })

  test('补签 needs a reason, is marked manual and audited', async () => {
    const A = await attendedMeeting()
    const audited = async () =>
      rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'checkin.manual'`))[0].n
    const before = await audited()
    expectError(await call('demo-secretary', 'POST', `/api/v1/meetings/${A}/attendance`, { memberId: await wangId() }), 400, 'VALIDATION_FAILED')
    expectError(await call('demo-secretary', 'POST', `/api/v1/meetings/${A}/attendance`, { memberId: await wangId(), reason: ' ' }), 400, 'VALIDATION_FAILED')
    expectError(await call('demo-member', 'POST', `/api/v1/meetings/${A}/attendance`, { memberId: await wangId(), reason: '主持会议' }), 404, 'NOT_FOUND')
    expect(await audited()).toBe(before)
    const res = await call('demo-secretary', 'POST', `/api/v1/meetings/${A}/attendance`, { memberId: await wangId(), reason: '主持会议，未扫码' })
    expect(res.statusCode).toBe(201)
    const a = (await call('demo-secretary', 'GET', `/api/v1/meetings/${A}/attendance`)).json()
    expect(a.records.find((r: { name: string }) => r.name === '王建国')).toMatchObject({ method: 'manual', manualReason: '主持会议，未扫码' })
    expect(await audited()).toBe(before + 1)
  })
})

describe('open sessions, geofence, leave', () => {
  test('guests sign into an open session with name and company', async () => {
    at(T0 + 3 * 86400_000 - 3600_000)
    const id = await newMeeting({ open: true, startsAt: new Date(T0 + 3 * 86400_000).toISOString(), endsAt: new Date(T0 + 3 * 86400_000 + 3600_000).toISOString() })
    expect((await call('demo-guest', 'GET', `/api/v1/meetings/${id}`)).statusCode).toBe(200)
    at(T0 + 3 * 86400_000)
    const c = await code(id)
    // The app offers 来宾签到 on this flag, not on the wording of the message.
    expect(expectError(await call('demo-guest', 'POST', '/api/v1/checkins', { code: c }), 403, 'CHECKIN_NOT_ELIGIBLE')).toMatchObject({ guestAllowed: true })
    expectError(await call('demo-guest', 'POST', '/api/v1/checkins/guest', { code: c }), 400, 'VALIDATION_FAILED')
    const res = await call('demo-guest', 'POST', '/api/v1/checkins/guest', { code: c, name: '赵强', company: '云帆网络科技有限公司' })
    expect(res.statusCode).toBe(201)
    expect(res.json().kind).toBe('guest')
    const a = (await call('demo-secretary', 'GET', `/api/v1/meetings/${id}/attendance`)).json()
    expect(a).toMatchObject({ guests: 1, checkedIn: 0 })
    expect(a.records[0]).toMatchObject({ name: '赵强', company: '云帆网络科技有限公司', kind: 'guest' })
  })

  test('geofence: location required, too far refused, near accepted', async () => {
    const start = T0 + 5 * 86400_000
    at(start - 3600_000)
    const fence = { lat: 31.2989, lng: 120.5853, radiusM: 200 }
    const id = await newMeeting({ geofence: fence, startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString() })
    at(start)
    const c = await code(id)
    expectError(await call('demo-member', 'POST', '/api/v1/checkins', { code: c }), 422, 'CHECKIN_LOCATION_REQUIRED')
    expectError(await call('demo-member', 'POST', '/api/v1/checkins', { code: c, location: { lat: 31.31, lng: 120.5853 } }), 422, 'CHECKIN_OUT_OF_RANGE')
    const ok = await call('demo-member', 'POST', '/api/v1/checkins', { code: c, location: { lat: 31.2995, lng: 120.5853, accuracyM: 30 } })
    expect(ok.statusCode).toBe(201)
  })

  test('leave: a member before the start, with a reason; not after it starts', async () => {
    const start = T0 + 7 * 86400_000
    at(start - 86400_000)
    const id = await newMeeting({ startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString() })
    expectError(await call('demo-member-2', 'POST', `/api/v1/meetings/${id}/leave`, {}), 400, 'VALIDATION_FAILED')
    expectError(await call('demo-guest', 'POST', `/api/v1/meetings/${id}/leave`, { reason: '出差' }), 404, 'NOT_FOUND')
    expect((await call('demo-member-2', 'POST', `/api/v1/meetings/${id}/leave`, { reason: '出差在外地' })).statusCode).toBe(201)
    expect((await call('demo-member-2', 'GET', `/api/v1/meetings/${id}`)).json().myStatus).toBe('on_leave')
    at(start + 60_000)
    expectError(await call('demo-member', 'POST', `/api/v1/meetings/${id}/leave`, { reason: '临时有事' }), 409, 'LEAVE_NOT_ALLOWED')
    const a = (await call('demo-secretary', 'GET', `/api/v1/meetings/${id}/attendance`)).json()
    expect(a).toMatchObject({ expected: 3, onLeave: 1, absent: 2 })
  })

  test('lists: mine shows upcoming first; open shows open sessions to anyone', async () => {
    const day = 86400_000
    const past = [await meetingAt(T0 + 14 * day), await meetingAt(T0 + 15 * day)]
    const upcoming = [await meetingAt(T0 + 17 * day), await meetingAt(T0 + 18 * day, { open: true })]
    at(T0 + 16 * day)
    const mine = (await call('demo-member', 'GET', '/api/v1/meetings?scope=mine&limit=100')).json()
    const ids = mine.items.map((m: { id: string }) => m.id)
    expect(ids).toEqual(expect.arrayContaining([...past, ...upcoming]))
    const firstPast = mine.items.findIndex((m: { endsAt: string }) => Date.parse(m.endsAt) < clock.now().getTime())
    expect(firstPast).toBeGreaterThanOrEqual(upcoming.length)
    expect(mine.items.slice(firstPast).every((m: { endsAt: string }) => Date.parse(m.endsAt) < clock.now().getTime())).toBe(true)
    for (const id of upcoming) expect(ids.indexOf(id)).toBeLessThan(firstPast)
    const open = (await call('demo-guest', 'GET', '/api/v1/meetings?scope=open&limit=100')).json()
    expect(open.items.map((m: { id: string }) => m.id)).toContain(upcoming[1])
    expect(open.items.every((m: { open: boolean }) => m.open)).toBe(true)
    expect((await call('demo-guest', 'GET', '/api/v1/meetings?scope=mine')).json().items).toEqual([])
  })
})

test('the demo data has one upcoming open meeting of 星火', async () => {
  const rows = rowsOf<{ title: string; open: boolean; branch: string }>(
    await t.database.db.execute(sql`SELECT m.title, m.open, o.name AS branch FROM meetings m JOIN organizations o ON o.id = m.branch_id WHERE m.title LIKE '开放式%'`),
  )
  expect(rows).toEqual([{ title: '开放式主题党日：走进车间学党史', open: true, branch: '星火科技有限公司党支部' }])
})

test('the attendance spreadsheet parses and lists each person with Chinese headers', async () => {
  const A = { id: await attendedMeeting() }
  expect((await call('demo-secretary', 'POST', `/api/v1/meetings/${A.id}/attendance`, { memberId: await wangId(), reason: '主持会议，未扫码' })).statusCode).toBe(201)
  at(T0 + 86400_000)
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${A.id}/attendance.xlsx`, headers: auth(tok['demo-secretary']) })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toContain('spreadsheetml')
  const ExcelJS = (await import('exceljs')).default
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
  const rows: string[][] = []
  wb.getWorksheet('签到表')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))))
  const header = rows.findIndex((r) => r[0] === '序号')
  expect(rows[header]).toEqual(['序号', '姓名', '身份', '单位', '状态', '签到方式', '签到时间', '说明'])
  const names = rows.slice(header + 1).map((r) => r[1])
  expect(names.sort()).toEqual(['张明', '李婷', '王建国'].sort())
  expect(rows.find((r) => r[1] === '王建国')?.[5]).toBe('补签')
  expectError(await call('demo-member', 'GET', `/api/v1/meetings/${A.id}/attendance.xlsx`), 404, 'NOT_FOUND')
})

test('minutes: editable for 7 days after the end, then locked; amendments append and never change the original', async () => {
  const start = T0 + 20 * 86400_000
  at(start - 3600_000)
  const id = await newMeeting({ startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString() })
  const url = `/api/v1/meetings/${id}/minutes`
  expectError(await t.app.inject({ method: 'PUT', url, payload: { body: '' }, headers: auth(tok['demo-secretary']) }), 400, 'VALIDATION_FAILED')
  expectError(await t.app.inject({ method: 'PUT', url, payload: { body: '越权写记录' }, headers: auth(tok['demo-member']) }), 404, 'NOT_FOUND')
  expectError(await call('demo-secretary', 'POST', `${url}/amendments`, { body: '没有原记录的修订' }), 409, 'CONFLICT')
  at(start + 3600_000 + 86400_000)
  const saved = await t.app.inject({ method: 'PUT', url, payload: { body: '一、学习党章。二、讨论车间安全。' }, headers: auth(tok['demo-secretary']) })
  expect(saved.statusCode).toBe(200)
  expect(saved.json()).toMatchObject({ body: '一、学习党章。二、讨论车间安全。', locked: false, authorName: '王建国' })
  at(start + 3600_000 + 7 * 86400_000)
  const locked = expectError(await t.app.inject({ method: 'PUT', url, payload: { body: '悄悄改掉' }, headers: auth(tok['demo-secretary']) }), 409, 'MINUTES_LOCKED')
  expect(locked.message).toContain('追加修订')
  const amended = await call('demo-secretary', 'POST', `${url}/amendments`, { body: '更正：讨论的是二号车间。' })
  expect(amended.statusCode).toBe(201)
  const read = (await call('demo-member', 'GET', url)).json()
  expect(read).toMatchObject({ body: '一、学习党章。二、讨论车间安全。', locked: true, amendments: [{ body: '更正：讨论的是二号车间。', authorName: '王建国' }] })
  expectError(await call('demo-guest', 'GET', url), 404, 'NOT_FOUND')
})

test('edit before the start; cancel with a reason; members see it cancelled and cannot sign in', async () => {
  const start = T0 + 12 * 86400_000
  at(start - 86400_000)
  const id = await newMeeting({ startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString() })
  const edited = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/meetings/${id}`,
    headers: auth(tok['demo-secretary']),
    payload: body({ title: '改期后的主题党日', startsAt: new Date(start + 3600_000).toISOString(), endsAt: new Date(start + 7200_000).toISOString() }),
  })
  expect(edited.statusCode).toBe(200)
  expect(edited.json().title).toBe('改期后的主题党日')
  expectError(await t.app.inject({ method: 'PUT', url: `/api/v1/meetings/${id}`, headers: auth(tok['demo-member']), payload: body() }), 404, 'NOT_FOUND')
  expectError(await call('demo-secretary', 'POST', `/api/v1/meetings/${id}/cancel`, {}), 400, 'VALIDATION_FAILED')
  expect((await call('demo-secretary', 'POST', `/api/v1/meetings/${id}/cancel`, { reason: '与安全检查冲突' })).json()).toEqual({ status: 'cancelled' })
  expect((await call('demo-member', 'GET', `/api/v1/meetings/${id}`)).json()).toMatchObject({ cancelled: true, cancelReason: '与安全检查冲突' })
  at(start + 3600_000)
  const err = expectError(await call('demo-member', 'POST', '/api/v1/checkins', { code: await code(id) }), 409, 'CHECKIN_WINDOW_CLOSED')
  expect(err.message).toContain('已取消')
  expectError(await t.app.inject({ method: 'PUT', url: `/api/v1/meetings/${id}`, headers: auth(tok['demo-secretary']), payload: body() }), 409, 'CONFLICT')
})

describe('常用地点', () => {
  const fence = { lat: 31.2989, lng: 120.5853, radiusM: 300 }
  const places = (who: string | null, query: string) => call(who, 'GET', `/api/v1/meetings/places?${query}`)
  const names = async (q: string) => (await places('demo-secretary', `branchId=${xinghuo}&q=${encodeURIComponent(q)}`)).json().items.map((p: { name: string }) => p.name)

  test('the secretary gets the fenced places of the branch, latest first, each once with its last radius', async () => {
    await meetingAt(T0 + 5 * 3600_000, { location: '常用·二号厂房', geofence: { ...fence, radiusM: 1000 } })
    await meetingAt(T0 + 6 * 3600_000, { location: '常用·二号厂房', geofence: { ...fence, radiusM: 500 } })
    await meetingAt(T0 + 7 * 3600_000, { location: '常用·食堂 100%', geofence: { lat: 31.3, lng: 120.59, radiusM: 200 } })
    await meetingAt(T0 + 8 * 3600_000, { location: '常用·没有定范围' })
    const cancelled = await meetingAt(T0 + 9 * 3600_000, { location: '常用·取消了的', geofence: fence })
    expect((await call('demo-secretary', 'POST', `/api/v1/meetings/${cancelled}/cancel`, { reason: '场地临时有事' })).statusCode).toBe(200)

    const res = await places('demo-secretary', `branchId=${xinghuo}&q=${encodeURIComponent('常用·')}`)
    expect(res.statusCode).toBe(200)
    expect(res.json().items).toEqual([
      { name: '常用·食堂 100%', lat: 31.3, lng: 120.59, radiusM: 200, lastUsedAt: new Date(T0 + 7 * 3600_000).toISOString() },
      { name: '常用·二号厂房', ...fence, radiusM: 500, lastUsedAt: new Date(T0 + 6 * 3600_000).toISOString() },
    ])
    // What is typed is matched as written: % and _ are not wildcards.
    expect(await names('100%')).toEqual(['常用·食堂 100%'])
    expect(await names('常_')).toEqual([])
    expect(await names('厂房')).toEqual(['常用·二号厂房'])
  })

  test('only the branch secretary may read them; a bad branch id is a 400', async () => {
    expectError(await places('demo-member', `branchId=${xinghuo}`), 403, 'FORBIDDEN')
    expectError(await places('demo-secretary', `branchId=${chuangye}`), 403, 'FORBIDDEN')
    expectError(await places('demo-secretary', 'branchId=not-an-id'), 400, 'VALIDATION_FAILED')
    expectError(await places(null, `branchId=${xinghuo}`), 401, 'UNAUTHENTICATED')
  })
})

describe('数字签到码', () => {
  const pinOf = async (id: string) => (await call('demo-secretary', 'GET', `/api/v1/meetings/${id}/checkin-code`)).json()
  const typePin = (who: string, id: string, pin: string) => call(who, 'POST', `/api/v1/meetings/${id}/checkin-pin`, { pin })

  test('six digits beside the QR, with the meeting’s title and time, sign a member in once; the previous step still works', async () => {
    const start = T0 + 22 * 86400_000
    const id = await meetingAt(start, { title: '数字签到码演练' })
    at(start - 10 * 60_000)
    const screen = await pinOf(id)
    expect(screen.pin).toMatch(/^\d{6}$/)
    expect(screen).toMatchObject({ title: '数字签到码演练', startsAt: new Date(start).toISOString() })
    const first = await typePin('demo-member', id, screen.pin)
    expect(first.statusCode).toBe(201)
    expect(first.json()).toMatchObject({ meetingId: id, kind: 'member' })
    expect((await typePin('demo-member', id, screen.pin)).json().alreadyCheckedIn).toBe(true)
    expect(await checkinsOf(id)).toBe(1)
    // 20 s later the screen shows a new number; the old one is good one step more, not two.
    clock.advance(CHECKIN_STEP_MS)
    expect((await pinOf(id)).pin).not.toBe(screen.pin)
    expect((await typePin('demo-member-2', id, screen.pin)).statusCode).toBe(201)
  })

  test('wrong digits say how many tries are left; after 10 even the right ones are refused; format errors do not count', async () => {
    const start = T0 + 23 * 86400_000
    const id = await meetingAt(start)
    const other = await meetingAt(start + 3 * 3600_000)
    at(start - 10 * 60_000)
    expectError(await typePin('demo-member', id, '12345'), 400, 'VALIDATION_FAILED')
    expectError(await typePin('demo-member', id, '12a456'), 400, 'VALIDATION_FAILED')
    const right = (await pinOf(id)).pin
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0')
    const firstWrong = expectError(await typePin('demo-member', id, wrong), 400, 'CHECKIN_CODE_INVALID')
    expect(firstWrong.message).toContain('还可以再试 9 次')
    // Another meeting's number is no good here.
    at(start + 3 * 3600_000 - 10 * 60_000)
    const otherPin = (await pinOf(other)).pin
    at(start - 10 * 60_000)
    expect(otherPin).not.toBe(right) // 1 in 10⁶ for two random meetings
    expectError(await typePin('demo-member', id, otherPin), 400, 'CHECKIN_CODE_INVALID')
    for (let i = 0; i < 8; i++) expectError(await typePin('demo-member', id, wrong), 400, 'CHECKIN_CODE_INVALID')
    expectError(await typePin('demo-member', id, (await pinOf(id)).pin), 403, 'CHECKIN_PIN_LOCKED')
    expect(await checkinsOf(id)).toBe(0)
    // The cap is per person: 李婷 still signs in.
    expect((await typePin('demo-member-2', id, (await pinOf(id)).pin)).statusCode).toBe(201)
    expectError(await typePin('demo-member', '00000000-0000-4000-8000-000000000999', right), 404, 'NOT_FOUND')
  })

  test('the right digits do not make a non-member a member; outside the window they are refused like a scan', async () => {
    const start = T0 + 24 * 86400_000
    const id = await meetingAt(start)
    at(start - 10 * 60_000)
    const res = expectError(await typePin('demo-guest', id, (await pinOf(id)).pin), 403, 'CHECKIN_NOT_ELIGIBLE')
    expect(res.message).toContain('不是本支部党员')
    at(start - 3 * 3600_000)
    expectError(await typePin('demo-member', id, (await pinOf(id)).pin), 409, 'CHECKIN_WINDOW_CLOSED')
  })
})
