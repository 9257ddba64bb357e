import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/src/db/client'
import { idFor } from '../support/idnumber'
import { LogCapture, ManualClock, auth, expectError, startTestApp, type TestApp } from './helpers'


const PHONE = '13912345678'
const ID_NUMBER = idFor('1992-05-17', '357')
const logs = new LogCapture()
const clock = new ManualClock(new Date('2026-11-23T02:00:00Z').getTime())
let t: TestApp
let xinghuo: string
let chuangye: string
const tokens: Record<string, string> = {}

beforeAll(async () => {
  t = await startTestApp({ env: { SEED: 'demo', LOG_LEVEL: 'debug' }, clock, logger: { level: 'debug', stream: logs } })
  const orgs = rowsOf<{ id: string; name: string }>(await t.database.db.execute(sql`SELECT id, name FROM organizations`))
  xinghuo = orgs.find((o) => o.name.startsWith('星火'))!.id
  chuangye = orgs.find((o) => o.name.startsWith('创业'))!.id
  for (const u of ['demo-secretary', 'demo-guest', 'demo-admin', 'demo-member', 'demo-member-2', 'newcomer', 'other-newcomer']) tokens[u] = await t.login(u)
  // A secretary of the other branch, to prove scope.
  const [{ id: uid }] = rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM users WHERE openid = 'other-newcomer'`))
  await t.database.db.execute(sql`INSERT INTO role_assignments (user_id, org_id, role) VALUES (${uid}, ${chuangye}, 'secretary')`)
})
afterAll(() => t.close())

const as = (who: string) => auth(tokens[who])
const inject = (who: string | null, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: who ? as(who) : {} })

const declaration = (patch: object = {}) => ({
  realName: '刘新',
  phone: PHONE,
  joinedAt: '2016-07-01',
  memberType: 'full',
  branchId: xinghuo,
  originOrg: '老家村党支部',
  position: '装配车间 班组长',
  pledge: '做安全生产的带头人',
  idNumber: ID_NUMBER,
  ...patch,
})

let newcomers = 0
/** A newcomer of the test's own with a pending declaration to 星火, so that any test runs alone. */
async function pending(patch: object = {}) {
  const who = `newcomer-${++newcomers}`
  tokens[who] = await t.login(who)
  const res = await inject(who, 'POST', '/api/v1/identity/declarations', declaration(patch))
  expect(res.statusCode).toBe(201)
  return { who, id: res.json().id as string }
}
/** …approved by 星火's secretary, with the member card's verification code. */
async function carded() {
  const d = await pending()
  expect((await inject('demo-secretary', 'POST', `/api/v1/identity/declarations/${d.id}/approve`)).statusCode).toBe(200)
  const card = await inject(d.who, 'GET', '/api/v1/identity/card')
  expect(card.statusCode).toBe(200)
  return { ...d, code: card.json().verifyCode as string }
}

describe('declare → review → card → verify → revoke', () => {
  test('bad declarations are refused with the field and write nothing', async () => {
    const before = await t.count('declarations')
    const cases: [object, string][] = [
      [{ phone: '1234' }, 'phone'],
      [{ joinedAt: '2026-12-01' }, 'joinedAt'],
      [{ joinedAt: '1920-01-01' }, 'joinedAt'],
      [{ memberType: 'probationary', joinedAt: '2020-01-01' }, 'memberType'],
      [{ idNumber: ID_NUMBER.slice(0, 17) + (ID_NUMBER[17] === '1' ? '2' : '1') }, 'idNumber'],
      [{ joinedAt: '2009-01-01' }, 'idNumber'], // under 18 at the join date
      [{ branchId: 'not-a-uuid' }, 'branchId'],
      [{ extra: true }, 'extra'],
    ]
    for (const [patch, field] of cases) {
      const err = expectError(await inject('newcomer', 'POST', '/api/v1/identity/declarations', declaration(patch)), 400, 'VALIDATION_FAILED')
      expect(err.fields?.map((f) => f.path)).toContain(field)
    }
    const [{ id: committee }] = rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM organizations WHERE type = 'committee'`))
    expectError(await inject('newcomer', 'POST', '/api/v1/identity/declarations', declaration({ branchId: committee })), 400, 'VALIDATION_FAILED')
    expect(await t.count('declarations')).toBe(before)
  })

  test('a newcomer declares; a second one while pending is 409, even when sent at once', async () => {
    tokens['at-once'] = await t.login('at-once')
    const results = await Promise.all(Array.from({ length: 5 }, () => inject('at-once', 'POST', '/api/v1/identity/declarations', declaration())))
    const created = results.filter((r) => r.statusCode === 201)
    expect(created).toHaveLength(1)
    for (const r of results.filter((x) => x.statusCode !== 201)) expectError(r, 409, 'DECLARATION_PENDING')
    expect(created[0].json().status).toBe('pending')
  })

  test('an existing member cannot declare again', async () => {
    expectError(await inject('demo-member', 'POST', '/api/v1/identity/declarations', declaration()), 409, 'ALREADY_MEMBER')
  })

  test('the member sees it masked; the ID number never leaves the server in clear', async () => {
    const d = await pending()
    const res = await inject(d.who, 'GET', `/api/v1/identity/declarations/${d.id}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ status: 'pending', branchName: '星火科技有限公司党支部', idNumberMasked: `${ID_NUMBER.slice(0, 4)}**********${ID_NUMBER.slice(-4)}` })
    expect(res.body).not.toContain(ID_NUMBER)
    const [row] = rowsOf<{ id_number_enc: string }>(await t.database.db.execute(sql`SELECT id_number_enc FROM declarations WHERE id = ${d.id}`))
    expect(row.id_number_enc).not.toContain(ID_NUMBER)
    expect(row.id_number_enc.startsWith('v1.')).toBe(true)
  })

  test('nobody else reads it by id', async () => {
    const d = await pending()
    expectError(await inject('demo-member', 'GET', `/api/v1/identity/declarations/${d.id}`), 404, 'NOT_FOUND')
    expectError(await inject('other-newcomer', 'GET', `/api/v1/identity/declarations/${d.id}`), 404, 'NOT_FOUND')
  })

  test('the review queue of 星火’s secretary lists it with days waiting; the other branch’s does not', async () => {
    const d = await pending()
    clock.advance(3 * 86400_000)
    const queue = (await inject('demo-secretary', 'GET', '/api/v1/identity/declarations?scope=review&status=pending')).json()
    expect(queue.items.find((i: { id: string }) => i.id === d.id)).toMatchObject({ daysWaiting: 3, phoneMasked: PHONE })
    expect((await inject('other-newcomer', 'GET', '/api/v1/identity/declarations?scope=review')).json().items).toEqual([])
  })

  test('another branch’s secretary cannot approve or reject; nothing changes', async () => {
    const d = await pending()
    expectError(await inject('other-newcomer', 'POST', `/api/v1/identity/declarations/${d.id}/approve`), 404, 'NOT_FOUND')
    expectError(await inject('other-newcomer', 'POST', `/api/v1/identity/declarations/${d.id}/reject`, { reason: '不认识此人' }), 404, 'NOT_FOUND')
    expectError(await inject('demo-member', 'POST', `/api/v1/identity/declarations/${d.id}/approve`), 404, 'NOT_FOUND')
    expect((await inject(d.who, 'GET', `/api/v1/identity/declarations/${d.id}`)).json().status).toBe('pending')
  })

  test('a rejection needs a reason', async () => {
    const d = await pending()
    expectError(await inject('demo-secretary', 'POST', `/api/v1/identity/declarations/${d.id}/reject`, {}), 400, 'VALIDATION_FAILED')
    expectError(await inject('demo-secretary', 'POST', `/api/v1/identity/declarations/${d.id}/reject`, { reason: ' ' }), 400, 'VALIDATION_FAILED')
    expect((await inject(d.who, 'GET', `/api/v1/identity/declarations/${d.id}`)).json().status).toBe('pending')
  })

  test('approval makes a member, once: simultaneous approvals give one member and 409s', async () => {
    const d = await pending()
    const members = await t.count('members')
    const results = await Promise.all([1, 2, 3].map(() => inject('demo-secretary', 'POST', `/api/v1/identity/declarations/${d.id}/approve`)))
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1)
    for (const r of results.filter((x) => x.statusCode !== 200)) expectError(r, 409, 'DECLARATION_NOT_PENDING')
    expect(await t.count('members')).toBe(members + 1)
    const me = (await inject(d.who, 'GET', '/api/v1/me')).json()
    expect(me.member).toMatchObject({ realName: '刘新', branchName: '星火科技有限公司党支部', memberType: 'full' })
  })

  test('the card: branch, type, party age in whole years, pledge, a short code without personal data', async () => {
    const { who, code } = await carded()
    const card = (await inject(who, 'GET', '/api/v1/identity/card')).json()
    expect(card).toMatchObject({ realName: '刘新', branchName: '星火科技有限公司党支部', memberType: 'full', partyAgeYears: 10, pledge: '做安全生产的带头人', verifyCode: code })
    expect(code.length).toBeLessThanOrEqual(64)
    expect(code).not.toContain(PHONE)
    expect(Buffer.from(code, 'base64url').toString('latin1')).not.toMatch(/刘|1391/)
  })

  test('anyone, without logging in, verifies the code', async () => {
    const { code } = await carded()
    const res = await inject(null, 'GET', `/api/v1/identity/verify/${code}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ valid: true, displayName: '刘新', branchName: '星火科技有限公司党支部', pledge: '做安全生产的带头人' })
  })

  test('privacy switches decide what the public sees', async () => {
    const { who, code } = await carded()
    const card = (await inject(who, 'PATCH', '/api/v1/identity/card', { showName: false, showPledge: false })).json()
    expect(card.privacy).toMatchObject({ showName: false, showPledge: false, showBranch: true })
    const seen = (await inject(null, 'GET', `/api/v1/identity/verify/${code}`)).json()
    expect(seen).toMatchObject({ displayName: '刘＊', pledge: null, branchName: '星火科技有限公司党支部' })
  })

  test('forged, altered and unknown codes all read the same: 404 CARD_INVALID', async () => {
    const { code } = await carded()
    const flipped = code.slice(0, 10) + (code[10] === 'A' ? 'B' : 'A') + code.slice(11)
    const answers = await Promise.all(
      [flipped, code.slice(0, -1), 'x'.repeat(40), 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', `${code}A`, 'z'.repeat(300)].map((c) => inject(null, 'GET', `/api/v1/identity/verify/${c}`)),
    )
    const bodies = answers.map((r) => {
      const err = expectError(r, 404, 'CARD_INVALID')
      return err.message
    })
    expect(new Set(bodies).size).toBe(1)
  })

  test('revoking invalidates every earlier code; the new one works', async () => {
    const { who, code } = await carded()
    const fresh = (await inject(who, 'POST', '/api/v1/identity/card/revoke')).json()
    expect(fresh.verifyCode).not.toBe(code)
    const old = expectError(await inject(null, 'GET', `/api/v1/identity/verify/${code}`), 404, 'CARD_INVALID')
    const forged = expectError(await inject(null, 'GET', `/api/v1/identity/verify/${'x'.repeat(40)}`), 404, 'CARD_INVALID')
    expect(old.message).toBe(forged.message)
    expect((await inject(null, 'GET', `/api/v1/identity/verify/${fresh.verifyCode}`)).statusCode).toBe(200)
  })

  test('leaving the branch invalidates the card', async () => {
    const memberCode = (await inject('demo-member-2', 'GET', '/api/v1/identity/card')).json().verifyCode
    expect((await inject(null, 'GET', `/api/v1/identity/verify/${memberCode}`)).statusCode).toBe(200)
    await t.database.db.execute(sql`UPDATE members SET status = 'left', left_at = now() WHERE real_name = '李婷'`)
    expectError(await inject(null, 'GET', `/api/v1/identity/verify/${memberCode}`), 404, 'CARD_INVALID')
    expectError(await inject('demo-member-2', 'GET', '/api/v1/identity/card'), 404, 'NOT_A_MEMBER')
  })

  test('every review and revocation is in the audit log', async () => {
    const { who } = await carded()
    await inject(who, 'PATCH', '/api/v1/identity/card', { showPledge: false })
    await inject(who, 'POST', '/api/v1/identity/card/revoke')
    const actions = rowsOf<{ action: string }>(await t.database.db.execute(sql`SELECT action FROM audit_log WHERE action NOT LIKE 'user.%' ORDER BY id`)).map((r) => r.action)
    expect(actions).toEqual(expect.arrayContaining(['declaration.submitted', 'declaration.approved', 'card.updated', 'card.revoked']))
  })
})

describe('rejection', () => {
  test('the member sees the reason and may declare again', async () => {
    const tok = await t.login('rejected-one')
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/identity/declarations', headers: auth(tok), payload: declaration({ idNumber: undefined, phone: '13700000000' }) })
    const id = res.json().id
    const rej = await inject('demo-secretary', 'POST', `/api/v1/identity/declarations/${id}/reject`, { reason: '入党时间与档案不符，请核对' })
    expect(rej.json()).toEqual({ status: 'rejected' })
    const mine = (await t.app.inject({ method: 'GET', url: '/api/v1/identity/declarations', headers: auth(tok) })).json()
    expect(mine.items[0]).toMatchObject({ status: 'rejected', rejectReason: '入党时间与档案不符，请核对' })
    expectError(await inject('demo-secretary', 'POST', `/api/v1/identity/declarations/${id}/approve`), 409, 'DECLARATION_NOT_PENDING')
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/identity/declarations', headers: auth(tok), payload: declaration({ idNumber: undefined, phone: '13700000000' }) })
    expect(again.statusCode).toBe(201)
  })
})

describe('posts and the wall', () => {
  let zhangId: string
  beforeAll(async () => {
    zhangId = (await inject('demo-member', 'GET', '/api/v1/identity/card')).json().memberId
  })

  test('the demo member already holds a pioneer post, shown on the card', async () => {
    const card = (await inject('demo-member', 'GET', '/api/v1/identity/card')).json()
    expect(card.posts).toEqual([expect.objectContaining({ kind: 'pioneer_post', kindLabel: '党员先锋岗' })])
  })

  test('the secretary assigns a post; it appears on card and wall; removal takes it off', async () => {
    const res = await inject('demo-secretary', 'POST', '/api/v1/identity/posts', { memberId: zhangId, kind: 'model_post', title: '质量示范岗' })
    expect(res.statusCode).toBe(201)
    const card = (await inject('demo-member', 'GET', '/api/v1/identity/card')).json()
    expect(card.posts.map((p: { title: string }) => p.title)).toContain('质量示范岗')
    const wall = (await inject('demo-guest', 'GET', `/api/v1/identity/wall/${xinghuo}`)).json()
    expect(wall.items.find((i: { memberId: string }) => i.memberId === zhangId).posts.map((p: { title: string }) => p.title)).toContain('质量示范岗')
    expect((await inject('demo-secretary', 'DELETE', `/api/v1/identity/posts/${res.json().id}`)).statusCode).toBe(204)
    const after = (await inject('demo-member', 'GET', '/api/v1/identity/card')).json()
    expect(after.posts.map((p: { title: string }) => p.title)).not.toContain('质量示范岗')
  })

  test('out of scope, non-members and bad bodies change nothing', async () => {
    const before = await t.count('member_posts')
    expectError(await inject('other-newcomer', 'POST', '/api/v1/identity/posts', { memberId: zhangId, kind: 'model_post', title: '越权设岗' }), 404, 'NOT_FOUND')
    expectError(await inject('demo-member', 'POST', '/api/v1/identity/posts', { memberId: zhangId, kind: 'model_post', title: '自己设岗' }), 404, 'NOT_FOUND')
    expectError(await inject('demo-secretary', 'POST', '/api/v1/identity/posts', { memberId: '00000000-0000-4000-8000-000000000000', kind: 'model_post', title: '查无此人' }), 404, 'NOT_FOUND')
    expectError(await inject('demo-secretary', 'POST', '/api/v1/identity/posts', { memberId: zhangId, kind: 'boss', title: '岗位' }), 400, 'VALIDATION_FAILED')
    expectError(await inject('demo-secretary', 'POST', '/api/v1/identity/posts', { memberId: zhangId, kind: 'model_post', title: '' }), 400, 'VALIDATION_FAILED')
    expect(await t.count('member_posts')).toBe(before)
  })

  test('a member hidden from the wall is not listed', async () => {
    await inject('demo-member', 'PATCH', '/api/v1/identity/card', { onWall: false })
    const wall = (await inject('demo-guest', 'GET', `/api/v1/identity/wall/${xinghuo}`)).json()
    expect(wall.items.map((i: { memberId: string }) => i.memberId)).not.toContain(zhangId)
    await inject('demo-member', 'PATCH', '/api/v1/identity/card', { onWall: true })
  })
})

test('no phone number or ID number in any log line', async () => {
  // This test's own declaration, approval and card (so that there is something to read even when
  // it runs alone), plus whatever the file's other tests logged.
  const { id, code } = await carded()
  await inject(null, 'GET', `/api/v1/identity/verify/${code}`)
  expect(logs.lines.some((l) => typeof l.url === 'string' && l.url.includes(`/declarations/${id}/approve`))).toBe(true)
  expect(logs.raw).not.toContain(PHONE)
  expect(logs.raw).not.toContain(ID_NUMBER)
  expect(logs.raw).not.toContain(ID_NUMBER.slice(6, 14))
})
