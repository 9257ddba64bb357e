import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/src/db/client'
import { DB_KIND, auth, expectError, startTestApp, tokenBook, type TestApp } from './helpers'

/** Inputs an attacker sends: every answer is a 4xx in the contract's shape, nothing is written. */
let t: TestApp
const book = tokenBook(() => t)
const tok = book.tok

beforeAll(async () => {
  t = await startTestApp({ env: { SEED: 'demo' } })
  await book.login('demo-member', 'demo-secretary')
})
afterAll(() => t.close())

const countCheckins = async (meetingId: string) =>
  rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM checkins WHERE meeting_id = ${meetingId}`))[0].n

describe('list cursors', () => {
  test.each(['/api/v1/meetings', '/api/v1/identity/declarations?scope=mine', '/api/v1/transfers?scope=mine'])('a huge offset cursor on %s is 400, not 500', async (url) => {
    for (const cursor of ['OTk5OTk5OTk5OTk5OTk5OTk5OTk', Buffer.from('1e400').toString('base64url'), Buffer.from('-1').toString('base64url'), Buffer.from('3.5').toString('base64url')]) {
      const res = await t.app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}cursor=${cursor}`, headers: auth(tok['demo-member']) })
      expectError(res, 400, 'VALIDATION_FAILED')
    }
  })
})

describe('URLs the router cannot read', () => {
  test.each(['/api/v1/meetings/%E0%A4%A', '/api/v1/meetings/%', '/api/v1/identity/verify/%C0%AF', '/s/%ZZ'])('malformed percent-encoding %s is a contract error', async (url) => {
    const res = await t.app.inject({ method: 'GET', url, headers: auth(tok['demo-member']) })
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.statusCode).toBeLessThan(500)
    expectError(res, res.statusCode, res.json().error.code)
  })

  test('verify answers any malformed code alike: 404 CARD_INVALID, whatever its length', async () => {
    const messages = new Set<string>()
    for (const code of ['x', 'A'.repeat(40), 'A'.repeat(999), 'A'.repeat(1001), 'A'.repeat(5000), '%00', '%E0%A4%A']) {
      messages.add(expectError(await t.app.inject({ method: 'GET', url: `/api/v1/identity/verify/${code}` }), 404, 'CARD_INVALID').message)
    }
    expect(messages.size).toBe(1)
  })
})

describe('exact limits under concurrency (run on PostgreSQL in CI, where they race)', () => {
  test('100 different people signing in at once never exceed the capacity', async () => {
    const { body: me } = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(tok['demo-secretary']) })
    const start = Date.now() + 10 * 60_000
    for (const capacity of [5, 20]) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/meetings',
        headers: auth(tok['demo-secretary']),
        payload: {
          branchId: JSON.parse(me).member.branchId,
          type: 'theme_day',
          title: `开放日（限 ${capacity} 人）`,
          location: '星火科技一楼',
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(start + 3600_000).toISOString(),
          open: true,
          capacity,
        },
      })
      expect(created.statusCode).toBe(201)
      const id = created.json().id
      const code = (await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${id}/checkin-code`, headers: auth(tok['demo-secretary']) })).json().code
      const guests = Array.from({ length: 100 }, (_, i) => `cap-${capacity}-${i}`)
      await book.login(...guests)
      const answers = await Promise.all(
        guests.map((g, i) => t.app.inject({ method: 'POST', url: '/api/v1/checkins/guest', headers: auth(tok[g]), payload: { code, name: `来宾${i}`, company: '园区' } })),
      )
      const statuses = answers.map((a) => a.statusCode)
      expect(statuses.filter((s) => s === 201)).toHaveLength(capacity)
      expect(statuses.filter((s) => s === 409)).toHaveLength(100 - capacity)
      for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.code).toBe('CHECKIN_FULL')
      expect(await countCheckins(id)).toBe(capacity)
    }
  })
})

describe('text the system accepts (src/domain/common.ts line/lines)', () => {
  const ID = '0b6a7c1e-8f57-4c2a-9d1e-3f4a5b6c7d8e'
  const meeting = (patch: object) => ({ branchId: ID, type: 'theme_day', title: '主题党日', location: '会议室', startsAt: '2030-01-01T01:00:00Z', endsAt: '2030-01-01T02:00:00Z', open: false, ...patch })
  const transfer = (patch: object) => ({ kind: 'mobile_in', fromOrg: { name: '某村党支部' }, toOrg: { id: ID }, reason: '外出务工', contactPhone: '13800002222', realName: '钱多', leftAt: '2026-11-01', expectedReturnAt: '2027-03-31', ...patch })
  const lesson = (patch: object) => ({ orgId: ID, title: '一节党课', category: '党史学习', kind: 'article', bodyHtml: '<p>正文</p>', ...patch })
  const declaration = (patch: object) => ({ realName: '周新', phone: '13612345678', joinedAt: '2016-07-01', memberType: 'full', branchId: ID, ...patch })
  // [method, url, body] with one field carrying the bad text (BAD is replaced per case).
  const cases: [string, string, (bad: string) => object][] = [
    ['POST', '/api/v1/auth/dev-login', (b) => ({ openid: 'x', nickname: `a${b}b` })],
    ['PATCH', '/api/v1/identity/card', (b) => ({ pledge: `做表率${b}` })],
    ['POST', '/api/v1/identity/declarations', (b) => declaration({ realName: `周${b}新` })],
    ['POST', '/api/v1/identity/declarations', (b) => declaration({ position: `车间${b}` })],
    ['POST', `/api/v1/identity/declarations/${ID}/reject`, (b) => ({ reason: `材料${b}不全` })],
    ['POST', '/api/v1/identity/posts', (b) => ({ memberId: ID, kind: 'pioneer_post', title: `先锋${b}岗` })],
    ['POST', '/api/v1/meetings', (b) => meeting({ title: `主题${b}党日` })],
    ['POST', '/api/v1/meetings', (b) => meeting({ agenda: `议程${b}` })],
    ['POST', '/api/v1/meetings', (b) => meeting({ location: `会议${b}室` })],
    ['POST', `/api/v1/meetings/${ID}/leave`, (b) => ({ reason: `出差${b}` })],
    ['PUT', `/api/v1/meetings/${ID}/minutes`, (b) => ({ body: `记录${b}内容` })],
    ['POST', `/api/v1/meetings/${ID}/minutes/amendments`, (b) => ({ body: `修订${b}内容` })],
    ['POST', '/api/v1/checkins/guest', (b) => ({ code: 'abc', name: `来宾${b}`, company: '园区' })],
    ['POST', '/api/v1/transfers', (b) => transfer({ reason: `外出${b}务工` })],
    ['POST', '/api/v1/transfers', (b) => transfer({ fromOrg: { name: `某村${b}党支部` } })],
    ['POST', '/api/v1/transfers', (b) => transfer({ realName: `钱${b}多` })],
    ['POST', '/api/v1/lessons', (b) => lesson({ title: `一节${b}党课` })],
    ['POST', '/api/v1/lessons', (b) => lesson({ bodyHtml: `<p>正文${b}</p>` })],
  ]
  const tables = ['users', 'declarations', 'meetings', 'checkins', 'transfers', 'lessons', 'audit_log', 'member_posts']

  test.each([
    ['NUL', '\u0000'],
    ['another control character', '\u0007'],
    ['a lone surrogate half', '\uD800'],
  ])('%s in any free-text field is 400 VALIDATION_FAILED and writes nothing', async (_what, bad) => {
    const before = await Promise.all(tables.map((x) => t.count(x)))
    for (const [method, url, make] of cases) {
      const res = await t.app.inject({ method: method as 'POST', url, headers: { ...auth(tok['demo-secretary']), 'content-type': 'application/json' }, payload: JSON.stringify(make(bad)) })
      const err = expectError(res, 400, 'VALIDATION_FAILED')
      expect(err.fields?.length).toBeGreaterThan(0)
    }
    expect(await Promise.all(tables.map((x) => t.count(x)))).toEqual(before)
  })

  test('single-line fields refuse line breaks; multi-line fields keep newlines and tabs', async () => {
    expectError(await t.app.inject({ method: 'POST', url: '/api/v1/auth/dev-login', payload: { openid: 'x', nickname: 'a\nb' } }), 400, 'VALIDATION_FAILED')
    const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/identity/card', headers: auth(tok['demo-member']), payload: { pledge: '第一条\n\t第二条 😀' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().pledge).toBe('第一条\n\t第二条 😀')
  })
})

describe('logout and revocation', () => {
  const me = (token: string) => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(token) })
  const post = (url: string, token?: string) => t.app.inject({ method: 'POST', url, headers: token ? auth(token) : {} })

  test('退出登录 ends this token at once and no other; the audit log has it', async () => {
    const phone = await t.login('logout-a')
    const laptop = await t.login('logout-a')
    expect((await me(phone)).statusCode).toBe(200)
    const res = await post('/api/v1/auth/logout', phone)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok' })
    const err = expectError(await me(phone), 401, 'UNAUTHENTICATED')
    expect(err.message).toBe('已退出登录，请重新登录')
    expect((await me(laptop)).statusCode).toBe(200)
    expectError(await post('/api/v1/auth/logout', phone), 401, 'UNAUTHENTICATED')
    const audit = await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.logout'`)
    expect(rowsOf<{ n: number }>(audit)[0].n).toBeGreaterThanOrEqual(1)
  })

  test('在所有设备上退出 ends every token of mine, not other people’s; a new login works', async () => {
    const a1 = await t.login('logout-b')
    const a2 = await t.login('logout-b')
    const other = await t.login('logout-c')
    expect((await post('/api/v1/auth/logout-all', a1)).statusCode).toBe(200)
    expectError(await me(a1), 401, 'UNAUTHENTICATED')
    expectError(await me(a2), 401, 'UNAUTHENTICATED')
    expect((await me(other)).statusCode).toBe(200)
    expect((await me(await t.login('logout-b'))).statusCode).toBe(200)
  })

  test('a logout on one instance ends the session on another that had already checked it', async () => {
    // Two servers on one database, as behind a load balancer: B has just accepted the tokens (and
    // keeps them checked for a while); A revokes them; B must refuse them as soon as the
    // notification arrives, not when its cache runs out (30 s).
    const b = await startTestApp({ database: t.database })
    try {
      const onB = (token: string) => b.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(token) })
      const phone = await t.login('logout-d')
      const laptop = await t.login('logout-d')
      expect((await onB(phone)).statusCode).toBe(200)
      expect((await onB(laptop)).statusCode).toBe(200)
      const refusedOnB = async (token: string) => {
        const until = Date.now() + 3000
        while (Date.now() < until) {
          if ((await onB(token)).statusCode === 401) return true
          await new Promise((r) => setTimeout(r, 20))
        }
        return false
      }
      expect((await post('/api/v1/auth/logout', phone)).statusCode).toBe(200)
      expect(await refusedOnB(phone)).toBe(true)
      expect((await onB(laptop)).statusCode).toBe(200)
      expect((await post('/api/v1/auth/logout-all', laptop)).statusCode).toBe(200)
      expect(await refusedOnB(laptop)).toBe(true)
      expectError(await onB(laptop), 401, 'UNAUTHENTICATED')
    } finally {
      await b.close()
    }
  })

  // Only PostgreSQL has a connection to lose (PGlite's notifications are in-process).
  ;(DB_KIND === 'postgres' ? test : test.skip)('while the notification connection is down, no session is taken from the cache', async () => {
    const phone = await t.login('logout-e')
    expect((await me(phone)).statusCode).toBe(200) // checked, and kept for 30 s
    // Cut this server's LISTEN connection, then revoke the token behind its back (no notification).
    await t.database.db.execute(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN re_sessions%'`)
    await new Promise((r) => setTimeout(r, 300))
    await t.database.db.execute(sql`UPDATE users SET token_version = token_version + 1 WHERE openid = 'logout-e'`)
    expectError(await me(phone), 401, 'UNAUTHENTICATED')
    // It comes back (every 2 s) and the cache is used again.
    const fresh = await t.login('logout-e')
    const until = Date.now() + 6000
    let listening = 0
    while (Date.now() < until && listening === 0) {
      await new Promise((r) => setTimeout(r, 200))
      listening = rowsOf<{ n: number }>(
        await t.database.db.execute(sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN re_sessions%'`),
      )[0].n
    }
    expect(listening).toBeGreaterThan(0)
    expect((await me(fresh)).statusCode).toBe(200)
  })

  test('logout without a token is 401', async () => {
    expectError(await post('/api/v1/auth/logout'), 401, 'UNAUTHENTICATED')
    expectError(await post('/api/v1/auth/logout-all'), 401, 'UNAUTHENTICATED')
  })
})

describe('default-deny', () => {
  const PUBLIC_OPERATIONS = ['GET /api/health', 'GET /api/v1/auth/options', 'POST /api/v1/auth/wechat', 'POST /api/v1/auth/dev-login', 'GET /api/v1/identity/verify/{verifyCode}']

  test('every operation of the OpenAPI document answers 401 without a token, except the declared public ones', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> }
    const answered: string[] = []
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const method of Object.keys(operations)) {
        const key = `${method.toUpperCase()} ${path}`
        const url = path.replace(/\{[^}]+\}/g, '0b6a7c1e-8f57-4c2a-9d1e-3f4a5b6c7d8e')
        const res = await t.app.inject({ method: method.toUpperCase() as 'GET', url, ...(method === 'get' || method === 'delete' ? {} : { payload: {} }) })
        if (PUBLIC_OPERATIONS.includes(key)) {
          expect({ key, status: res.statusCode }).not.toEqual({ key, status: 401 })
        } else {
          expect({ key, status: res.statusCode, code: res.json().error?.code }).toEqual({ key, status: 401, code: 'UNAUTHENTICATED' })
        }
        answered.push(key)
      }
    }
    expect(answered.length).toBeGreaterThanOrEqual(58)
    for (const key of PUBLIC_OPERATIONS) expect(answered).toContain(key)
  })

  test('a route added without a word about access is private', async () => {
    // A second app on this file's database (the route reads nothing from it).
    const other = await startTestApp({ database: t.database, extend: (app) => app.get('/api/v1/something-new', async () => ({ secret: '内部数据' })) })
    try {
      expectError(await other.app.inject({ method: 'GET', url: '/api/v1/something-new' }), 401, 'UNAUTHENTICATED')
      const token = await other.login('someone')
      expect((await other.app.inject({ method: 'GET', url: '/api/v1/something-new', headers: auth(token) })).json()).toEqual({ secret: '内部数据' })
    } finally {
      await other.close()
    }
  })
})

describe('privacy by default', () => {
  test('the 亮身份 wall is opt-in: only members who turned it on are listed, and a new card starts off it', async () => {
    await book.login('demo-member-2')
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(tok['demo-member-2']) })).json()
    const wall = (await t.app.inject({ method: 'GET', url: `/api/v1/identity/wall/${me.member.branchId}`, headers: auth(tok['demo-member']) })).json()
    const names = wall.items.map((i: { displayName: string }) => i.displayName)
    expect(names).toContain('张明')
    expect(names).not.toContain('李婷')
    const card = (await t.app.inject({ method: 'GET', url: '/api/v1/identity/card', headers: auth(tok['demo-member-2']) })).json()
    expect(card.privacy.onWall).toBe(false)
    await t.app.inject({ method: 'PATCH', url: '/api/v1/identity/card', headers: auth(tok['demo-member-2']), payload: { onWall: true } })
    const after = (await t.app.inject({ method: 'GET', url: `/api/v1/identity/wall/${me.member.branchId}`, headers: auth(tok['demo-member']) })).json()
    expect(after.items.map((i: { displayName: string }) => i.displayName)).toContain('李婷')
  })
})

describe('phone numbers at rest', () => {
  test('stored encrypted; a declaration shows the number to its reviewer in full and masked to the declarant; a transfer in full to applicant and reviewer', async () => {
    await book.login('phone-newcomer', 'phone-mobile')
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(tok['demo-secretary']) })).json()
    const branchId = me.member.branchId
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/identity/declarations',
      headers: auth(tok['phone-newcomer']),
      payload: { realName: '孙立新', phone: '13911112222', joinedAt: '2016-07-01', memberType: 'full', branchId },
    })
    expect(filed.statusCode).toBe(201)
    const transfer = await t.app.inject({
      method: 'POST',
      url: '/api/v1/transfers',
      headers: auth(tok['phone-mobile']),
      payload: { kind: 'mobile_in', fromOrg: { name: '某村党支部' }, toOrg: { id: branchId }, reason: '外出务工', contactPhone: '13933334444', realName: '钱多多', leftAt: '2026-11-01', expectedReturnAt: '2027-03-31' },
    })
    expect(transfer.statusCode).toBe(201)

    const raw = rowsOf<{ p: string }>(await t.database.db.execute(sql`SELECT phone AS p FROM declarations UNION ALL SELECT contact_phone AS p FROM transfers`)).map((r) => r.p)
    expect(raw.length).toBeGreaterThanOrEqual(2)
    for (const p of raw) expect(p).not.toMatch(/1[0-9]{10}/)

    const asReviewer = (await t.app.inject({ method: 'GET', url: `/api/v1/identity/declarations/${filed.json().id}`, headers: auth(tok['demo-secretary']) })).json()
    expect(asReviewer.phoneMasked).toBe('13911112222')
    const asApplicant = (await t.app.inject({ method: 'GET', url: `/api/v1/identity/declarations/${filed.json().id}`, headers: auth(tok['phone-newcomer']) })).json()
    expect(asApplicant.phoneMasked).toBe('139****2222')
    const reviewed = (await t.app.inject({ method: 'GET', url: `/api/v1/transfers/${transfer.json().id}`, headers: auth(tok['demo-secretary']) })).json()
    expect(reviewed.contactPhone).toBe('13933334444')
    const own = (await t.app.inject({ method: 'GET', url: `/api/v1/transfers/${transfer.json().id}`, headers: auth(tok['phone-mobile']) })).json()
    expect(own.contactPhone).toBe('13933334444')
  })

  test('numbers stored in plain text by an older version are encrypted at the next start', async () => {
    await book.login('phone-legacy')
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(tok['demo-secretary']) })).json()
    const filed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/transfers',
      headers: auth(tok['phone-legacy']),
      payload: { kind: 'mobile_in', fromOrg: { name: '某村党支部' }, toOrg: { id: me.member.branchId }, reason: '外出务工', contactPhone: '13977778888', realName: '赵旧号', leftAt: '2026-11-01', expectedReturnAt: '2027-03-31' },
    })
    expect(filed.statusCode).toBe(201)
    const id: string = filed.json().id
    await t.database.db.execute(sql`UPDATE transfers SET contact_phone = '13955556666' WHERE id = ${id}::uuid`)
    const next = await startTestApp({ database: t.database })
    try {
      const stored = rowsOf<{ p: string }>(await t.database.db.execute(sql`SELECT contact_phone AS p FROM transfers WHERE id = ${id}::uuid`))[0].p
      expect(stored).not.toBe('13955556666')
      expect(stored.startsWith('v1.')).toBe(true)
    } finally {
      await next.close()
    }
  })
})
