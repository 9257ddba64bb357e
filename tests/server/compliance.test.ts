import ExcelJS from 'exceljs'
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/src/db/client'
import { DEMO_ORG_NAMES } from '../../src/domain/demo'
import { ManualClock, auth, expectError, startTestApp, type TestApp } from './helpers'

// The demo seeds last quarter (2026-Q3) at this time; every test sets the clock it needs.
const NOW = Date.parse('2026-12-02T02:00:00Z')
const clock = new ManualClock(NOW)
let t: TestApp
const org: Record<string, string> = {}
const tok: Record<string, string> = {}

beforeAll(async () => {
  t = await startTestApp({ env: { SEED: 'demo', TOKEN_TTL_HOURS: '2000' }, clock })
  for (const o of rowsOf<{ id: string; name: string }>(await t.database.db.execute(sql`SELECT id, name FROM organizations`))) org[o.name] = o.id
  for (const u of ['demo-admin', 'demo-secretary', 'demo-member', 'demo-member-2', 'demo-guest', 'demo-instructor']) tok[u] = await t.login(u)
})
afterAll(() => t.close())

const at = (ms: number) => clock.advance(ms - clock.now().getTime())
const call = (who: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, payload, headers: auth(tok[who]) })
const X = DEMO_ORG_NAMES.xinghuo
const committeeView = async (period: string, who = 'demo-admin') => {
  const res = await call(who, 'GET', `/api/v1/compliance/orgs/${org[DEMO_ORG_NAMES.committee]}?period=${period}`)
  expect(res.statusCode).toBe(200)
  return res.json()
}
type Row = { branchName: string; rate: number | null; overdue: number; flagged: number; cells: { type: string; state: string | null }[] }
const rowOf = (view: { rows: Row[] }, name: string) => view.rows.find((r) => r.branchName === name)!
const cell = (row: Row, type: string) => row.cells.find((c) => c.type === type)!.state
const auditCount = async (action: string) => rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`))[0].n

describe('the demo quarter of history (2026-Q3)', () => {
  test('one branch behind, one compliant, one with back-filled records; worst first, with definitions', async () => {
    at(NOW)
    const v = await committeeView('2026-Q3')
    expect(v.period).toMatchObject({ key: '2026-Q3', label: '2026年第3季度' })
    expect(v.rows.map((r: Row) => r.branchName)).toEqual([X, DEMO_ORG_NAMES.attached, DEMO_ORG_NAMES.chuangye])
    const x = rowOf(v, X)
    // 3 theme days + 党课 held, no 党员大会: 4 of 5. 支委会 and 党小组会 are not owed by a branch of 3.
    expect(x).toMatchObject({ owed: 5, done: 4, overdue: 1, rate: 80, attendanceRate: 100, members: 3, flagged: 0 })
    expect(cell(x, 'branch_assembly')).toBe('overdue')
    expect(cell(x, 'theme_day')).toBe('done')
    expect(cell(x, 'committee')).toBeNull()
    expect(rowOf(v, DEMO_ORG_NAMES.chuangye)).toMatchObject({ rate: 100, overdue: 0, flagged: 0, members: 3 })
    // The back-filled 党员大会 still counts (the flag informs, it does not punish).
    expect(rowOf(v, DEMO_ORG_NAMES.attached)).toMatchObject({ rate: 100, flagged: 2 })
    const flags = v.flags.filter((f: { branchName: string }) => f.branchName === DEMO_ORG_NAMES.attached)
    expect(flags.map((f: { typeLabel: string; reasons: { code: string }[] }) => [f.typeLabel, f.reasons.map((r) => r.code)])).toEqual([
      ['党课', ['late_minutes']],
      ['支部党员大会', ['mostly_manual', 'posted_after', 'same_minute']],
    ])
    expect(v.definitions.join('')).toContain('签到不少于应到党员的一半')
    expect(v.columns.find((c: { type: string }) => c.type === 'lecture').rule).toBe('每季度 1 次')
  })

  test('each item counts where its deadline falls: the quarter in its last month, every month in its year', async () => {
    at(NOW)
    const aug = rowOf(await committeeView('2026-08'), X)
    expect(cell(aug, 'theme_day')).toBe('done')
    expect(cell(aug, 'branch_assembly')).toBeNull()
    expect(aug).toMatchObject({ owed: 1, done: 1 })
    const sep = rowOf(await committeeView('2026-09'), X)
    expect(cell(sep, 'branch_assembly')).toBe('overdue')
    expect(sep).toMatchObject({ owed: 3, done: 2 }) // theme day, 党课, 党员大会
    const year = await call('demo-secretary', 'GET', `/api/v1/compliance/branches/${org[X]}?period=2026`)
    const theme = year.json().items.find((i: { type: string }) => i.type === 'theme_day')
    // Months from January (the branch existed since mid-2025), up to December which has begun.
    expect(theme.periods.map((p: { key: string }) => p.key)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, '0')}`))
    expect(theme.periods.filter((p: { state: string }) => p.state === 'done').map((p: { key: string }) => p.key)).toEqual(['2026-07', '2026-08', '2026-09'])
    // The drill-down: every meeting of the period with its sign-ins and whether it counted.
    const q3 = (await call('demo-admin', 'GET', `/api/v1/compliance/branches/${org[X]}?period=2026-Q3`)).json()
    expect(q3.meetings.map((m: { typeLabel: string; signins: number; expected: number; status: string }) => `${m.typeLabel} ${m.signins}/${m.expected} ${m.status}`)).toEqual([
      '主题党日 3/3 已计入',
      '主题党日 3/3 已计入',
      '党课 3/3 已计入',
      '主题党日 3/3 已计入',
    ])
  })

  test('who may see it: the secretary her branch, the admin the subtree, nobody else', async () => {
    at(NOW)
    const mine = await call('demo-secretary', 'GET', `/api/v1/compliance/branches/${org[X]}`)
    expect(mine.statusCode).toBe(200)
    expect(mine.json()).toMatchObject({ canAct: true, period: { key: '2026-Q4' } })
    expect((await call('demo-admin', 'GET', `/api/v1/compliance/branches/${org[X]}`)).json().canAct).toBe(false)
    expectError(await call('demo-member', 'GET', `/api/v1/compliance/branches/${org[X]}`), 404, 'NOT_FOUND')
    expectError(await call('demo-guest', 'GET', `/api/v1/compliance/orgs/${org[DEMO_ORG_NAMES.committee]}`), 404, 'NOT_FOUND')
    expectError(await call('demo-secretary', 'GET', `/api/v1/compliance/orgs/${org[DEMO_ORG_NAMES.committee]}`), 404, 'NOT_FOUND')
    expectError(await call('demo-secretary', 'GET', `/api/v1/compliance/branches/${org[DEMO_ORG_NAMES.chuangye]}`), 404, 'NOT_FOUND')
    // An instructor opens the committee of the enterprises she guides: only the branches covering them
    // (the demo's two have none yet), and no other committee.
    const guided = await call('demo-instructor', 'GET', `/api/v1/compliance/orgs/${org[DEMO_ORG_NAMES.area]}?period=2026-Q3`)
    expect(guided.statusCode).toBe(200)
    expect(guided.json().rows).toEqual([])
    expectError(await call('demo-instructor', 'GET', `/api/v1/compliance/orgs/${org[DEMO_ORG_NAMES.committee]}`), 404, 'NOT_FOUND')
    // Once 快送 joins the 挂靠 branch, that branch is hers to see.
    await t.database.db.execute(sql`UPDATE enterprises SET branch_id = ${org[DEMO_ORG_NAMES.attached]} WHERE name = '快送骑手服务站'`)
    try {
      const now = (await call('demo-instructor', 'GET', `/api/v1/compliance/orgs/${org[DEMO_ORG_NAMES.area]}?period=2026-Q3`)).json()
      expect(now.rows.map((r: Row) => r.branchName)).toEqual([DEMO_ORG_NAMES.attached])
    } finally {
      await t.database.db.execute(sql`UPDATE enterprises SET branch_id = NULL WHERE name = '快送骑手服务站'`)
    }
    // A sub-committee's view holds only its own branch.
    const area = (await call('demo-admin', 'GET', `/api/v1/compliance/orgs/${org[DEMO_ORG_NAMES.area]}?period=2026-Q3`)).json()
    expect(area.rows.map((r: Row) => r.branchName)).toEqual([DEMO_ORG_NAMES.attached])
    for (const bad of ['2026-13', '2026-Q5', 'Q4', '2026-1']) {
      const res = expectError(await call('demo-admin', 'GET', `/api/v1/compliance/orgs/${org[DEMO_ORG_NAMES.committee]}?period=${bad}`), 400, 'VALIDATION_FAILED')
      expect(res.message).toContain('月写 2026-12')
    }
  })

  test('this quarter, on 2 December: October and November theme days 逾期, December 待召开 with days left', async () => {
    at(NOW)
    const b = (await call('demo-secretary', 'GET', `/api/v1/compliance/branches/${org[X]}`)).json()
    const theme = b.items.find((i: { type: string }) => i.type === 'theme_day')
    expect(theme.periods.map((p: { key: string; state: string; daysLeft: number | null }) => [p.key, p.state, p.daysLeft])).toEqual([
      ['2026-10', 'overdue', null],
      ['2026-11', 'overdue', null],
      ['2026-12', 'due', 30],
    ])
    expect(theme.state).toBe('overdue')
    // The year's 组织生活会 falls due in this quarter; on 25 December it is 即将到期.
    at(Date.parse('2026-12-25T02:00:00Z'))
    const later = (await call('demo-secretary', 'GET', `/api/v1/compliance/branches/${org[X]}`)).json()
    const life = later.items.find((i: { type: string }) => i.type === 'life_meeting')
    expect(life.periods).toMatchObject([{ key: '2026', state: 'soon', daysLeft: 7 }])
    const q3 = (await call('demo-secretary', 'GET', `/api/v1/compliance/branches/${org[X]}?period=2026-Q3`)).json()
    expect(q3.items.find((i: { type: string }) => i.type === 'life_meeting').periods).toEqual([])
  })
})

describe('a meeting held this quarter', () => {
  test('a 党员大会 counts once half the members signed in and minutes are written', async () => {
    const start = Date.parse('2026-12-08T06:00:00Z')
    at(start - 86_400_000)
    const assembly = async () => (await call('demo-secretary', 'GET', `/api/v1/compliance/branches/${org[X]}`)).json().items.find((i: { type: string }) => i.type === 'branch_assembly')
    expect((await assembly()).state).toBe('due')
    const created = await call('demo-secretary', 'POST', '/api/v1/meetings', {
      branchId: org[X],
      type: 'branch_assembly',
      title: '第四季度支部党员大会',
      location: '三楼会议室',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 2 * 3_600_000).toISOString(),
      open: false,
    })
    expect(created.statusCode).toBe(201)
    const id = created.json().id
    at(start + 5 * 60_000)
    const code = (await call('demo-secretary', 'GET', `/api/v1/meetings/${id}/checkin-code`)).json().code
    expect((await call('demo-member', 'POST', '/api/v1/checkins', { code })).statusCode).toBe(201)
    at(start + 3 * 3_600_000)
    // One of three: not half.
    expect((await assembly()).periods[0]).toMatchObject({ state: 'due', counted: 0, shortfalls: [{ meetingId: id, reason: '签到不足应到党员的一半' }] })
    at(start + 30 * 60_000)
    const code2 = (await call('demo-secretary', 'GET', `/api/v1/meetings/${id}/checkin-code`)).json().code
    expect((await call('demo-member-2', 'POST', '/api/v1/checkins', { code: code2 })).statusCode).toBe(201)
    at(start + 3 * 3_600_000)
    expect((await assembly()).periods[0].shortfalls).toEqual([{ meetingId: id, title: '第四季度支部党员大会', reason: '没有会议记录' }])
    expect((await call('demo-secretary', 'PUT', `/api/v1/meetings/${id}/minutes`, { body: '一、通报支部工作。二、讨论发展对象。' })).statusCode).toBe(200)
    expect((await assembly()).periods[0]).toMatchObject({ state: 'done', counted: 1, shortfalls: [] })
    const row = rowOf(await committeeView('2026-Q4'), X)
    expect(cell(row, 'branch_assembly')).toBe('done')
  })
})

describe('疑似补记 and the branch note', () => {
  test('a meeting recorded by 补签 alone is flagged; the secretary explains it, audited; the admin reads it', async () => {
    const start = Date.parse('2026-12-10T06:00:00Z')
    at(start - 3_600_000)
    const id = (
      await call('demo-secretary', 'POST', '/api/v1/meetings', {
        branchId: org[X],
        type: 'other',
        title: '安全生产学习会',
        location: '二号厂房',
        startsAt: new Date(start).toISOString(),
        endsAt: new Date(start + 3_600_000).toISOString(),
        open: false,
      })
    ).json().id
    expectError(await call('demo-secretary', 'PUT', `/api/v1/meetings/${id}/flag-note`, { note: '没有提示也想说明' }), 409, 'CONFLICT')
    at(start + 10 * 60_000)
    const roll = rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM members WHERE branch_id = ${org[X]} AND status = 'active'`))
    for (const m of roll) expect((await call('demo-secretary', 'POST', `/api/v1/meetings/${id}/attendance`, { memberId: m.id, reason: '手机没电' })).statusCode).toBe(201)
    at(start + 2 * 3_600_000)
    const flag = (await committeeView('2026-Q4')).flags.find((f: { meetingId: string }) => f.meetingId === id)
    expect(flag.reasons.map((r: { code: string }) => r.code)).toEqual(['mostly_manual', 'same_minute'])
    expect(flag.note).toBeNull()

    const before = await auditCount('meeting.flag_noted')
    expectError(await call('demo-member', 'PUT', `/api/v1/meetings/${id}/flag-note`, { note: '我来替书记说明' }), 404, 'NOT_FOUND')
    expectError(await call('demo-admin', 'PUT', `/api/v1/meetings/${id}/flag-note`, { note: '上级替支部说明' }), 403, 'FORBIDDEN')
    expectError(await call('demo-secretary', 'PUT', `/api/v1/meetings/${id}/flag-note`, { note: '短' }), 400, 'VALIDATION_FAILED')
    expect(await auditCount('meeting.flag_noted')).toBe(before)
    const noted = await call('demo-secretary', 'PUT', `/api/v1/meetings/${id}/flag-note`, { note: '车间断网，扫码签不上，当场由书记补签。' })
    expect(noted.statusCode).toBe(200)
    expect(await auditCount('meeting.flag_noted')).toBe(before + 1)
    const seen = (await committeeView('2026-Q4')).flags.find((f: { meetingId: string }) => f.meetingId === id)
    expect(seen.note).toBe('车间断网，扫码签不上，当场由书记补签。')
    // The branch sees its own flag too.
    const own = (await call('demo-secretary', 'GET', `/api/v1/compliance/branches/${org[X]}`)).json()
    expect(own.flags.map((f: { meetingId: string }) => f.meetingId)).toContain(id)
  })

  test('minutes never written may be written after 7 days, and are flagged late; written ones stay locked', async () => {
    const start = Date.parse('2026-12-11T06:00:00Z')
    at(start - 3_600_000)
    const post = async (title: string, s: number) =>
      (
        await call('demo-secretary', 'POST', '/api/v1/meetings', {
          branchId: org[X], type: 'other', title, location: '二号厂房', startsAt: new Date(s).toISOString(), endsAt: new Date(s + 3_600_000).toISOString(), open: false,
        })
      ).json().id as string
    const late = await post('迟到的记录', start)
    at(start + 8 * 86_400_000)
    const minutes = (await call('demo-secretary', 'GET', `/api/v1/meetings/${late}/minutes`)).json()
    expect(minutes).toMatchObject({ body: null, locked: false })
    expect((await call('demo-secretary', 'PUT', `/api/v1/meetings/${late}/minutes`, { body: '会后补写的记录。' })).statusCode).toBe(200)
    expectError(await call('demo-secretary', 'PUT', `/api/v1/meetings/${late}/minutes`, { body: '再改一次' }), 409, 'MINUTES_LOCKED')
    const flag = (await committeeView('2026-Q4')).flags.find((f: { meetingId: string }) => f.meetingId === late)
    expect(flag.reasons.map((r: { code: string }) => r.code)).toEqual(['late_minutes'])
  })
})

describe('rules and exemptions, set by the committee', () => {
  test('党课 monthly for the subtree; a loosening is refused; reset restores the 条例', async () => {
    at(NOW)
    const committee = org[DEMO_ORG_NAMES.committee]
    const before = await auditCount('compliance.rule_set')
    expectError(await call('demo-admin', 'PUT', '/api/v1/compliance/rules', { orgId: committee, type: 'lecture', unit: 'year', count: 2 }), 400, 'VALIDATION_FAILED')
    expectError(await call('demo-secretary', 'PUT', '/api/v1/compliance/rules', { orgId: committee, type: 'lecture', unit: 'month', count: 1 }), 404, 'NOT_FOUND')
    expect(await auditCount('compliance.rule_set')).toBe(before)
    const set = await call('demo-admin', 'PUT', '/api/v1/compliance/rules', { orgId: committee, type: 'lecture', unit: 'month', count: 1 })
    expect(set.statusCode).toBe(200)
    expect(set.json().items.find((r: { type: string }) => r.type === 'lecture')).toMatchObject({ rule: '每月 1 次', tightened: true })
    expect(await auditCount('compliance.rule_set')).toBe(before + 1)
    const lecture = (await call('demo-secretary', 'GET', `/api/v1/compliance/branches/${org[X]}?period=2026-Q3`)).json().items.find((i: { type: string }) => i.type === 'lecture')
    // Held in August only: July and September now read 逾期.
    expect(lecture.periods.map((p: { key: string; state: string }) => `${p.key}:${p.state}`)).toEqual(['2026-07:overdue', '2026-08:done', '2026-09:overdue'])
    expect((await call('demo-admin', 'DELETE', `/api/v1/compliance/rules?orgId=${committee}&type=lecture`)).statusCode).toBe(200)
    const back = (await call('demo-secretary', 'GET', `/api/v1/compliance/branches/${org[X]}?period=2026-Q3`)).json().items.find((i: { type: string }) => i.type === 'lecture')
    expect(back.periods.map((p: { key: string; state: string }) => `${p.key}:${p.state}`)).toEqual(['2026-Q3:done'])
    expectError(await call('demo-admin', 'DELETE', `/api/v1/compliance/rules?orgId=${committee}&type=lecture`), 404, 'NOT_FOUND')
  })

  test('an exemption with a reason takes a branch off one item; only the committee grants it; revoking restores it', async () => {
    at(NOW)
    const body = { branchId: org[X], type: 'branch_assembly', from: '2026-07-01', to: '2026-09-30', reason: '支部换届，党员大会并入换届选举大会' }
    expectError(await call('demo-secretary', 'POST', '/api/v1/compliance/exemptions', body), 403, 'FORBIDDEN')
    expectError(await call('demo-admin', 'POST', '/api/v1/compliance/exemptions', { ...body, reason: '' }), 400, 'VALIDATION_FAILED')
    expectError(await call('demo-admin', 'POST', '/api/v1/compliance/exemptions', { ...body, to: '2026-06-30' }), 400, 'VALIDATION_FAILED')
    const made = await call('demo-admin', 'POST', '/api/v1/compliance/exemptions', body)
    expect(made.statusCode).toBe(201)
    const x = rowOf(await committeeView('2026-Q3'), X)
    expect(x).toMatchObject({ owed: 4, done: 4, rate: 100 })
    expect(cell(x, 'branch_assembly')).toBe('exempt')
    const item = (await call('demo-secretary', 'GET', `/api/v1/compliance/branches/${org[X]}?period=2026-Q3`)).json().items.find((i: { type: string }) => i.type === 'branch_assembly')
    expect(item.exemptReason).toBe(body.reason)
    expect((await call('demo-admin', 'DELETE', `/api/v1/compliance/exemptions/${made.json().id}`)).statusCode).toBe(200)
    expectError(await call('demo-admin', 'DELETE', `/api/v1/compliance/exemptions/${made.json().id}`), 409, 'CONFLICT')
    expect(rowOf(await committeeView('2026-Q3'), X)).toMatchObject({ owed: 5, done: 4 })
  })
})

test('the export: a sheet per period, the overdue items, the 疑似补记, with Chinese headers', async () => {
  at(NOW)
  const res = await call('demo-admin', 'GET', `/api/v1/compliance/orgs/${org[DEMO_ORG_NAMES.committee]}/export.xlsx?period=2026-Q3`)
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-disposition']).toContain(encodeURIComponent('示范园区综合党委-三会一课-2026年第3季度.xlsx'))
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
  expect(wb.worksheets.map((w) => w.name)).toEqual(['2026年第3季度', '2026年7月', '2026年8月', '2026年9月', '逾期事项', '疑似补记'])
  const values = (name: string) => wb.getWorksheet(name)!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : String(v))))
  const q = values('2026年第3季度')
  expect(q[1].slice(0, 3)).toEqual(['支部', '支部党员大会', '支委会'])
  expect(q[2].slice(0, 2)).toEqual([X, '逾期'])
  expect(values('逾期事项').slice(1)).toEqual([[X, '支部党员大会', '每季度 1 次', '2026年第3季度', '2026-10-01 00:00', '0', '1']])
  expect(values('疑似补记').slice(1).map((r) => [r[0], r[1], r[4]])).toEqual([
    [DEMO_ORG_NAMES.attached, '党课', '会议结束 7 天后才首次写会议记录'],
    [DEMO_ORG_NAMES.attached, '支部党员大会', '多数签到是补签；会议结束后才发布；全部签到在同一分钟'],
  ])
  expectError(await call('demo-secretary', 'GET', `/api/v1/compliance/orgs/${org[DEMO_ORG_NAMES.committee]}/export.xlsx`), 404, 'NOT_FOUND')
})
