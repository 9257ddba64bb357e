import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/src/db/client'
import { DEMO_ORG_NAMES } from '../../src/domain/demo'
import { creditCodeCheckChar } from '../../src/domain/park'
import { mobileInRegistration } from '../support/fixtures'
import { ManualClock, auth, expectError, startTestApp, type TestApp } from './helpers'

const clock = new ManualClock(Date.parse('2026-11-23T02:00:00Z'))
let t: TestApp
const org: Record<string, string> = {}
const tok: Record<string, string> = {}

beforeAll(async () => {
  t = await startTestApp({ env: { SEED: 'demo', TOKEN_TTL_HOURS: '2000' }, clock })
  for (const o of rowsOf<{ id: string; name: string }>(await t.database.db.execute(sql`SELECT id, name FROM organizations`))) org[o.name] = o.id
  for (const u of ['demo-admin', 'demo-secretary', 'demo-member', 'demo-guest', 'demo-instructor']) tok[u] = await t.login(u)
})
afterAll(() => t.close())

const COMMITTEE = DEMO_ORG_NAMES.committee
const call = (who: string | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: who ? auth(tok[who] ?? who) : {} })
const auditCount = async (action: string) =>
  rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = ${action}`))[0].n
let serial = 100
/** A valid credit code nobody has used in this file. */
function newCreditCode(): string {
  const base = `91320500MA1T${String(serial++).padStart(5, '0')}`
  return base + creditCodeCheckChar(base)
}

async function newOrg(parentId: string, name: string, type = 'branch', branchKind: string | null = 'independent') {
  const res = await call('demo-admin', 'POST', '/api/v1/park/orgs', { parentId, name, type, branchKind })
  expect(res.statusCode).toBe(201)
  return res.json() as { id: string; warnings: string[]; canManage: boolean }
}

async function invite(payload: object, who = 'demo-admin') {
  const res = await call(who, 'POST', '/api/v1/park/invitations', payload)
  expect(res.statusCode).toBe(201)
  return res.json() as { id: string; code: string; status: string; expiresAt: string }
}

describe('the organization tree', () => {
  test('an admin creates a branch below her committee; it is audited and shows in the tree with its warning', async () => {
    const before = await auditCount('org.create')
    const b = await newOrg(org[COMMITTEE], '新材料科技党支部')
    expect(b.canManage).toBe(true)
    expect(b.warnings).toEqual(['还有 0 名正式党员，满 3 名才能正式组建独立党支部'])
    expect(await auditCount('org.create')).toBe(before + 1)
    const tree = (await call('demo-admin', 'GET', `/api/v1/park/orgs/${org[COMMITTEE]}/tree`)).json().items
    expect(tree.map((n: { name: string }) => n.name)).toContain('新材料科技党支部')
    // the top itself is listed first and is not hers to rename or dissolve
    expect(tree[0]).toMatchObject({ id: org[COMMITTEE], depth: 0, canManage: false })
  })

  test('marking an 独立 branch formed with fewer than 3 full members is recorded, with a warning', async () => {
    const b = await newOrg(org[COMMITTEE], '待组建党支部')
    const res = await call('demo-admin', 'PATCH', `/api/v1/park/orgs/${b.id}`, { formed: true })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ formed: true, warnings: ['已标记为组建，但只有 0 名正式党员：独立党支部需有 3 名以上'] })
    // 星火 has 2 full members in the demo (张明, 王建国)
    const xh = (await call('demo-admin', 'GET', `/api/v1/park/orgs/${org[COMMITTEE]}/tree`)).json().items.find((n: { id: string }) => n.id === org[DEMO_ORG_NAMES.xinghuo])
    expect(xh).toMatchObject({ fullMembers: 2, members: 3, enterprises: 1 })
  })

  test('a 联合 branch over 5 units is warned about, not blocked', async () => {
    const j = await newOrg(org[COMMITTEE], '商务楼宇联合党支部', 'branch', 'joint')
    for (let i = 0; i < 6; i++) {
      const res = await call('demo-admin', 'POST', '/api/v1/park/enterprises', {
        name: `楼宇企业${i}`,
        creditCode: newCreditCode(),
        type: 'non_public',
        employeeCount: 10,
        orgId: org[COMMITTEE],
        branchId: j.id,
      })
      expect(res.statusCode).toBe(201)
    }
    const node = (await call('demo-admin', 'GET', `/api/v1/park/orgs/${org[COMMITTEE]}/tree`)).json().items.find((n: { id: string }) => n.id === j.id)
    expect(node.warnings).toEqual(['联合党支部一般不超过 5 家单位，现在有 6 家'])
  })

  test('renaming and moving are audited; moving under its own child is refused and changes nothing', async () => {
    const gb = await newOrg(org[COMMITTEE], '东区党总支', 'general_branch', null)
    const b = await newOrg(gb.id, '东区一支部')
    const rename = await call('demo-admin', 'PATCH', `/api/v1/park/orgs/${gb.id}`, { name: '东区综合党总支' })
    expect(rename.json().name).toBe('东区综合党总支')
    expectError(await call('demo-admin', 'PATCH', `/api/v1/park/orgs/${gb.id}`, { parentId: gb.id }), 409, 'ORG_CYCLE')
    // a branch takes no children: moving the 党总支 under its own branch fails on the cycle first
    expectError(await call('demo-admin', 'PATCH', `/api/v1/park/orgs/${gb.id}`, { parentId: b.id }), 409, 'ORG_CYCLE')
    const moved = await call('demo-admin', 'PATCH', `/api/v1/park/orgs/${b.id}`, { parentId: org[DEMO_ORG_NAMES.area] })
    expect(moved.json().parentId).toBe(org[DEMO_ORG_NAMES.area])
    expect(await auditCount('org.move')).toBeGreaterThanOrEqual(1)
    const [row] = rowsOf<{ parent_id: string }>(await t.database.db.execute(sql`SELECT parent_id FROM organizations WHERE id = ${gb.id}`))
    expect(row.parent_id).toBe(org[COMMITTEE])
  })

  test('a 党总支 cannot sit under a branch, and a name is unique among siblings', async () => {
    const r = await call('demo-admin', 'POST', '/api/v1/park/orgs', { parentId: org[DEMO_ORG_NAMES.xinghuo], name: '错误党总支', type: 'general_branch' })
    expect(expectError(r, 400, 'VALIDATION_FAILED').fields?.[0].path).toBe('type')
    const dup = await call('demo-admin', 'POST', '/api/v1/park/orgs', { parentId: org[COMMITTEE], name: DEMO_ORG_NAMES.xinghuo, type: 'branch', branchKind: 'independent' })
    expectError(dup, 409, 'ORG_NAME_TAKEN')
    const noKind = await call('demo-admin', 'POST', '/api/v1/park/orgs', { parentId: org[COMMITTEE], name: '无类型支部', type: 'branch' })
    expect(expectError(noKind, 400, 'VALIDATION_FAILED').fields?.[0].path).toBe('branchKind')
  })

  test('a branch with members cannot be dissolved; an empty one can, and its roles end at once', async () => {
    const full = await call('demo-admin', 'DELETE', `/api/v1/park/orgs/${org[DEMO_ORG_NAMES.xinghuo]}`)
    expect(expectError(full, 409, 'ORG_HAS_MEMBERS').message).toContain('3 名党员')
    const b = await newOrg(org[COMMITTEE], '将撤销党支部')
    const inv = await invite({ role: 'secretary', orgId: b.id, title: '书记', inviteeName: '孙伟' })
    const sun = await t.login('park-sun')
    expect((await call(sun, 'POST', `/api/v1/park/invitations/by-code/${inv.code}/accept`)).statusCode).toBe(200)
    expect((await call(sun, 'GET', '/api/v1/me')).json().roles).toEqual([expect.objectContaining({ orgId: b.id, role: 'secretary' })])
    const gone = await call('demo-admin', 'DELETE', `/api/v1/park/orgs/${b.id}`)
    expect(gone.json()).toEqual({ id: b.id, dissolved: true })
    expect((await call(sun, 'GET', '/api/v1/me')).json().roles).toEqual([])
    // gone from search and from the tree
    expect((await call('demo-member', 'GET', `/api/v1/orgs?q=${encodeURIComponent('将撤销')}`)).json().items).toEqual([])
    expectError(await call('demo-member', 'GET', `/api/v1/orgs/${b.id}`), 404, 'NOT_FOUND')
  })

  test('moving a branch changes who sees it at once: the old committee’s admin loses it, the new one gains it', async () => {
    const area = org[DEMO_ORG_NAMES.area]
    const b = await newOrg(area, '流转测试党支部', 'branch', 'joint')
    const inv = await invite({ role: 'admin', orgId: area, inviteeName: '片区管理员' })
    const areaAdmin = await t.login('park-area-admin')
    expect((await call(areaAdmin, 'POST', `/api/v1/park/invitations/by-code/${inv.code}/accept`)).statusCode).toBe(200)
    const sees = async () => (await call(areaAdmin, 'GET', `/api/v1/park/orgs/${area}/tree`)).json().items.some((n: { id: string }) => n.id === b.id)
    expect(await sees()).toBe(true)
    expect((await call('demo-admin', 'PATCH', `/api/v1/park/orgs/${b.id}`, { parentId: org[COMMITTEE] })).statusCode).toBe(200)
    expect(await sees()).toBe(false)
    expectError(await call(areaAdmin, 'PATCH', `/api/v1/park/orgs/${b.id}`, { name: '片区改名' }), 404, 'NOT_FOUND')
    expect((await call('demo-admin', 'PATCH', `/api/v1/park/orgs/${b.id}`, { parentId: area })).statusCode).toBe(200)
    expect(await sees()).toBe(true)
  })

  test('a 党总支 with a live branch below cannot be dissolved', async () => {
    const gb = await newOrg(org[COMMITTEE], '西区党总支', 'general_branch', null)
    await newOrg(gb.id, '西区一支部')
    expectError(await call('demo-admin', 'DELETE', `/api/v1/park/orgs/${gb.id}`), 409, 'ORG_HAS_CHILDREN')
  })

  test('scope: a secretary, a member and another committee’s admin can neither see nor change this tree', async () => {
    const other = await startAdminOfOtherCommittee()
    for (const who of ['demo-secretary', 'demo-member', other]) {
      expectError(await call(who, 'GET', `/api/v1/park/orgs/${org[COMMITTEE]}/tree`), 404, 'NOT_FOUND')
      expectError(await call(who, 'POST', '/api/v1/park/orgs', { parentId: org[COMMITTEE], name: '越权支部', type: 'branch', branchKind: 'joint' }), 404, 'NOT_FOUND')
      expectError(await call(who, 'PATCH', `/api/v1/park/orgs/${org[DEMO_ORG_NAMES.chuangye]}`, { name: '改名' }), 404, 'NOT_FOUND')
    }
    // and demo-admin cannot reach into the other committee either
    expectError(await call('demo-admin', 'GET', `/api/v1/park/orgs/${org['另一园区党委']}/tree`), 404, 'NOT_FOUND')
    // the top committee's own admin may not rename the top: only a committee above could
    expectError(await call('demo-admin', 'PATCH', `/api/v1/park/orgs/${org[COMMITTEE]}`, { name: '新名字' }), 403, 'FORBIDDEN')
  })
})

/** A second top committee with its own admin, through the bootstrap path. Returns the admin's token. */
let otherAdmin: string | null = null
async function startAdminOfOtherCommittee(): Promise<string> {
  if (otherAdmin) return otherAdmin
  const { bootstrapInvitation } = await import('../../server/src/modules/park/service')
  const { SignedIdCodes } = await import('../../server/src/lib/signedcode')
  const codes = new SignedIdCodes(t.app.deps.config.appSecret, 'invitation/v1')
  const boot = await bootstrapInvitation({ db: t.database.db, now: () => clock.now(), codes }, '另一园区党委')
  org['另一园区党委'] = boot.orgId
  otherAdmin = await t.login('other-admin')
  expect((await call(otherAdmin, 'POST', `/api/v1/park/invitations/by-code/${boot.code}/accept`)).statusCode).toBe(200)
  return otherAdmin
}

describe('enterprises and the ledger', () => {
  const enterprise = (patch: object = {}) => ({
    name: '测试登记企业',
    creditCode: newCreditCode(),
    type: 'non_public',
    industry: '制造业',
    address: '园区一路 1 号',
    employeeCount: 30,
    orgId: org[COMMITTEE],
    branchId: null,
    ...patch,
  })

  test('the demo ledger shows every coverage state and both rates', async () => {
    const res = await call('demo-admin', 'GET', `/api/v1/park/ledger?orgId=${org[DEMO_ORG_NAMES.area]}`)
    expect(res.statusCode).toBe(200)
    const l = res.json()
    const byName = Object.fromEntries(l.items.map((e: { name: string }) => [e.name, e]))
    expect(byName['恒远物流有限公司']).toMatchObject({ coverage: 'joint', fullMembers: 3, shouldFormBranch: true })
    expect(byName['快送骑手服务站']).toMatchObject({ coverage: 'instructor', instructors: ['刘洋'], type: 'platform' })
    expect(byName['明德餐饮管理有限公司']).toMatchObject({ coverage: 'none', branchId: null })
    expect(l.figures).toMatchObject({ enterprises: 4, byCoverage: { own: 0, joint: 1, instructor: 2, none: 1 }, shouldFormBranch: 1, orgCoverageRate: 25, workCoverageRate: 75 })
    expect(l.definitions.org).toContain('组织覆盖率')
    const only = (await call('demo-admin', 'GET', `/api/v1/park/ledger?orgId=${org[DEMO_ORG_NAMES.area]}&coverage=should_form`)).json()
    expect(only.items.map((e: { name: string }) => e.name)).toEqual(['恒远物流有限公司'])
  })

  test('registering checks the credit code’s check digit and says which position is wrong', async () => {
    const good = newCreditCode()
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    const res = await call('demo-admin', 'POST', '/api/v1/park/enterprises', enterprise({ creditCode: bad }))
    const err = expectError(res, 400, 'VALIDATION_FAILED')
    expect(err.fields).toEqual([{ path: 'creditCode', message: '统一社会信用代码的校验位不对，请对照营业执照逐位核对' }])
    const short = await call('demo-admin', 'POST', '/api/v1/park/enterprises', enterprise({ creditCode: '91320500' }))
    expect(expectError(short, 400, 'VALIDATION_FAILED').message).toContain('18 位')
    const lower = await call('demo-admin', 'POST', '/api/v1/park/enterprises', enterprise({ creditCode: good.toLowerCase() }))
    expect(lower.statusCode).toBe(201)
    expect(lower.json()).toMatchObject({ creditCode: good, coverage: 'none', orgName: COMMITTEE })
  })

  test('a credit code is registered once; the second gets 409 naming the first, and nothing is written', async () => {
    const code = newCreditCode()
    expect((await call('demo-admin', 'POST', '/api/v1/park/enterprises', enterprise({ creditCode: code, name: '先登记的企业' }))).statusCode).toBe(201)
    const before = await t.count('enterprises')
    const again = await call('demo-admin', 'POST', '/api/v1/park/enterprises', enterprise({ creditCode: code, name: '重复的企业' }))
    expect(expectError(again, 409, 'CREDIT_CODE_TAKEN').message).toContain('先登记的企业')
    expect(await t.count('enterprises')).toBe(before)
  })

  test('updating moves an enterprise into a branch, which changes its coverage, and is audited', async () => {
    const created = (await call('demo-admin', 'POST', '/api/v1/park/enterprises', enterprise({ name: '待入联合支部企业' }))).json()
    const res = await call('demo-admin', 'PUT', `/api/v1/park/enterprises/${created.id}`, enterprise({ name: '待入联合支部企业', creditCode: created.creditCode, branchId: org[DEMO_ORG_NAMES.chuangye] }))
    expect(res.json()).toMatchObject({ coverage: 'joint', branchName: DEMO_ORG_NAMES.chuangye })
    const [a] = rowsOf<{ details: { branchId: { to: string } } }>(
      await t.database.db.execute(sql`SELECT details FROM audit_log WHERE action = 'enterprise.update' AND target_id = ${created.id}`),
    )
    expect(a.details.branchId.to).toBe(org[DEMO_ORG_NAMES.chuangye])
  })

  test('a branch outside the ledger’s committee is refused', async () => {
    const other = await startAdminOfOtherCommittee()
    const res = await call(other, 'POST', '/api/v1/park/enterprises', enterprise({ orgId: org['另一园区党委'], branchId: org[DEMO_ORG_NAMES.xinghuo] }))
    expect(expectError(res, 400, 'VALIDATION_FAILED').fields?.[0].path).toBe('branchId')
  })

  test('the instructor reads only the enterprises assigned to her, and cannot write', async () => {
    const l = (await call('demo-instructor', 'GET', `/api/v1/park/ledger?orgId=${org[DEMO_ORG_NAMES.area]}`)).json()
    expect(l.items.map((e: { name: string }) => e.name).sort()).toEqual(['快送骑手服务站', '绿洲社会工作服务中心'])
    expect(l.figures).toMatchObject({ enterprises: 2, workCoverageRate: 100, orgCoverageRate: 0 })
    const res = await call('demo-instructor', 'POST', '/api/v1/park/enterprises', enterprise({ orgId: org[DEMO_ORG_NAMES.area] }))
    expectError(res, 404, 'NOT_FOUND')
    expectError(await call('demo-instructor', 'POST', '/api/v1/park/orgs', { parentId: org[DEMO_ORG_NAMES.area], name: '指导员建的支部', type: 'branch', branchKind: 'joint' }), 404, 'NOT_FOUND')
    expectError(await call('demo-member', 'GET', `/api/v1/park/ledger?orgId=${org[DEMO_ORG_NAMES.area]}`), 404, 'NOT_FOUND')
  })
})

describe('appointments by invitation', () => {
  test('a secretary appointed by invitation can post a meeting; the grant and acceptance are audited', async () => {
    const b = await newOrg(org[COMMITTEE], '任命测试党支部', 'branch', 'joint')
    const inv = await invite({ role: 'secretary', orgId: b.id, title: '副书记', inviteeName: '钱芳' })
    expect(inv).toMatchObject({ status: 'pending', code: expect.any(String) })
    expect(Date.parse(inv.expiresAt) - clock.now().getTime()).toBe(7 * 86_400_000)
    const qian = await t.login('park-qian')
    const preview = await call(qian, 'GET', `/api/v1/park/invitations/by-code/${inv.code}`)
    expect(preview.json()).toMatchObject({ role: 'secretary', roleLabel: '副书记', orgName: '任命测试党支部', inviteeName: '钱芳', status: 'pending', acceptedByYou: false })
    const before = await auditCount('role.grant')
    const ok = await call(qian, 'POST', `/api/v1/park/invitations/by-code/${inv.code}/accept`)
    expect(ok.json()).toMatchObject({ status: 'accepted', acceptedByYou: true })
    expect(await auditCount('role.grant')).toBe(before + 1)
    const post = await call(qian, 'POST', '/api/v1/meetings', {
      branchId: b.id,
      type: 'committee',
      title: '十二月支委会',
      location: '会议室',
      startsAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
      endsAt: new Date(clock.now().getTime() + 90_000_000).toISOString(),
      open: false,
    })
    expect(post.statusCode).toBe(201)
    // accepting again with the same account answers as before
    expect((await call(qian, 'POST', `/api/v1/park/invitations/by-code/${inv.code}/accept`)).statusCode).toBe(200)
    // the admin's list shows it accepted, by whom, and no longer hands out its code
    const list = (await call('demo-admin', 'GET', `/api/v1/park/invitations?orgId=${org[COMMITTEE]}`)).json().items
    expect(list.find((i: { id: string }) => i.id === inv.id)).toMatchObject({ status: 'accepted', acceptedByName: '钱芳', code: null })
  })

  test('the invitation is bound to the first account: a second gets 409, even when both accept at once', async () => {
    const b = await newOrg(org[COMMITTEE], '并发接受党支部', 'branch', 'joint')
    const inv = await invite({ role: 'secretary', orgId: b.id, title: '书记', inviteeName: '周强' })
    const [a, c] = [await t.login('race-a'), await t.login('race-b')]
    const results = await Promise.all([a, c].map((who) => call(who, 'POST', `/api/v1/park/invitations/by-code/${inv.code}/accept`)))
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409])
    expectError(results.find((r) => r.statusCode === 409)!, 409, 'INVITATION_USED')
    const holders = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM role_assignments WHERE org_id = ${b.id}`))
    expect(holders[0].n).toBe(1)
  })

  test('expired, revoked and forged invitations read as such and grant nothing', async () => {
    const b = await newOrg(org[COMMITTEE], '过期邀请党支部', 'branch', 'joint')
    const late = await invite({ role: 'secretary', orgId: b.id, title: '书记', inviteeName: '冯亮' })
    const revoked = await invite({ role: 'secretary', orgId: b.id, title: '组织委员', inviteeName: '陈静' })
    expect((await call('demo-admin', 'DELETE', `/api/v1/park/invitations/${revoked.id}`)).json().status).toBe('revoked')
    const who = await t.login('park-late')
    expectError(await call(who, 'POST', `/api/v1/park/invitations/by-code/${revoked.code}/accept`), 410, 'INVITATION_REVOKED')
    const forged = late.code.slice(0, -2) + (late.code.endsWith('AA') ? 'BB' : 'AA')
    expectError(await call(who, 'GET', `/api/v1/park/invitations/by-code/${forged}`), 404, 'INVITATION_INVALID')
    expectError(await call(who, 'POST', `/api/v1/park/invitations/by-code/not-a-code/accept`), 404, 'INVITATION_INVALID')
    clock.advance(7 * 86_400_000 + 1000)
    try {
      expect((await call(who, 'GET', `/api/v1/park/invitations/by-code/${late.code}`)).json().status).toBe('expired')
      expectError(await call(who, 'POST', `/api/v1/park/invitations/by-code/${late.code}/accept`), 410, 'INVITATION_EXPIRED')
    } finally {
      clock.advance(-(7 * 86_400_000 + 1000))
    }
    const held = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM role_assignments WHERE org_id = ${b.id}`))
    expect(held[0].n).toBe(0)
  })

  test('a secretary invitation must name a branch and a title; an instructor’s must name what they cover', async () => {
    const r1 = await call('demo-admin', 'POST', '/api/v1/park/invitations', { role: 'secretary', orgId: org[COMMITTEE], title: '书记', inviteeName: '某某' })
    expect(expectError(r1, 400, 'VALIDATION_FAILED').fields?.[0].path).toBe('orgId')
    const r2 = await call('demo-admin', 'POST', '/api/v1/park/invitations', { role: 'secretary', orgId: org[DEMO_ORG_NAMES.chuangye], inviteeName: '某某' })
    expect(expectError(r2, 400, 'VALIDATION_FAILED').fields?.[0].path).toBe('title')
    const r3 = await call('demo-admin', 'POST', '/api/v1/park/invitations', { role: 'instructor', orgId: org[COMMITTEE], inviteeName: '某某' })
    expect(expectError(r3, 400, 'VALIDATION_FAILED').fields?.[0].path).toBe('enterpriseIds')
    // the secretary of a branch cannot appoint anyone
    expectError(await call('demo-secretary', 'POST', '/api/v1/park/invitations', { role: 'secretary', orgId: org[DEMO_ORG_NAMES.xinghuo], title: '副书记', inviteeName: '某某' }), 404, 'NOT_FOUND')
  })

  test('an instructor appointed for an enterprise and a branch sees that branch’s meetings read-only', async () => {
    const chuangye = org[DEMO_ORG_NAMES.chuangye]
    const ent = (await call('demo-admin', 'GET', `/api/v1/park/ledger?orgId=${org[COMMITTEE]}&q=${encodeURIComponent('明德')}`)).json().items[0]
    const inv = await invite({ role: 'instructor', orgId: org[COMMITTEE], inviteeName: '黄敏', branchIds: [chuangye], enterpriseIds: [ent.id] })
    const huang = await t.login('park-huang')
    expect((await call(huang, 'GET', `/api/v1/park/invitations/by-code/${inv.code}`)).json().covers.sort()).toEqual([DEMO_ORG_NAMES.chuangye, '明德餐饮管理有限公司'].sort())
    expect((await call(huang, 'POST', `/api/v1/park/invitations/by-code/${inv.code}/accept`)).statusCode).toBe(200)
    const ledger = (await call(huang, 'GET', `/api/v1/park/ledger?orgId=${org[COMMITTEE]}`)).json()
    expect(ledger.items.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['明德餐饮管理有限公司', '云帆网络科技有限公司']))
    expect(ledger.items.map((e: { name: string }) => e.name)).not.toContain('星火科技有限公司')
    const summary = (await call(huang, 'GET', '/api/v1/park/summary')).json().orgs
    expect(summary.map((s: { orgName: string; role: string }) => [s.orgName, s.role])).toEqual([[COMMITTEE, 'instructor']])
  })

  test('removing a role takes effect on the next request; the last admin of the top committee cannot remove herself', async () => {
    const appts = (await call('demo-admin', 'GET', `/api/v1/park/appointments?orgId=${org[COMMITTEE]}`)).json().items
    const mine = appts.find((a: { name: string; role: string }) => a.name === '陈红' && a.role === 'admin')
    expectError(await call('demo-admin', 'DELETE', `/api/v1/park/appointments/${mine.id}`), 409, 'LAST_ADMIN')
    // a second admin, then the first may go
    const inv = await invite({ role: 'admin', orgId: org[COMMITTEE], inviteeName: '何平' })
    const he = await t.login('park-he')
    expect((await call(he, 'POST', `/api/v1/park/invitations/by-code/${inv.code}/accept`)).statusCode).toBe(200)
    const heRole = (await call('demo-admin', 'GET', `/api/v1/park/appointments?orgId=${org[COMMITTEE]}`)).json().items.find((a: { name: string }) => a.name === '何平')
    expect((await call('demo-admin', 'GET', `/api/v1/park/orgs/${org[COMMITTEE]}/tree`)).statusCode).toBe(200)
    expect((await call(he, 'GET', `/api/v1/park/orgs/${org[COMMITTEE]}/tree`)).statusCode).toBe(200)
    const removed = await call('demo-admin', 'DELETE', `/api/v1/park/appointments/${heRole.id}`)
    expect(removed.json()).toEqual({ id: heRole.id, removed: true })
    expectError(await call(he, 'GET', `/api/v1/park/orgs/${org[COMMITTEE]}/tree`), 404, 'NOT_FOUND')
    expect(await auditCount('role.remove')).toBeGreaterThanOrEqual(1)
  })
})

describe('the committee sees its branches read-only', () => {
  test('the admin lists a branch’s meetings under 下级组织, opens its attendance, and may not act', async () => {
    const start = clock.now().getTime() + 2 * 86_400_000
    const created = await call('demo-secretary', 'POST', '/api/v1/meetings', {
      branchId: org[DEMO_ORG_NAMES.xinghuo],
      type: 'lecture',
      title: '只读查看用党课',
      location: '二楼',
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 3_600_000).toISOString(),
      open: false,
    })
    const id = created.json().id
    const list = (await call('demo-admin', 'GET', '/api/v1/meetings?scope=supervised&limit=50')).json().items
    expect(list.find((m: { id: string }) => m.id === id)).toMatchObject({ branchName: DEMO_ORG_NAMES.xinghuo, canManage: false, canInspect: true })
    const detail = await call('demo-admin', 'GET', `/api/v1/meetings/${id}`)
    expect(detail.json()).toMatchObject({ canManage: false, canInspect: true })
    expect((await call('demo-admin', 'GET', `/api/v1/meetings/${id}/attendance`)).statusCode).toBe(200)
    expectError(await call('demo-admin', 'GET', `/api/v1/meetings/${id}/checkin-code`), 403, 'FORBIDDEN')
    // the secretary's own view is unchanged
    expect((await call('demo-secretary', 'GET', `/api/v1/meetings/${id}`)).json()).toMatchObject({ canManage: true, canInspect: true })
    // the instructor of other enterprises does not see 星火's closed meeting
    expectError(await call('demo-instructor', 'GET', `/api/v1/meetings/${id}`), 404, 'NOT_FOUND')
  })

  test('declarations, members and transfers of a branch: the admin reads them, phones masked, and cannot act', async () => {
    const xinghuo = org[DEMO_ORG_NAMES.xinghuo]
    const zhou = await t.login('supervised-zhou')
    const d = await call(zhou, 'POST', '/api/v1/identity/declarations', { realName: '周监看', phone: '13611112222', joinedAt: '2019-07-01', memberType: 'full', branchId: xinghuo })
    expect(d.statusCode).toBe(201)
    const decl = (await call('demo-admin', 'GET', '/api/v1/identity/declarations?scope=supervised')).json().items.find((x: { id: string }) => x.id === d.json().id)
    expect(decl).toMatchObject({ realName: '周监看', phoneMasked: '136****2222', branchName: DEMO_ORG_NAMES.xinghuo })
    expect((await call('demo-admin', 'GET', `/api/v1/identity/declarations/${d.json().id}`)).json().phoneMasked).toBe('136****2222')
    // the secretary's queue is unchanged, with the full number
    expect((await call('demo-secretary', 'GET', '/api/v1/identity/declarations?scope=review')).json().items.find((x: { id: string }) => x.id === d.json().id).phoneMasked).toBe('13611112222')
    expectError(await call('demo-admin', 'POST', `/api/v1/identity/declarations/${d.json().id}/approve`), 404, 'NOT_FOUND')
    expect((await call('demo-admin', 'GET', `/api/v1/identity/declarations/${d.json().id}`)).json().status).toBe('pending')

    const roster = await call('demo-admin', 'GET', `/api/v1/identity/branches/${xinghuo}/members`)
    expect(roster.json().items.map((m: { realName: string }) => m.realName)).toEqual(expect.arrayContaining(['张明', '李婷', '王建国']))
    const zhang = roster.json().items.find((m: { realName: string }) => m.realName === '张明')
    expectError(await call('demo-admin', 'POST', '/api/v1/identity/posts', { memberId: zhang.memberId, kind: 'model_post', title: '越权设岗' }), 404, 'NOT_FOUND')

    const filed = await call(zhou, 'POST', '/api/v1/transfers', { ...mobileInRegistration(xinghuo), contactPhone: '13611112222', realName: '周监看' })
    expect(filed.statusCode).toBe(201)
    const seen = (await call('demo-admin', 'GET', '/api/v1/transfers?scope=supervised')).json().items.find((x: { id: string }) => x.id === filed.json().id)
    expect(seen).toMatchObject({ applicantName: '周监看', contactPhone: '136****2222' })
    expect((await call('demo-admin', 'GET', `/api/v1/transfers/${filed.json().id}`)).statusCode).toBe(200)
    expectError(await call('demo-admin', 'POST', `/api/v1/transfers/${filed.json().id}/accept`, {}), 403, 'FORBIDDEN')
    expect((await call('demo-admin', 'GET', `/api/v1/transfers/${filed.json().id}`)).json().status).toBe('submitted')
    // a member of another branch sees none of it
    expect((await call('demo-member', 'GET', '/api/v1/transfers?scope=supervised')).json().items).toEqual([])
  })

  test('the admin home counts the committee', async () => {
    const s = (await call('demo-admin', 'GET', '/api/v1/park/summary')).json().orgs
    expect(s).toHaveLength(1)
    expect(s[0]).toMatchObject({ orgName: COMMITTEE, role: 'admin' })
    expect(s[0].branchesByKind.affiliated).toBe(1)
    expect(s[0].members).toBeGreaterThanOrEqual(6)
    expect((await call('demo-member', 'GET', '/api/v1/park/summary')).json()).toEqual({ orgs: [] })
    // the card's counts are the ledger's figures, for the admin and for an instructor
    const ledger = (await call('demo-admin', 'GET', `/api/v1/park/ledger?orgId=${org[COMMITTEE]}`)).json().figures
    expect(s[0]).toMatchObject({ enterprisesByCoverage: ledger.byCoverage, orgCoverageRate: ledger.orgCoverageRate, workCoverageRate: ledger.workCoverageRate })
    const ins = (await call('demo-instructor', 'GET', '/api/v1/park/summary')).json().orgs
    expect(ins).toEqual([
      expect.objectContaining({ orgName: DEMO_ORG_NAMES.area, role: 'instructor', enterprisesByCoverage: { own: 0, joint: 0, instructor: 2, none: 0 }, members: 0, orgCoverageRate: 0, workCoverageRate: 100 }),
    ])
  })
})
