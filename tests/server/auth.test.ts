import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/src/db/client'
import { issueToken } from '../../server/src/lib/token'
import { HttpWechatClient } from '../../server/src/modules/auth/wechat'
import { ManualClock, auth, createTestDatabase, expectError, startTestApp, type TestApp, type TestDatabase } from './helpers'

/** A stand-in for api.weixin.qq.com: a real HTTP server on a free port. */
function fakeWechat() {
  const seen: URL[] = []
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    seen.push(url)
    const code = url.searchParams.get('js_code')
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname !== '/sns/jscode2session') return reply(404, {})
    if (code === 'used-code') return reply(200, { errcode: 40163, errmsg: 'code been used' })
    if (code === 'busy') return reply(200, { errcode: -1, errmsg: 'system error' })
    if (code === 'http-500') return reply(500, { oops: true })
    if (code === 'slow') return void setTimeout(() => reply(200, { openid: 'late' }), 1500)
    return reply(200, { openid: `wx-${code}`, session_key: 'never-stored', unionid: 'u-1' })
  })
  return new Promise<{ base: string; seen: URL[]; close(): Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      resolve({
        base: `http://127.0.0.1:${port}`,
        seen,
        close: () => new Promise((r) => server.close(() => r())),
      })
    }),
  )
}

describe('dev login', () => {
  let t: TestApp
  const clock = new ManualClock()
  beforeAll(async () => {
    t = await startTestApp({ clock })
  })
  afterAll(() => t.close())

  test('creates the user on first login, finds it afterwards, and audits both', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/auth/dev-login', payload: { openid: 'alice', nickname: '爱丽丝' } })
    expect(first.statusCode).toBe(200)
    const body = first.json()
    expect(body.user.nickname).toBe('爱丽丝')
    expect(typeof body.token).toBe('string')
    expect(new Date(body.expiresAt).getTime()).toBe(clock.now().getTime() + 7 * 24 * 3600 * 1000)

    const again = await t.app.inject({ method: 'POST', url: '/api/v1/auth/dev-login', payload: { openid: 'alice' } })
    expect(again.json().user).toEqual(body.user)
    expect(await t.count('users')).toBe(1)
    const actions = await t.database.db.execute<{ action: string }>(
      (await import('drizzle-orm')).sql`SELECT action FROM audit_log ORDER BY id`,
    )
    expect((actions as unknown as { rows: { action: string }[] }).rows.map((r) => r.action)).toEqual(['user.created', 'user.signed_in'])
  })

  test('twenty simultaneous first logins of one person make one user', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => t.app.inject({ method: 'POST', url: '/api/v1/auth/dev-login', payload: { openid: 'bob' } })),
    )
    expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200))
    expect(new Set(results.map((r) => r.json().user.id)).size).toBe(1)
  })

  test('GET /api/v1/auth/options reports what is on', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/options' })
    expect(res.json()).toEqual({ devLogin: true, wechat: false })
  })

  test('a bad openid is refused and creates nothing', async () => {
    const before = await t.count('users')
    for (const openid of ['', 'has space', 'x'.repeat(65), '<script>']) {
      expectError(await t.app.inject({ method: 'POST', url: '/api/v1/auth/dev-login', payload: { openid } }), 400, 'VALIDATION_FAILED')
    }
    expect(await t.count('users')).toBe(before)
  })

  test('a request of someone last seen over an hour ago refreshes last_seen_at (in a batch, at the latest when the server stops)', async () => {
    const b = await startTestApp({ database: t.database, clock })
    const token = await b.login('dave')
    const hoursAgo = new Date(clock.now().getTime() - 2 * 3600_000)
    await t.database.db.execute(sql`UPDATE users SET last_seen_at = ${hoursAgo.toISOString()} WHERE openid = 'dave'`)
    expect((await b.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(token) })).statusCode).toBe(200)
    await b.close()
    const [row] = rowsOf<{ at: Date | string }>(await t.database.db.execute(sql`SELECT last_seen_at AS at FROM users WHERE openid = 'dave'`))
    expect(new Date(row.at).getTime()).toBe(clock.now().getTime())
  })

  describe('tokens', () => {
    let token: string
    beforeAll(async () => {
      token = await t.login('carol')
    })
    const me = (headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers })

    test('a valid token opens /me', async () => {
      expect((await me(auth(token))).statusCode).toBe(200)
    })
    test('no token → 401', async () => {
      expectError(await me(), 401, 'UNAUTHENTICATED')
    })
    test('not a Bearer header → 401', async () => {
      expectError(await me({ authorization: token }), 401, 'UNAUTHENTICATED')
    })
    test('garbage token → 401', async () => {
      expectError(await me(auth('abc.def')), 401, 'UNAUTHENTICATED')
    })
    test('tampered payload → 401', async () => {
      const [v, , sig] = token.split('.')
      const forged = Buffer.from(JSON.stringify({ sub: '00000000-0000-4000-8000-000000000000', iat: 0, exp: 9e9 })).toString('base64url')
      expectError(await me(auth(`${v}.${forged}.${sig}`)), 401, 'UNAUTHENTICATED')
    })
    test('signed with another secret → 401', async () => {
      const user = (await me(auth(token))).json().user
      const other = issueToken('another-secret-that-is-long-enough-000', user.id, 3600, clock.now().getTime())
      expectError(await me(auth(other.token)), 401, 'UNAUTHENTICATED')
    })
    test('a token of a user that does not exist → 401', async () => {
      const ghost = issueToken(t.app.deps.config.appSecret, '00000000-0000-4000-8000-000000000000', 3600, clock.now().getTime())
      expectError(await me(auth(ghost.token)), 401, 'UNAUTHENTICATED')
    })
    test('an expired token → 401 with a message saying so', async () => {
      clock.advance(7 * 24 * 3600 * 1000 + 1000)
      const err = expectError(await me(auth(token)), 401, 'UNAUTHENTICATED')
      expect(err.message).toContain('过期')
    })
  })
})

describe('dev login switched off', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH_DEV_LOGIN: 'false', APP_SECRET: 'a-production-secret-of-at-least-32-chars', ID_ENCRYPTION_KEY: Buffer.alloc(32, 2).toString('base64') } })
  })
  afterAll(() => t.close())

  test('POST /api/v1/auth/dev-login → 404 and no user', async () => {
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/auth/dev-login', payload: { openid: 'demo-admin' } }), 404, 'NOT_FOUND')
    expect(await t.count('users')).toBe(0)
  })

  test('WeChat login without credentials → 503 WECHAT_NOT_CONFIGURED', async () => {
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: { code: 'abc' } }), 503, 'WECHAT_NOT_CONFIGURED')
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/options' })).json()).toEqual({ devLogin: false, wechat: false })
  })
})

describe('WeChat login against a fake code2session server', () => {
  let wx: Awaited<ReturnType<typeof fakeWechat>>
  let t: TestApp
  let database: TestDatabase
  beforeAll(async () => {
    wx = await fakeWechat()
    database = await createTestDatabase()
    t = await startTestApp({
      database,
      env: { WECHAT_APPID: 'wx-app-id', WECHAT_SECRET: 'wx-app-secret', WECHAT_API_BASE: wx.base },
    })
  })
  afterAll(async () => {
    await t.close()
    await database.destroy()
    await wx.close()
  })
  const login = (payload: unknown) => t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: payload as object })

  test('a good code signs in as the openid WeChat returns, with the app credentials sent', async () => {
    const res = await login({ code: 'good1' })
    expect(res.statusCode).toBe(200)
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(res.json().token) })
    expect(me.json().user.nickname).toBe('微信用户')
    const call = wx.seen[wx.seen.length - 1]
    expect(Object.fromEntries(call.searchParams)).toEqual({
      appid: 'wx-app-id',
      secret: 'wx-app-secret',
      js_code: 'good1',
      grant_type: 'authorization_code',
    })
    expect((await login({ code: 'good1' })).json().user.id).toBe(res.json().user.id)
  })

  test('a used code → 400 WECHAT_CODE_INVALID', async () => {
    expectError(await login({ code: 'used-code' }), 400, 'WECHAT_CODE_INVALID')
  })

  test('WeChat busy or failing → 503 WECHAT_UNAVAILABLE', async () => {
    expectError(await login({ code: 'busy' }), 503, 'WECHAT_UNAVAILABLE')
    expectError(await login({ code: 'http-500' }), 503, 'WECHAT_UNAVAILABLE')
  })

  test('bad bodies → 400 and nothing written', async () => {
    const users = await t.count('users')
    for (const body of [{}, { code: 123 }, { code: '' }, { code: 'a', extra: 1 }]) {
      expectError(await login(body), 400, 'VALIDATION_FAILED')
    }
    expect(await t.count('users')).toBe(users)
  })

  test('the client times out instead of hanging', async () => {
    const client = new HttpWechatClient({ apiBase: wx.base, appId: 'a', secret: 's', timeoutMs: 200 })
    await expect(client.code2session('slow')).rejects.toMatchObject({ status: 503, code: 'WECHAT_UNAVAILABLE' })
  })

  test('an unreachable WeChat → 503', async () => {
    const client = new HttpWechatClient({ apiBase: 'http://127.0.0.1:9', appId: 'a', secret: 's', timeoutMs: 500 })
    await expect(client.code2session('x')).rejects.toMatchObject({ status: 503, code: 'WECHAT_UNAVAILABLE' })
  })
})
