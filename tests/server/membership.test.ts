import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/src/db/client'
import { activeMembership, attends, branchRoster, mobileBranchIds, mobileRegistration, mobileRoster } from '../../server/src/modules/membership/service'
import { ManualClock, auth, demoOrgs, expectError, startTestApp, tokenBook, type TestApp } from './helpers'

/** The membership module (who belongs where) against a real database, and what a client sees of it. */
const DAY = 86_400_000
const clock = new ManualClock(new Date('2026-11-23T02:00:00Z').getTime()) // 10:00 in China
let t: TestApp
let xinghuo: string
const { tok, login } = tokenBook(() => t)

beforeAll(async () => {
  t = await startTestApp({ env: { SEED: 'demo', TOKEN_TTL_HOURS: '2160' }, clock })
  ;({ xinghuo } = await demoOrgs(t))
  await login('demo-secretary', 'demo-member', 'membership-mobile')
})
afterAll(() => t.close())

const call = (who: string, method: 'GET' | 'POST', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: auth(tok[who]) })
const userId = async (openid: string) => rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM users WHERE openid = ${openid}`))[0].id

test("a member's membership is the one /me shows, and the branch roster lists them once", async () => {
  const me = (await call('demo-member', 'GET', '/api/v1/me')).json()
  const m = await activeMembership(t.database.db, await userId('demo-member'))
  expect(m && { id: m.member.id, branchId: m.member.branchId, branchName: m.branchName, realName: m.member.realName }).toEqual({
    id: me.member.id,
    branchId: me.member.branchId,
    branchName: me.member.branchName,
    realName: me.member.realName,
  })
  const roster = await branchRoster(t.database.db, me.member.branchId)
  expect(roster.filter((r) => r.id === me.member.id)).toHaveLength(1)
  expect(roster.every((r) => r.status === 'active' && r.branchId === me.member.branchId)).toBe(true)
  expect(await activeMembership(t.database.db, await userId('membership-mobile'))).toBeNull()
})

test('a 流动党员 belongs to the branch from acceptance to the last day of validity, and not a day after', async () => {
  const who = await userId('membership-mobile')
  // 流入登记 at 星火, valid to the end of November.
  const registration = { kind: 'mobile_in', fromOrg: { name: '安徽省阜阳市某村党支部' }, toOrg: { id: xinghuo }, realName: '钱多', contactPhone: '13800002222' }
  const dates = { leftAt: '2026-11-01', expectedReturnAt: '2027-03-31', letterValidUntil: '2026-11-30' }
  const filed = await call('membership-mobile', 'POST', '/api/v1/transfers', { ...registration, ...dates, reason: '在园区做季节工，组织关系留在老家' })
  expect(filed.statusCode).toBe(201)
  const startsAt = clock.now().getTime() + 20 * DAY
  const when = { startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 2 * 3600_000).toISOString() }
  const meeting = await call('demo-secretary', 'POST', '/api/v1/meetings', { branchId: xinghuo, type: 'theme_day', title: '十二月主题党日', location: '三楼会议室', ...when, open: false })
  expect(meeting.statusCode).toBe(201)
  const meetingUrl = `/api/v1/meetings/${meeting.json().id}`

  // Filed, not yet accepted: not theirs.
  expect(await mobileRegistration(t.database.db, who, xinghuo, clock.now())).toBeNull()
  expectError(await call('membership-mobile', 'GET', meetingUrl), 404, 'NOT_FOUND')

  expect((await call('demo-secretary', 'POST', `/api/v1/transfers/${filed.json().id}/accept`)).statusCode).toBe(200)
  expect(await mobileRegistration(t.database.db, who, xinghuo, clock.now())).toMatchObject({ name: '钱多', transferId: filed.json().id })
  expect(await mobileBranchIds(t.database.db, who, clock.now())).toEqual([xinghuo])
  expect((await mobileRoster(t.database.db, xinghuo, clock.now())).map((r) => r.userId)).toContain(who)
  expect(await attends(t.database.db, who, xinghuo, clock.now())).toBe(true)
  expect((await call('membership-mobile', 'GET', meetingUrl)).json()).toMatchObject({ myStatus: 'not_checked_in' })

  // The last day of validity (China time) still counts.
  clock.advance(new Date('2026-11-30T15:59:00Z').getTime() - clock.now().getTime())
  expect(await attends(t.database.db, who, xinghuo, clock.now())).toBe(true)

  // From the next China day on, everything that asks says the same: no longer theirs.
  clock.advance(2 * 60_000)
  expect(await mobileRegistration(t.database.db, who, xinghuo, clock.now())).toBeNull()
  expect(await mobileBranchIds(t.database.db, who, clock.now())).toEqual([])
  expect((await mobileRoster(t.database.db, xinghuo, clock.now())).map((r) => r.userId)).not.toContain(who)
  expect(await attends(t.database.db, who, xinghuo, clock.now())).toBe(false)
  expectError(await call('membership-mobile', 'GET', meetingUrl), 404, 'NOT_FOUND')
})
