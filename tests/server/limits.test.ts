import { auth, expectError, startTestApp, testConfig, type TestApp } from './helpers'

/** Rate limits as configured (RATE_LIMIT_*): abuse gets 429, a factory behind one NAT does not. */
const FACTORY = '203.0.113.7'

async function login(t: TestApp, openid: string, remoteAddress: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/dev-login', payload: { openid }, remoteAddress })
  return res
}

describe('with the default limits', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ env: { SEED: 'demo', RATE_LIMIT: 'on' } })
  })
  afterAll(() => t.close())

  test('a 300-person open session behind one factory NAT signs in within a minute: no 429', async () => {
    const secretary = (await login(t, 'demo-secretary', '198.51.100.1')).json().token
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(secretary), remoteAddress: '198.51.100.1' })).json()
    const start = Date.now() + 10 * 60_000
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/meetings',
      headers: auth(secretary),
      remoteAddress: '198.51.100.1',
      payload: { branchId: me.member.branchId, type: 'theme_day', title: '全厂开放日', location: '厂区广场', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3600_000).toISOString(), open: true },
    })
    const meetingId = created.json().id
    // The code on the secretary's screen, renewed every 20 s of real time as the page does.
    const currentCode = async () =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${meetingId}/checkin-code`, headers: auth(secretary), remoteAddress: '198.51.100.1' })).json().code

    const began = Date.now()
    const statuses: number[] = []
    // Ten at a time, as people arrive: log in, open the app, scan the code on screen, sign in.
    for (let batch = 0; batch < 30; batch++) {
      const code = await currentCode()
      await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const n = batch * 10 + i
          const loggedIn = await login(t, `worker-${n}`, FACTORY)
          statuses.push(loggedIn.statusCode)
          const token = loggedIn.json().token
          statuses.push((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(token), remoteAddress: FACTORY })).statusCode)
          statuses.push((await t.app.inject({ method: 'GET', url: '/api/v1/meetings?scope=open', headers: auth(token), remoteAddress: FACTORY })).statusCode)
          const signed = await t.app.inject({ method: 'POST', url: '/api/v1/checkins/guest', headers: auth(token), remoteAddress: FACTORY, payload: { code, name: `工人${n}`, company: '星火科技' } })
          statuses.push(signed.statusCode)
        }),
      )
    }
    expect(Date.now() - began).toBeLessThan(60_000)
    expect(statuses.filter((s) => s === 429)).toHaveLength(0)
    expect(statuses.filter((s) => s === 201)).toHaveLength(300)
  }, 90_000)
})

describe('with small limits (set in config)', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({
      env: {
        SEED: 'demo',
        RATE_LIMIT: 'on',
        RATE_LIMIT_PER_IP: '40',
        RATE_LIMIT_LOGIN: '5',
        RATE_LIMIT_CHECKIN: '3',
        RATE_LIMIT_VERIFY: '4',
        RATE_LIMIT_HEARTBEAT: '3',
        RATE_LIMIT_NOT_FOUND: '3',
      },
    })
  })
  afterAll(() => t.close())

  const over = (res: { statusCode: number; headers: Record<string, unknown>; json(): any }) => {
    const err = expectError(res, 429, 'RATE_LIMITED')
    expect(err.message).toMatch(/^操作太频繁了，请 \d+ 秒后再试$/)
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
  }

  test('logins per IP: the 6th in a minute is 429 with Retry-After; another address is not affected', async () => {
    for (let i = 0; i < 5; i++) expect((await login(t, `burst-${i}`, '192.0.2.1')).statusCode).toBe(200)
    over(await login(t, 'burst-5', '192.0.2.1'))
    expect((await login(t, 'elsewhere', '192.0.2.2')).statusCode).toBe(200)
  })

  test('sign-ins and heartbeats per user, verify and unknown paths per IP', async () => {
    const token = (await login(t, 'demo-member', '192.0.2.10')).json().token
    const other = (await login(t, 'demo-member-2', '192.0.2.10')).json().token
    const scan = (tk: string) => t.app.inject({ method: 'POST', url: '/api/v1/checkins', headers: auth(tk), remoteAddress: '192.0.2.10', payload: { code: 'x'.repeat(40) } })
    for (let i = 0; i < 3; i++) expect((await scan(token)).statusCode).not.toBe(429)
    over(await scan(token))
    expect((await scan(other)).statusCode).not.toBe(429)

    const lessonId = (await t.app.inject({ method: 'GET', url: '/api/v1/lessons', headers: auth(token), remoteAddress: '192.0.2.10' })).json().items[0].id
    const beat = () => t.app.inject({ method: 'POST', url: `/api/v1/lessons/${lessonId}/progress`, headers: auth(token), remoteAddress: '192.0.2.10', payload: { positionSec: 1 } })
    for (let i = 0; i < 3; i++) expect((await beat()).statusCode).not.toBe(429)
    over(await beat())

    const verify = () => t.app.inject({ method: 'GET', url: `/api/v1/identity/verify/${'A'.repeat(40)}`, remoteAddress: '192.0.2.11' })
    for (let i = 0; i < 4; i++) expectError(await verify(), 404, 'CARD_INVALID')
    over(await verify())

    const scanPaths = (p: string) => t.app.inject({ method: 'GET', url: `/wp-admin/${p}.php`, remoteAddress: '192.0.2.12' })
    for (let i = 0; i < 3; i++) expectError(await scanPaths(String(i)), 404, 'NOT_FOUND')
    over(await scanPaths('x'))
  })

  test('every other request counts toward the per-IP ceiling', async () => {
    for (let i = 0; i < 40; i++) expect((await t.app.inject({ method: 'GET', url: '/api/health', remoteAddress: '192.0.2.20' })).statusCode).toBe(200)
    over(await t.app.inject({ method: 'GET', url: '/api/health', remoteAddress: '192.0.2.20' }))
    expect((await t.app.inject({ method: 'GET', url: '/api/health', remoteAddress: '192.0.2.21' })).statusCode).toBe(200)
  })
})

test('RATE_LIMIT=off turns them off (benchmarks); bad limits are named at start', async () => {
  const t = await startTestApp({ env: { RATE_LIMIT: 'off', RATE_LIMIT_PER_IP: '2' } })
  try {
    for (let i = 0; i < 5; i++) expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
  } finally {
    await t.close()
  }
  expect(() => testConfig({ RATE_LIMIT_LOGIN: 'many' })).toThrow(/RATE_LIMIT_LOGIN/)
  expect(() => testConfig({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY/)
})
