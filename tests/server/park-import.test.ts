import { sql } from 'drizzle-orm'
import ExcelJS from 'exceljs'
import { rowsOf } from '../../server/src/db/client'
import { DEMO_ORG_NAMES } from '../../src/domain/demo'
import { creditCodeCheckChar, ENTERPRISE_COLUMNS, MEMBER_COLUMNS } from '../../src/domain/park'
import { ManualClock, auth, expectError, startTestApp, type TestApp } from './helpers'

const clock = new ManualClock(Date.parse('2026-11-23T02:00:00Z'))
let t: TestApp
const org: Record<string, string> = {}
const tok: Record<string, string> = {}
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

beforeAll(async () => {
  t = await startTestApp({ env: { SEED: 'demo', TOKEN_TTL_HOURS: '2000' }, clock })
  for (const o of rowsOf<{ id: string; name: string }>(await t.database.db.execute(sql`SELECT id, name FROM organizations`))) org[o.name] = o.id
  for (const u of ['demo-admin', 'demo-secretary', 'demo-member', 'demo-instructor']) tok[u] = await t.login(u)
})
afterAll(() => t.close())

const AREA = () => org[DEMO_ORG_NAMES.area]
const ATTACHED = DEMO_ORG_NAMES.attached
const code = (base17: string) => base17 + creditCodeCheckChar(base17)
/** A valid credit code per number n, distinct for each test's prefix. */
const codeOf = (prefix: string, n: number) => code(`91320500MA${prefix}${String(n).padStart(6, '0')}`)

type Sheet = { name: string; header?: string[]; rows: unknown[][]; merge?: string[] }
async function workbook(sheets: Sheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name)
    if (s.header) ws.addRow(s.header)
    for (const r of s.rows) ws.addRow(r)
    for (const m of s.merge ?? []) ws.mergeCells(m)
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
const entHeader = ENTERPRISE_COLUMNS.map((c) => c.header)
const memHeader = MEMBER_COLUMNS.map((c) => c.header)
const upload = (who: string, orgId: string, body: Buffer, type = XLSX) =>
  t.app.inject({ method: 'POST', url: `/api/v1/park/import?orgId=${orgId}`, payload: body, headers: { ...auth(tok[who]), 'content-type': type } })
const counts = async () => ({ enterprises: await t.count('enterprises'), ledger: await t.count('ledger_members') })

test('the template: both sheets with the Chinese headers, and the instructions', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/park/import/template', headers: auth(tok['demo-admin']) })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toBe(XLSX)
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer)
  expect(wb.worksheets.map((w) => w.name)).toEqual(['企业', '党员', '填写说明'])
  expect((wb.getWorksheet('企业')!.getRow(1).values as unknown[]).slice(1)).toEqual(entHeader)
  expect((wb.getWorksheet('党员')!.getRow(1).values as unknown[]).slice(1)).toEqual(memHeader)
  // the template itself, imported as downloaded, has no data: a clear refusal, nothing written
  const before = await counts()
  const err = expectError(await upload('demo-admin', AREA(), res.rawPayload), 422, 'IMPORT_INVALID')
  expect(err).toMatchObject({ problems: [{ sheet: '', row: 0, column: '', message: '表格里没有数据：请在模板的表头下逐行填写后再导入' }] })
  expect(await counts()).toEqual(before)
})

test('5,000 rows import in one go; the same file again changes nothing', async () => {
  const ents = Array.from({ length: 1000 }, (_, i) => [`批量企业${i}`, codeOf('1', i), i % 3 === 0 ? '社会组织' : '非公企业', '制造业', `园区 ${i} 号`, 10 + (i % 90), i % 10 === 0 ? ATTACHED : ''])
  const mems = Array.from({ length: 4000 }, (_, i) => [
    `党员${i}`,
    `139${String(i).padStart(8, '0')}`,
    '',
    // three ways of writing a date, and a real date cell
    [`2010-0${1 + (i % 9)}-15`, `2011/${1 + (i % 12)}/3`, `2012年${1 + (i % 12)}月8日`, new Date(Date.UTC(2013, i % 12, 20))][i % 4],
    i % 5 === 0 ? '预备党员' : '正式党员',
    codeOf('1', i % 1000),
    '',
  ])
  const file = await workbook([
    { name: '企业', header: entHeader, rows: ents },
    { name: '党员', header: memHeader, rows: mems },
  ])
  const before = await counts()
  const res = await upload('demo-admin', AREA(), file)
  expect(res.statusCode).toBe(200)
  expect(res.json()).toEqual({ enterprises: { created: 1000, updated: 0, unchanged: 0 }, members: { created: 4000, updated: 0, unchanged: 0 }, rows: 5000 })
  expect(await counts()).toEqual({ enterprises: before.enterprises + 1000, ledger: before.ledger + 4000 })
  // phones are kept encrypted and masked, never in plain text
  const [m] = rowsOf<{ phone_enc: string; phone_masked: string; joined_at: string }>(
    await t.database.db.execute(sql`SELECT phone_enc, phone_masked, joined_at::text FROM ledger_members WHERE real_name = '党员2'`),
  )
  expect(m.phone_enc).toMatch(/^v1\./)
  expect(m.phone_masked).toBe('139****0002')
  expect(m.joined_at).toBe('2012-03-08')
  const again = await upload('demo-admin', AREA(), file)
  expect(again.json()).toEqual({ enterprises: { created: 0, updated: 0, unchanged: 1000 }, members: { created: 0, updated: 0, unchanged: 4000 }, rows: 5000 })
  expect(await counts()).toEqual({ enterprises: before.enterprises + 1000, ledger: before.ledger + 4000 })
  // A ledger page lists at most 500, and says how many matched
  const all = (await t.app.inject({ method: 'GET', url: `/api/v1/park/ledger?orgId=${AREA()}`, headers: auth(tok['demo-admin']) })).json()
  expect([all.matched, all.items.length, all.figures.enterprises]).toEqual([all.figures.enterprises, 500, all.figures.enterprises])
  expect(all.figures.enterprises).toBeGreaterThan(1000)
  // The ledger counts the imported members per enterprise, as 待认领
  const ledger = (await t.app.inject({ method: 'GET', url: `/api/v1/park/ledger?orgId=${AREA()}&q=${encodeURIComponent('批量企业7')}`, headers: auth(tok['demo-admin']) })).json()
  expect(ledger.items.find((e: { name: string }) => e.name === '批量企业7')).toMatchObject({ members: 4, unclaimed: 4 })
}, 180_000)

test('every bad row is reported with its row, column and reason, and nothing is written', async () => {
  const before = await counts()
  const good = codeOf('2', 1)
  const file = await workbook([
    {
      name: '企业',
      header: entHeader,
      rows: [
        ['好企业', good, '非公企业', '', '', 10, ''],
        ['坏代码企业', good.slice(0, 17) + (good[17] === '0' ? '1' : '0'), '非公企业', '', '', 10, ''],
        ['重复企业', good, '非公企业', '', '', 10, ''],
        ['类型错企业', codeOf('2', 2), '个体户', '', '', -1, '不存在的支部'],
      ],
    },
    {
      name: '党员',
      header: memHeader,
      rows: [
        ['王五', '13800000001', '', '2015-02-30', '正式党员', good, ''],
        ['王五', '13800000001', '', '2015-02-03', '党员', '', ''],
        ['赵', '1380000', '', '2030-01-01', '预备党员', codeOf('2', 9), ''],
      ],
    },
  ])
  const err = expectError(await upload('demo-admin', AREA(), file), 422, 'IMPORT_INVALID')
  const at = (sheet: string, row: number) => err.problems!.filter((p) => p.sheet === sheet && p.row === row).map((p) => `${p.column}：${p.message}`)
  expect(at('企业', 3)).toEqual(['统一社会信用代码：统一社会信用代码的校验位不对，请对照营业执照逐位核对'])
  expect(at('企业', 4)).toEqual(['统一社会信用代码：与第 2 行的统一社会信用代码重复'])
  expect(at('企业', 5)).toEqual([
    '单位类型：单位类型应为「非公企业」「社会组织」「新就业平台」之一',
    '从业人员数：从业人员数应为 0 到 100 万之间的整数',
    '所属党支部：「不存在的支部」不是本党委下的党支部：请填写组织架构里的全称，或留空',
  ])
  expect(at('党员', 2)).toEqual(['入党时间：入党时间应为日期，如 2015-07-01、2015/7/1 或 2015年7月1日'])
  expect(at('党员', 3)).toEqual(['手机号：与第 2 行是同一个人（姓名和手机号相同）', '党员类别：党员类别应为「正式党员」或「预备党员」'])
  expect(at('党员', 4)).toEqual([
    '姓名：姓名应为 2–20 个字',
    '手机号：请填写 11 位手机号',
    '入党时间：入党时间不能晚于今天',
    '所在企业统一社会信用代码：台账和本文件的「企业」表里都没有这家企业：请先登记企业，或核对代码',
  ])
  expect(err.problemCount).toBe(err.problems!.length)
  expect(err.message).toBe(`表格里有 ${err.problemCount} 处问题，没有导入任何数据：请按提示改好后重新导入`)
  expect(await counts()).toEqual(before)
})

test('wrong headers, an empty sheet, a file that is not a spreadsheet, and one of 20 MB are refused', async () => {
  const before = await counts()
  const wrong = await workbook([{ name: '企业', header: ['公司', '代码', '单位类型', '从业人员数'], rows: [['某公司', codeOf('3', 1), '非公企业', 5]] }])
  const e1 = expectError(await upload('demo-admin', AREA(), wrong), 422, 'IMPORT_INVALID')
  expect(e1.problems).toEqual([
    { sheet: '企业', row: 1, column: '企业名称', message: '缺少「企业名称」这一列：请使用模板的表头（第 1 行）' },
    { sheet: '企业', row: 1, column: '统一社会信用代码', message: '缺少「统一社会信用代码」这一列：请使用模板的表头（第 1 行）' },
  ])
  const empty = await workbook([{ name: '企业', rows: [] }])
  expect(expectError(await upload('demo-admin', AREA(), empty), 422, 'IMPORT_INVALID').problems![0].message).toContain('「企业」工作表是空的')
  const renamed = await workbook([{ name: 'Sheet1', header: entHeader, rows: [['某公司', codeOf('3', 2), '非公企业', '', '', 5, '']] }])
  expect(expectError(await upload('demo-admin', AREA(), renamed), 422, 'IMPORT_INVALID').problems![0].message).toContain('找不到「企业」或「党员」工作表')
  const junk = Buffer.from('这不是表格'.repeat(100))
  expect(expectError(await upload('demo-admin', AREA(), junk), 422, 'IMPORT_INVALID').problems![0].message).toContain('文件不是有效的 .xlsx 表格')
  const huge = Buffer.alloc(20 * 1024 * 1024, 1)
  expect(expectError(await upload('demo-admin', AREA(), huge), 413, 'BODY_TOO_LARGE').message).toBe('提交的内容太大（上限 10 MB），请精简后再试')
  // JSON to the import, or a spreadsheet to another route, is refused as before
  expectError(await t.app.inject({ method: 'POST', url: `/api/v1/park/import?orgId=${AREA()}`, payload: {}, headers: auth(tok['demo-admin']) }), 400, 'IMPORT_INVALID')
  expect(await counts()).toEqual(before)
})

test('merged cells count for every row they cover; the date cell and the three written formats all read', async () => {
  const file = await workbook([
    {
      name: '企业',
      header: entHeader,
      rows: [
        ['合并甲', codeOf('4', 1), '非公企业', '物流', '', 8, ATTACHED],
        ['合并乙', codeOf('4', 2), '非公企业', '', '', 9, null],
        ['合并丙', codeOf('4', 3), '新就业平台', '', '', 7, null],
      ],
      merge: ['G2:G4'], // 所属党支部 written once for three enterprises
    },
    {
      name: '党员',
      header: memHeader,
      rows: [
        ['合并一', '13700000001', '', '2016-07-01', '正式党员', codeOf('4', 1), ''],
        ['合并二', '13700000002', '', '2016/7/1', '正式党员', codeOf('4', 1), ''],
        ['合并三', '13700000003', '', '2016年7月1日', '正式党员', codeOf('4', 1), ''],
        ['合并四', '13700000004', '', new Date(Date.UTC(2016, 6, 1)), '预备党员', codeOf('4', 1), ''],
      ],
    },
  ])
  const res = await upload('demo-admin', AREA(), file)
  expect(res.json()).toMatchObject({ enterprises: { created: 3 }, members: { created: 4 } })
  const branches = rowsOf<{ name: string; branch: string | null }>(
    await t.database.db.execute(sql`SELECT e.name, b.name AS branch FROM enterprises e LEFT JOIN organizations b ON b.id = e.branch_id WHERE e.name LIKE '合并%' ORDER BY e.name`),
  )
  expect(branches.map((b) => b.branch)).toEqual([ATTACHED, ATTACHED, ATTACHED])
  const dates = rowsOf<{ d: string }>(await t.database.db.execute(sql`SELECT DISTINCT joined_at::text AS d FROM ledger_members WHERE real_name LIKE '合并%'`))
  expect(dates.map((d) => d.d)).toEqual(['2016-07-01'])
  // 合并甲 has three full members (and one probationary) but no branch of its own: the ledger says so
  const ledger = (await t.app.inject({ method: 'GET', url: `/api/v1/park/ledger?orgId=${AREA()}&coverage=should_form`, headers: auth(tok['demo-admin']) })).json()
  expect(ledger.items.map((e: { name: string }) => e.name)).toContain('合并甲')
})

test('scope: an instructor, a secretary and an admin of another ledger cannot import here', async () => {
  const file = await workbook([{ name: '企业', header: entHeader, rows: [['越权企业', codeOf('5', 1), '非公企业', '', '', 1, '']] }])
  for (const who of ['demo-instructor', 'demo-secretary', 'demo-member']) expectError(await upload(who, AREA(), file), 404, 'NOT_FOUND')
  // a branch is not a ledger
  expectError(await upload('demo-admin', org[DEMO_ORG_NAMES.xinghuo], file), 404, 'NOT_FOUND')
})

test('an imported member claims the record by declaring; the secretary’s approval links them', async () => {
  const ent = codeOf('6', 1)
  const file = await workbook([
    { name: '企业', header: entHeader, rows: [['认领测试企业', ent, '非公企业', '', '', 3, DEMO_ORG_NAMES.xinghuo]] },
    { name: '党员', header: memHeader, rows: [['孙认领', '13600000066', '', '2018-07-01', '正式党员', ent, DEMO_ORG_NAMES.xinghuo]] },
  ])
  expect((await upload('demo-admin', org[DEMO_ORG_NAMES.committee], file)).statusCode).toBe(200)
  const sun = await t.login('import-sun')
  const declared = await t.app.inject({
    method: 'POST',
    url: '/api/v1/identity/declarations',
    headers: auth(sun),
    payload: { realName: '孙认领', phone: '13600000066', joinedAt: '2018-07-01', memberType: 'full', branchId: org[DEMO_ORG_NAMES.xinghuo] },
  })
  expect(declared.statusCode).toBe(201)
  const approve = await t.app.inject({ method: 'POST', url: `/api/v1/identity/declarations/${declared.json().id}/approve`, headers: auth(tok['demo-secretary']) })
  expect(approve.statusCode).toBe(200)
  const [row] = rowsOf<{ member_id: string | null; enterprise: string | null }>(
    await t.database.db.execute(sql`SELECT lm.member_id, e.name AS enterprise FROM ledger_members lm JOIN members m ON m.id = lm.member_id LEFT JOIN enterprises e ON e.id = m.enterprise_id WHERE lm.real_name = '孙认领'`),
  )
  expect(row).toMatchObject({ member_id: expect.any(String), enterprise: '认领测试企业' })
  const ledger = (await t.app.inject({ method: 'GET', url: `/api/v1/park/ledger?orgId=${org[DEMO_ORG_NAMES.committee]}&q=${encodeURIComponent('认领测试')}`, headers: auth(tok['demo-admin']) })).json()
  expect(ledger.items[0]).toMatchObject({ members: 1, unclaimed: 0 })
})
