import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'drizzle-orm'
import { openDatabase, rowsOf } from '../../server/src/db/client'
import { HttpWechatMessenger } from '../../server/src/modules/auth/wechat'
import { tick, type ReminderDeps } from '../../server/src/modules/reminders/service'
import { DEMO_ORG_NAMES } from '../../src/domain/demo'
import { DB_KIND, ManualClock, auth, expectError, startTestApp, type TestApp } from './helpers'

/** WeChat's token and subscribe-send endpoints; `failNext` sends answer errcode -1 (system busy). */
function fakeWechat() {
  const sends: { touser: string; template_id: string; page: string; data: Record<string, { value: string }> }[] = []
  const state = { failNext: 0, tokens: 0, refuse: new Set<string>() }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const reply = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
    }
    if (url.pathname === '/cgi-bin/token') {
      state.tokens++
      return reply({ access_token: `tok-${state.tokens}`, expires_in: 7200 })
    }
    if (url.pathname !== '/cgi-bin/message/subscribe/send' || !url.searchParams.get('access_token')?.startsWith('tok-')) return reply({ errcode: 40001 })
    let raw = ''
    req.on('data', (c) => (raw += c))
    req.on('end', () => {
      const body = JSON.parse(raw)
      if (state.failNext > 0) {
        state.failNext--
        return reply({ errcode: -1, errmsg: 'system error' })
      }
      if (state.refuse.has(body.touser)) return reply({ errcode: 43101, errmsg: 'user refuse to accept the msg' })
      sends.push(body)
      reply({ errcode: 0, errmsg: 'ok' })
    })
  })
  return new Promise<{ base: string; sends: typeof sends; state: typeof state; close(): Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sends, state, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  )
}

const NOW = Date.parse('2026-12-02T02:00:00Z')
const clock = new ManualClock(NOW)
const TEMPLATES = { WECHAT_TEMPLATE_DEADLINE: 'tpl-deadline', WECHAT_TEMPLATE_MEETING_START: 'tpl-start', WECHAT_TEMPLATE_LEAVE_RECEIVED: 'tpl-leave' }
let t: TestApp
let wx: Awaited<ReturnType<typeof fakeWechat>>
const tok: Record<string, string> = {}
let xinghuo: string

beforeAll(async () => {
  wx = await fakeWechat()
  t = await startTestApp({
    env: { SEED: 'demo', TOKEN_TTL_HOURS: '2000', ...TEMPLATES },
    clock,
    messenger: new HttpWechatMessenger({ apiBase: '', appId: 'wx-app', secret: 'wx-secret' }),
  })
  for (const u of ['demo-secretary', 'demo-member', 'demo-member-2', 'demo-guest']) tok[u] = await t.login(u)
  xinghuo = rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM organizations WHERE name = ${DEMO_ORG_NAMES.xinghuo}`))[0].id
})
afterAll(async () => {
  await t.close()
  await wx.close()
})

const at = (ms: number) => clock.advance(ms - clock.now().getTime())
const call = (who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: auth(tok[who]) })
/** The deps of a server instance with its own connection to the same database. */
const deps = (db: ReminderDeps['db']): ReminderDeps => ({
  db,
  now: () => clock.now(),
  messenger: new HttpWechatMessenger({ apiBase: wx.base, appId: 'wx-app', secret: 'wx-secret' }),
  templates: { deadline: 'tpl-deadline', meeting_start: 'tpl-start', leave_received: 'tpl-leave' },
})
const reminderRows = async (prefix: string) =>
  rowsOf<{ key: string; status: string; attempts: number }>(await t.database.db.execute(sql`SELECT key, status, attempts FROM reminders WHERE key LIKE ${prefix + '%'} ORDER BY key`))
/** Demo accounts' openids are their names. */
const openidOf = async (who: string) => who

describe('首页 待办', () => {
  test('the secretary: last quarter’s missing 党员大会 first with 发布 pre-filled, then this quarter, the planned theme day, the subscriptions to ask for', async () => {
    at(NOW)
    const res = await call('demo-secretary', 'GET', '/api/v1/todo')
    expect(res.statusCode).toBe(200)
    const todo = res.json()
    const titles = todo.items.map((i: { title: string }) => i.title)
    expect(titles[0]).toBe('支部党员大会 · 2026年第3季度逾期未完成')
    expect(todo.items[0]).toMatchObject({ tone: 'overdue', action: '发布', url: `/packages/meetings/pages/create/index?type=branch_assembly&branchId=${xinghuo}` })
    expect(titles).toEqual(expect.arrayContaining(['主题党日 · 2026年10月逾期未完成', '主题党日 · 2026年11月逾期未完成', '支部党员大会 · 2026年第4季度还需召开']))
    // December's theme day is already posted (the demo's open session on 5 December): 已安排.
    const dec = todo.items.find((i: { title: string }) => i.title === '主题党日 · 2026年12月还需召开')
    expect(dec).toMatchObject({ tone: 'info', action: '查看' })
    expect(dec.desc).toContain('已安排：12月5日 14:00')
    expect(todo.items.find((i: { kind: string }) => i.kind === 'meeting')).toMatchObject({ action: '查看', tone: 'info' })
    expect(todo.badge).toBe(todo.items.filter((i: { tone: string }) => ['overdue', 'soon', 'now'].includes(i.tone)).length)
    expect(todo.subscribe).toEqual(['tpl-deadline', 'tpl-start', 'tpl-leave'])
  })

  test('a member: the next meeting of the branch; a guest: nothing to do', async () => {
    at(NOW)
    const m = (await call('demo-member', 'GET', '/api/v1/todo')).json()
    expect(m.items).toEqual([expect.objectContaining({ kind: 'meeting', title: '下一次组织生活：开放式主题党日：走进车间学党史' })])
    expect(m.subscribe).toEqual(['tpl-start', 'tpl-leave'])
    expect((await call('demo-guest', 'GET', '/api/v1/todo')).json().items).toEqual([])
  })
  test('while a meeting’s sign-in is open it comes first: the secretary’s 出示签到码, the member’s 去签到', async () => {
    const start = Date.parse('2026-12-03T06:00:00Z')
    at(start - 3 * 3_600_000)
    const posted = await call('demo-secretary', 'POST', '/api/v1/meetings', {
      branchId: xinghuo, type: 'committee', title: '待办测试会议', location: '三楼', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 3_600_000).toISOString(), open: false,
    })
    expect(posted.statusCode).toBe(201)
    const id = posted.json().id
    at(start - 10 * 60_000)
    const sec = (await call('demo-secretary', 'GET', '/api/v1/todo')).json()
    expect(sec.items[0]).toMatchObject({ kind: 'meeting', tone: 'now', title: '下一次：待办测试会议', action: '出示签到码', url: `/packages/meetings/pages/code/index?id=${id}` })
    const member = (await call('demo-member', 'GET', '/api/v1/todo')).json()
    expect(member.items[0]).toMatchObject({ tone: 'now', title: '下一次组织生活：待办测试会议', action: '去签到', url: `/packages/meetings/pages/detail/index?id=${id}` })
    expect(member.badge).toBe(1)
    at(start + 2 * 3_600_000) // over: it leaves the 待办
    expect((await call('demo-member', 'GET', '/api/v1/todo')).json().items.some((i: { title: string }) => i.title.includes('待办测试会议'))).toBe(false)
  })

})

describe('reminders', () => {
  beforeEach(() => {
    wx.state.failNext = 0
    wx.state.refuse.clear()
  })
  test('sent exactly once by two instances on one database, each to a granted subscription; the rest stay in the app', async () => {
    // 张明 subscribed to meeting starts once; 李婷 did not.
    at(NOW)
    expect((await call('demo-member', 'POST', '/api/v1/subscriptions', { templateIds: ['tpl-start', 'unknown-template'] })).json()).toEqual({ granted: ['meeting_start'] })
    expectError(await call('demo-member', 'POST', '/api/v1/subscriptions', { templateIds: 'tpl-start' }), 400, 'VALIDATION_FAILED')
    // The open theme day starts on 5 December 06:00 UTC; 50 minutes before, both instances tick at once.
    at(Date.parse('2026-12-05T05:10:00Z'))
    const second = DB_KIND === 'postgres' ? await openDatabase(t.database.target) : t.database
    try {
      const results = await Promise.all([tick(deps(t.database.db)), tick(deps(second.db))])
      const rows = await reminderRows('start:')
      // Every member of 星火 (张明, 李婷, 王建国), once each.
      expect(rows).toHaveLength(3)
      expect(results.reduce((n, r) => n + r.sent, 0)).toBe(1)
      expect(wx.sends.filter((s) => s.template_id === 'tpl-start')).toHaveLength(1)
      const sent = wx.sends.find((s) => s.template_id === 'tpl-start')!
      expect(sent.touser).toBe(await openidOf('demo-member'))
      expect(sent.data.thing1.value).toBe('开放式主题党日：走进车间学党史')
      expect(sent.data.thing3.value).toBe('星火科技二号厂房一楼培训室')
      expect(sent.data.time2.value).toBe('2026年12月5日 14:00')
      expect(sent.page).toMatch(/^\/packages\/meetings\/pages\/detail\/index\?id=/)
      expect(rows.map((r) => r.status).sort()).toEqual(['in_app', 'in_app', 'sent'])
      // Ticking again sends nothing more.
      await Promise.all([tick(deps(t.database.db)), tick(deps(second.db))])
      expect(wx.sends.filter((s) => s.template_id === 'tpl-start')).toHaveLength(1)
      expect(await reminderRows('start:')).toHaveLength(3)
    } finally {
      if (second !== t.database) await second.close()
    }
    // Not subscribed: 李婷 finds it in her 待办.
    const li = (await call('demo-member-2', 'GET', '/api/v1/todo')).json()
    const reminder = li.items.find((i: { kind: string }) => i.kind === 'reminder')
    expect(reminder.title).toBe('组织生活即将开始：开放式主题党日：走进车间学党史')
    expect((await call('demo-member-2', 'POST', `/api/v1/todo/reminders/${reminder.key.slice('reminder:'.length)}/read`)).statusCode).toBe(200)
    expect((await call('demo-member-2', 'GET', '/api/v1/todo')).json().items.some((i: { kind: string }) => i.kind === 'reminder')).toBe(false)
    expectError(await call('demo-member', 'POST', `/api/v1/todo/reminders/${reminder.key.slice('reminder:'.length)}/read`), 404, 'NOT_FOUND')
  })

  test('a failed send is tried again later, 3 times at most, then left in the app', async () => {
    at(Date.parse('2026-12-25T02:00:00Z')) // 6.6 days before the quarter ends
    // The secretary grants two deadline reminders; WeChat fails three times in a row.
    expect((await call('demo-secretary', 'POST', '/api/v1/subscriptions', { templateIds: ['tpl-deadline', 'tpl-deadline'] })).json()).toEqual({ granted: ['deadline'] })
    wx.state.failNext = 100
    const d = deps(t.database.db)
    const first = await tick(d)
    expect(first.planned).toBeGreaterThan(0)
    const deadline = async () => (await reminderRows('deadline:7:')).filter((r) => r.key.includes(':branch_assembly:2026-Q4:'))
    expect(await deadline()).toEqual([expect.objectContaining({ status: 'pending', attempts: 1 })])
    await tick(d) // too early for the retry
    expect((await deadline())[0].attempts).toBe(1)
    clock.advance(60_000)
    await tick(d)
    expect((await deadline())[0]).toMatchObject({ status: 'pending', attempts: 2 })
    clock.advance(5 * 60_000)
    await tick(d)
    expect((await deadline())[0]).toMatchObject({ status: 'failed', attempts: 3 })
    clock.advance(60 * 60_000)
    await tick(d)
    expect((await deadline())[0].attempts).toBe(3)
    wx.state.failNext = 0
    // Left to the app: the secretary's 待办 carries it.
    const todo = (await call('demo-secretary', 'GET', '/api/v1/todo')).json()
    expect(todo.items.some((i: { title: string }) => i.title.startsWith('三会一课即将到期：支部党员大会'))).toBe(true)
  })

  test('a refused subscription spends the grant, the reminder stays in the app; 请假已收到 goes once', async () => {
    at(Date.parse('2026-12-03T02:00:00Z'))
    const meeting = rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM meetings WHERE title = '开放式主题党日：走进车间学党史'`))[0].id
    expect((await call('demo-member-2', 'POST', '/api/v1/subscriptions', { templateIds: ['tpl-leave'] })).statusCode).toBe(200)
    wx.state.refuse.add('demo-member-2')
    expect((await call('demo-member-2', 'POST', `/api/v1/meetings/${meeting}/leave`, { reason: '出差在外地' })).statusCode).toBeLessThan(300)
    expect((await call('demo-member-2', 'POST', `/api/v1/meetings/${meeting}/leave`, { reason: '出差在外地，改期回来' })).statusCode).toBeLessThan(300)
    await tick(deps(t.database.db))
    expect(await reminderRows(`leave:${meeting}`)).toEqual([expect.objectContaining({ status: 'in_app', attempts: 1 })])
    const grants = rowsOf<{ used: boolean }>(await t.database.db.execute(sql`SELECT used_at IS NOT NULL AS used FROM subscribe_grants g JOIN users u ON u.id = g.user_id WHERE u.openid = 'demo-member-2' AND g.template = 'leave_received'`))
    expect(grants).toEqual([{ used: true }])
    wx.state.refuse.delete('demo-member-2')
  })
})

test('the scheduler ticks by itself once the server listens (REMINDER_TICK_SEC)', async () => {
  const own = await startTestApp({ env: { SEED: 'demo', REMINDER_TICK_SEC: '1' } })
  try {
    const token = await own.login('demo-member-2')
    const meeting = rowsOf<{ id: string }>(await own.database.db.execute(sql`SELECT id FROM meetings WHERE title = '开放式主题党日：走进车间学党史'`))[0].id
    const leave = await own.app.inject({ method: 'POST', url: `/api/v1/meetings/${meeting}/leave`, payload: { reason: '出差在外地' }, headers: auth(token) })
    expect(leave.statusCode).toBeLessThan(300)
    const status = async () => rowsOf<{ status: string }>(await own.database.db.execute(sql`SELECT status FROM reminders WHERE key LIKE 'leave:%'`))[0]?.status
    expect(await status()).toBe('pending') // recorded with the leave; nobody has ticked (inject does not listen)
    await own.app.listen({ port: 0, host: '127.0.0.1' })
    for (let waited = 0; (await status()) === 'pending' && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100))
    // No subscription and no WeChat here: the tick leaves it in the app.
    expect(await status()).toBe('in_app')
  } finally {
    await own.close()
  }
})
