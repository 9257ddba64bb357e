import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/src/db/client'
import { TRANSFER_ACTIONS, TRANSFER_STATUSES, TRANSITIONS, type TransferAction, type TransferStatus } from '../../src/domain/transfers'
import { ManualClock, auth, demoOrgs, expectError, startTestApp, tokenBook, type TestApp } from './helpers'

const DAY = 86_400_000
const clock = new ManualClock(new Date('2026-11-23T02:00:00Z').getTime()) // 10:00 in China
let t: TestApp
let xinghuo: string
let chuangye: string
let committee: string
const { tok, login } = tokenBook(() => t)

beforeAll(async () => {
  t = await startTestApp({ env: { SEED: 'demo', TOKEN_TTL_HOURS: '2160' }, clock })
  ;({ committee, xinghuo, chuangye } = await demoOrgs(t))
  await login('demo-secretary', 'demo-member', 'demo-member-2', 'demo-admin', 'chuangye-secretary')
  // A secretary of the other branch, to prove scope.
  const [{ id }] = rowsOf<{ id: string }>(await t.database.db.execute(sql`SELECT id FROM users WHERE openid = 'chuangye-secretary'`))
  await t.database.db.execute(sql`INSERT INTO role_assignments (user_id, org_id, role) VALUES (${id}, ${chuangye}, 'secretary')`)
})
afterAll(() => t.close())

type Method = 'GET' | 'POST' | 'PUT'
const call = (who: string | null, method: Method, url: string, payload?: object) =>
  t.app.inject({ method, url, payload, headers: who ? auth(tok[who]) : {} })

const transferIn = (patch: object = {}) => ({
  kind: 'transfer_in',
  fromOrg: { name: '河南省周口市某镇党委' },
  toOrg: { id: xinghuo },
  reason: '入职星火科技，工作单位变动',
  contactPhone: '13800001111',
  letterNo: '豫组转〔2026〕118号',
  letterIssuedAt: '2026-11-20',
  realName: '孙立',
  memberType: 'full',
  joinedAt: '2018-06-30',
  ...patch,
})
const mobileIn = (patch: object = {}) => ({
  kind: 'mobile_in',
  fromOrg: { name: '安徽省阜阳市某村党支部' },
  toOrg: { id: xinghuo },
  reason: '在园区做季节工，组织关系留在老家',
  contactPhone: '13800002222',
  realName: '钱多',
  leftAt: '2026-11-01',
  expectedReturnAt: '2027-03-31',
  ...patch,
})

async function file(who: string, body: object) {
  await login(who)
  const res = await call(who, 'POST', '/api/v1/transfers', body)
  expect(res.statusCode).toBe(201)
  expect(res.json().status).toBe('submitted')
  return res.json().id as string
}
const get = async (who: string, id: string) => (await call(who, 'GET', `/api/v1/transfers/${id}`)).json()
const move = (who: string, id: string, action: string, payload?: object) => call(who, 'POST', `/api/v1/transfers/${id}/${action}`, payload)
/** return and reject carry a reason; the other moves take at most a note. */
const withReason = (action: string, reason: string) => (action === 'return' || action === 'reject' ? { reason } : undefined)
const eventCount = async (id: string) =>
  rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM transfer_events WHERE transfer_id = ${id}`))[0].n
const memberOf = async (openid: string) =>
  rowsOf<{ branch_id: string; status: string; id: string }>(
    await t.database.db.execute(sql`SELECT m.id, m.branch_id, m.status FROM members m JOIN users u ON u.id = m.user_id WHERE u.openid = ${openid} ORDER BY m.created_at`),
  )

describe('filing', () => {
  test('bad requests are refused with the field and write nothing', async () => {
    await login('filer-bad')
    const before = [await t.count('transfers'), await t.count('transfer_events')]
    const cases: [string, object, number, string, string?][] = [
      ['filer-bad', { ...transferIn(), contactPhone: '1234' }, 400, 'VALIDATION_FAILED', 'contactPhone'],
      ['filer-bad', { ...transferIn(), reason: ' ' }, 400, 'VALIDATION_FAILED', 'reason'],
      ['filer-bad', transferIn({ letterValidUntil: '2026-11-19' }), 400, 'VALIDATION_FAILED', 'letterValidUntil'],
      ['filer-bad', transferIn({ letterIssuedAt: '2026-12-01' }), 400, 'VALIDATION_FAILED', 'letterIssuedAt'],
      ['filer-bad', transferIn({ toOrg: { id: committee } }), 400, 'VALIDATION_FAILED', 'toOrg'],
      ['filer-bad', transferIn({ toOrg: { name: '外单位' } }), 400, 'VALIDATION_FAILED', 'toOrg'],
      ['filer-bad', transferIn({ toOrg: { id: '00000000-0000-4000-8000-000000000000' } }), 400, 'VALIDATION_FAILED', 'toOrg'],
      ['filer-bad', transferIn({ realName: undefined }), 400, 'VALIDATION_FAILED', 'realName'],
      ['filer-bad', transferIn({ joinedAt: undefined }), 400, 'VALIDATION_FAILED', 'joinedAt'],
      ['filer-bad', mobileIn({ expectedReturnAt: '2026-10-01' }), 400, 'VALIDATION_FAILED', 'expectedReturnAt'],
      ['filer-bad', { ...transferIn(), kind: 'teleport' }, 400, 'VALIDATION_FAILED'],
      // 转出 and 流出 are for members of a branch in the system, from their own branch.
      ['filer-bad', { kind: 'transfer_out', fromOrg: { id: xinghuo }, toOrg: { name: '深圳某公司党支部' }, reason: '换工作', contactPhone: '13800003333' }, 409, 'NOT_A_MEMBER'],
      ['demo-member', { kind: 'transfer_out', fromOrg: { id: chuangye }, toOrg: { name: '深圳某公司党支部' }, reason: '换工作', contactPhone: '13800003333' }, 400, 'VALIDATION_FAILED', 'fromOrg'],
      ['demo-member', transferIn(), 409, 'ALREADY_MEMBER'],
      [
        'demo-member',
        { kind: 'mobile_out', fromOrg: { id: xinghuo }, toOrg: { name: '苏州某工地' }, reason: '外派', contactPhone: '13800003333', leftAt: '2026-12-01', expectedReturnAt: '2027-07-01', fixedPlace: true },
        400,
        'VALIDATION_FAILED',
        'kind',
      ],
    ]
    for (const [who, body, status, code, field] of cases) {
      const err = expectError(await call(who, 'POST', '/api/v1/transfers', body), status, code)
      if (field) expect(err.fields?.map((f) => f.path)).toContain(field)
    }
    expect([await t.count('transfers'), await t.count('transfer_events')]).toEqual(before)
  })

  test('the 6-month rule says to transfer instead', async () => {
    const err = expectError(
      await call('demo-member', 'POST', '/api/v1/transfers', {
        kind: 'mobile_out',
        fromOrg: { id: xinghuo },
        toOrg: { name: '苏州某工地' },
        reason: '外派',
        contactPhone: '13800003333',
        leftAt: '2026-12-01',
        expectedReturnAt: '2027-06-01',
        fixedPlace: true,
      }),
      400,
      'VALIDATION_FAILED',
    )
    expect(err.message).toContain('转出')
  })

  test('one request in progress per person, however fast the second tap', async () => {
    await login('double-tap')
    const results = await Promise.all([1, 2, 3].map(() => call('double-tap', 'POST', '/api/v1/transfers', transferIn({ realName: '周快' }))))
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409])
    const err = expectError(results.find((r) => r.statusCode === 409)!, 409, 'TRANSFER_PENDING')
    expect(err.message).toContain('撤回')
    const mine = (await call('double-tap', 'GET', '/api/v1/transfers?scope=mine')).json()
    expect(mine.items).toHaveLength(1)
  })

  test('the letter is valid 90 days from issue unless given', async () => {
    const id = await file('default-validity', transferIn({ realName: '吴期' }))
    const r = await get('default-validity', id)
    expect(r).toMatchObject({ letterIssuedAt: '2026-11-20', letterValidUntil: '2027-02-18', validityDaysLeft: 87, status: 'submitted', statusLabel: '待审核' })
    expect(r.events).toEqual([expect.objectContaining({ from: null, to: 'submitted', actorName: '吴期' })])
    expect(r.nextStep).toContain('等待')
  })
})

describe('转入 end to end', () => {
  test('a newcomer files, the secretary sees it, accepts and completes; the newcomer becomes a member with a card', async () => {
    const id = await file('newcomer-in', transferIn())
    const queue = (await call('demo-secretary', 'GET', '/api/v1/transfers?scope=review&status=submitted')).json()
    const item = queue.items.find((i: { id: string }) => i.id === id)
    expect(item).toMatchObject({ kindLabel: '转入', applicantName: '孙立', viewerRole: 'reviewer', actions: ['accept', 'return', 'reject'], contactPhone: '13800001111' })

    const accepted = await move('demo-secretary', id, 'accept', { note: '请本周内把纸质介绍信交到党群办' })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toEqual({ id, status: 'accepted' })
    expect((await get('newcomer-in', id)).nextStep).toContain('回执')
    expect(await memberOf('newcomer-in')).toEqual([])

    expect((await move('demo-secretary', id, 'complete')).json().status).toBe('completed')
    const rows = await memberOf('newcomer-in')
    expect(rows).toEqual([expect.objectContaining({ branch_id: xinghuo, status: 'active' })])
    const me = (await call('newcomer-in', 'GET', '/api/v1/me')).json()
    expect(JSON.stringify(me)).toContain('星火')
    const card = await call('newcomer-in', 'GET', '/api/v1/identity/card')
    expect(card.statusCode).toBe(200)
    expect(card.json()).toMatchObject({ realName: '孙立', branchName: expect.stringContaining('星火'), memberType: 'full', joinedAt: '2018-06-30' })

    const detail = await get('newcomer-in', id)
    expect(detail.events.map((e: { from: string | null; to: string }) => [e.from, e.to])).toEqual([
      [null, 'submitted'],
      ['submitted', 'accepted'],
      ['accepted', 'completed'],
    ])
    expect(detail.events[1]).toMatchObject({ actorName: '王建国', note: '请本周内把纸质介绍信交到党群办' })
  })

  test('double completion and acting on a completed request change nothing', async () => {
    const id = await file('newcomer-twice', transferIn({ realName: '何双' }))
    expect((await move('demo-secretary', id, 'accept')).statusCode).toBe(200)
    expect((await move('demo-secretary', id, 'complete')).statusCode).toBe(200)
    const before = [await eventCount(id), await memberOf('newcomer-twice')]
    expect(before).toEqual([3, [expect.objectContaining({ status: 'active' })]])
    for (const action of ['complete', 'accept']) expectError(await move('demo-secretary', id, action), 409, 'INVALID_TRANSITION')
    expectError(await move('demo-secretary', id, 'reject', { reason: '重复' }), 409, 'INVALID_TRANSITION')
    expect([await eventCount(id), await memberOf('newcomer-twice')]).toEqual(before)
  })

  test('two secretaries completing at once complete once', async () => {
    const id2 = await file('newcomer-race', transferIn({ realName: '郑同' }))
    await move('demo-secretary', id2, 'accept')
    const res = await Promise.all([move('demo-secretary', id2, 'complete'), move('demo-secretary', id2, 'complete')])
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409])
    expect(await memberOf('newcomer-race')).toHaveLength(1)
  })
})

describe('转出 end to end', () => {
  test('a member transfers out: membership ends and the card stops verifying', async () => {
    const card = (await call('demo-member-2', 'GET', '/api/v1/identity/card')).json()
    expect((await call(null, 'GET', `/api/v1/identity/verify/${card.verifyCode}`)).statusCode).toBe(200)
    const id = await file('demo-member-2', {
      kind: 'transfer_out',
      fromOrg: { id: xinghuo },
      toOrg: { name: '上海市浦东新区某街道党工委' },
      reason: '随家人迁居上海',
      contactPhone: '13800004444',
      letterNo: '苏组转〔2026〕5号',
    })
    const r = await get('demo-member-2', id)
    expect(r).toMatchObject({ applicantName: '李婷', fromOrg: { id: xinghuo, inSystem: true }, toOrg: { id: null, inSystem: false } })
    // Only the sending branch decides; the member cannot accept her own request.
    expectError(await move('demo-member-2', id, 'accept'), 403, 'FORBIDDEN')
    await move('demo-secretary', id, 'accept')
    expect((await memberOf('demo-member-2'))[0].status).toBe('active') // the sending branch stays responsible until the 回执
    await move('demo-secretary', id, 'complete')
    expect(await memberOf('demo-member-2')).toEqual([expect.objectContaining({ status: 'left' })])
    expectError(await call(null, 'GET', `/api/v1/identity/verify/${card.verifyCode}`), 404, 'CARD_INVALID')
    expectError(await call('demo-member-2', 'GET', '/api/v1/identity/card'), 404, 'NOT_A_MEMBER')
  })

  test('转出 to a branch of the system moves the membership there', async () => {
    await login('mover')
    const inId = await file('mover', transferIn({ realName: '冯搬', contactPhone: '13800005555' }))
    await move('demo-secretary', inId, 'accept')
    await move('demo-secretary', inId, 'complete')
    const id = await file('mover', { kind: 'transfer_out', fromOrg: { id: xinghuo }, toOrg: { id: chuangye }, reason: '调到云帆网络工作', contactPhone: '13800005555' })
    // The receiving branch's secretary sees it but the sending one decides.
    const theirs = await get('chuangye-secretary', id)
    expect(theirs).toMatchObject({ viewerRole: 'observer', actions: [] })
    expectError(await move('chuangye-secretary', id, 'accept'), 403, 'FORBIDDEN')
    await move('demo-secretary', id, 'accept')
    await move('demo-secretary', id, 'complete')
    const rows = await memberOf('mover')
    expect(rows.map((r) => [r.branch_id, r.status])).toEqual([
      [xinghuo, 'left'],
      [chuangye, 'active'],
    ])
  })
})

describe('流入登记 and the 活动证', () => {
  let id: string
  test('accepting issues the 活动证; the person attends but does not vote', async () => {
    await login('mobile-worker')
    expectError(await call('mobile-worker', 'GET', '/api/v1/transfers/mobile-card'), 404, 'NOT_FOUND')
    id = await file('mobile-worker', mobileIn())
    await move('demo-secretary', id, 'accept')
    const card = (await call('mobile-worker', 'GET', '/api/v1/transfers/mobile-card')).json()
    expect(card).toMatchObject({
      holderName: '钱多',
      homeOrgName: '安徽省阜阳市某村党支部',
      branchId: xinghuo,
      validUntil: '2027-03-31',
      valid: true,
      votingRights: false,
    })
    expect(card.number).toMatch(/^[0-9A-F]{8}$/)
    // Not a member of the branch: no member card.
    expectError(await call('mobile-worker', 'GET', '/api/v1/identity/card'), 404, 'NOT_A_MEMBER')

    // A meeting of 星火: the mobile member sees it, signs in, and is counted apart from the voters.
    const startsAt = new Date(clock.now().getTime() + 10 * 60_000)
    const m = await call('demo-secretary', 'POST', '/api/v1/meetings', {
      branchId: xinghuo,
      type: 'branch_assembly',
      title: '支部党员大会',
      location: '一楼大会议室',
      startsAt: startsAt.toISOString(),
      endsAt: new Date(startsAt.getTime() + 3600_000).toISOString(),
      open: false,
    })
    expect(m.statusCode).toBe(201)
    const meetingId = m.json().id
    const list = (await call('mobile-worker', 'GET', '/api/v1/meetings?scope=mine')).json()
    expect(list.items.find((x: { id: string }) => x.id === meetingId)).toMatchObject({ myStatus: 'not_checked_in' })
    const before = (await call('demo-secretary', 'GET', `/api/v1/meetings/${meetingId}/attendance`)).json()
    const code = (await call('demo-secretary', 'GET', `/api/v1/meetings/${meetingId}/checkin-code`)).json().code
    const signed = await call('mobile-worker', 'POST', '/api/v1/checkins', { code })
    expect(signed.statusCode).toBe(201)
    expect(signed.json().kind).toBe('mobile')
    const after = (await call('demo-secretary', 'GET', `/api/v1/meetings/${meetingId}/attendance`)).json()
    expect(after.mobile).toBe(1)
    expect(after.expected).toBe(before.expected)
    expect(after.checkedIn).toBe(1)
    expect(after.voting).toEqual({ ...before.voting, present: 0, reached: false })
    expect(after.records).toEqual([expect.objectContaining({ name: '钱多', kind: 'mobile', voting: false })])
    // A full member signing in counts toward the quorum.
    await call('demo-member', 'POST', '/api/v1/checkins', { code })
    const third = (await call('demo-secretary', 'GET', `/api/v1/meetings/${meetingId}/attendance`)).json()
    expect(third.voting.present).toBe(1)

    const xlsx = await call('demo-secretary', 'GET', `/api/v1/meetings/${meetingId}/attendance.xlsx`)
    expect(xlsx.statusCode).toBe(200)
    const ExcelJS = (await import('exceljs')).default
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer)
    const text = JSON.stringify(wb.getWorksheet('签到表')!.getSheetValues())
    expect(text).toContain('流动党员（无表决权）')
    expect(text).toContain('流动党员、预备党员不计入表决人数')
  })

  test('after the validity passes the 活动证 reads invalid and the request expired, without any job having run', async () => {
    await login('mobile-short')
    const shortId = await file('mobile-short', mobileIn({ realName: '短期', expectedReturnAt: '2026-11-30', contactPhone: '13800006666' }))
    await move('demo-secretary', shortId, 'accept')
    expect((await get('mobile-short', shortId)).status).toBe('accepted')
    clock.advance(7 * DAY) // 2026-11-30 10:00 China: still the last valid day
    expect((await get('mobile-short', shortId)).status).toBe('accepted')
    clock.advance(14 * 3600_000) // 2026-12-01 00:00 China
    const r = await get('mobile-short', shortId)
    expect(r.status).toBe('expired')
    expect(r.events.at(-1)).toMatchObject({ from: 'accepted', to: 'expired', actorName: '系统' })
    expect((await call('mobile-short', 'GET', '/api/v1/transfers/mobile-card')).json().valid).toBe(false)
    expectError(await move('demo-secretary', shortId, 'complete'), 409, 'INVALID_TRANSITION')
    const expired = (await call('demo-secretary', 'GET', '/api/v1/transfers?scope=review&status=expired')).json()
    expect(expired.items.map((i: { id: string }) => i.id)).toContain(shortId)
    const follow = (await call('demo-secretary', 'GET', '/api/v1/transfers/follow-up')).json()
    expect(follow.expired.map((i: { transferId: string }) => i.transferId)).toContain(shortId)
    clock.advance(-(7 * DAY + 14 * 3600_000))
  })
})

describe('return, resubmit, reject, cancel', () => {
  test('return and reject need a reason; the applicant edits and resubmits', async () => {
    const id = await file('returned-one', transferIn({ realName: '陈改', contactPhone: '13800007777' }))
    const before = await eventCount(id)
    expectError(await move('demo-secretary', id, 'return'), 400, 'VALIDATION_FAILED')
    expectError(await move('demo-secretary', id, 'return', { reason: ' ' }), 400, 'VALIDATION_FAILED')
    expectError(await move('demo-secretary', id, 'reject', {}), 400, 'VALIDATION_FAILED')
    expect(await eventCount(id)).toBe(before)
    expect((await get('returned-one', id)).status).toBe('submitted')

    await move('demo-secretary', id, 'return', { reason: '请补充介绍信编号' })
    const r = await get('returned-one', id)
    expect(r).toMatchObject({ status: 'returned', returnReason: '请补充介绍信编号', actions: ['resubmit', 'cancel'] })
    expect(r.nextStep).toContain('修改')
    // Nobody else may resubmit it, and the kind cannot change.
    expectError(await call('demo-member', 'PUT', `/api/v1/transfers/${id}`, transferIn()), 404, 'NOT_FOUND')
    expectError(await call('returned-one', 'PUT', `/api/v1/transfers/${id}`, mobileIn()), 400, 'VALIDATION_FAILED')
    const put = await call('returned-one', 'PUT', `/api/v1/transfers/${id}`, transferIn({ realName: '陈改', contactPhone: '13800007777', letterNo: '豫组转〔2026〕200号' }))
    expect(put.json()).toEqual({ id, status: 'submitted' })
    expect((await get('returned-one', id)).letterNo).toBe('豫组转〔2026〕200号')

    await move('demo-secretary', id, 'reject', { reason: '介绍信抬头不是本支部，请重新开具' })
    const rejected = await get('returned-one', id)
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: '介绍信抬头不是本支部，请重新开具', actions: [] })
    expect(rejected.events.map((e: { to: string }) => e.to)).toEqual(['submitted', 'returned', 'submitted', 'rejected'])
    // Completing a rejected request.
    expectError(await move('demo-secretary', id, 'complete'), 409, 'INVALID_TRANSITION')
  })

  test('only the applicant cancels, only while submitted or returned', async () => {
    const id = await file('canceller', transferIn({ realName: '韩撤', contactPhone: '13800008888' }))
    expectError(await move('demo-member', id, 'cancel'), 404, 'NOT_FOUND') // someone else's: not even its existence
    expectError(await call('demo-member', 'GET', `/api/v1/transfers/${id}`), 404, 'NOT_FOUND')
    expectError(await move('demo-secretary', id, 'cancel'), 403, 'FORBIDDEN')
    expect((await move('canceller', id, 'cancel')).json()).toEqual({ id, status: 'cancelled' })
    expectError(await move('canceller', id, 'cancel'), 409, 'INVALID_TRANSITION')
    // Cancelling frees the person to file again.
    await file('canceller', transferIn({ realName: '韩撤', contactPhone: '13800008888' }))
  })
})

describe('scope', () => {
  test('a secretary of a branch the request does not touch sees nothing and can do nothing', async () => {
    const id = await file('scope-probe', transferIn({ realName: '卫范', contactPhone: '13800009999' }))
    expectError(await call('chuangye-secretary', 'GET', `/api/v1/transfers/${id}`), 404, 'NOT_FOUND')
    for (const action of ['accept', 'complete']) expectError(await move('chuangye-secretary', id, action), 404, 'NOT_FOUND')
    expectError(await move('chuangye-secretary', id, 'reject', { reason: '不是我们的' }), 404, 'NOT_FOUND')
    const queue = (await call('chuangye-secretary', 'GET', '/api/v1/transfers?scope=review')).json()
    expect(queue.items.map((i: { id: string }) => i.id)).not.toContain(id)
    expect((await get('scope-probe', id)).status).toBe('submitted')
    // A member is not a reviewer of anything.
    expect((await call('demo-member', 'GET', '/api/v1/transfers?scope=review')).json().items).toEqual([])
    expectError(await move('demo-member', id, 'accept'), 404, 'NOT_FOUND')
    // The committee's admin follows it read-only (issue 「Run a real park」), but the branch decides:
    // told so (403), and nothing moves.
    expectError(await move('demo-admin', id, 'accept'), 403, 'FORBIDDEN')
    expect((await get('scope-probe', id)).status).toBe('submitted')
  })
})

describe('every forbidden move is refused, for a request in each status', () => {
  // One request per status, each driven there through the API.
  const inStatus = new Map<TransferStatus, { id: string; applicant: string }>()
  beforeAll(async () => {
    const drive: Record<TransferStatus, string[]> = {
      submitted: [],
      returned: ['return'],
      accepted: ['accept'],
      completed: ['accept', 'complete'],
      rejected: ['reject'],
      cancelled: ['cancel'],
      expired: ['accept'],
    }
    for (const status of TRANSFER_STATUSES) {
      const applicant = `table-${status}`
      const id = await file(applicant, mobileIn({ realName: '表驱', ...(status === 'expired' ? { expectedReturnAt: '2026-11-23' } : {}) }))
      for (const a of drive[status]) {
        const who = a === 'cancel' ? applicant : 'demo-secretary'
        expect((await move(who, id, a, withReason(a, '驱动到该状态'))).statusCode).toBe(200)
      }
      inStatus.set(status, { id, applicant })
    }
    clock.advance(DAY) // the 'expired' one passes its validity; the others have months left
  })
  afterAll(() => clock.advance(-DAY))

  const httpActions = TRANSFER_ACTIONS.filter((a): a is Exclude<TransferAction, 'resubmit' | 'expire'> => a !== 'resubmit' && a !== 'expire')
  const forbidden = TRANSFER_STATUSES.flatMap((s) => httpActions.map((a) => [a, s] as const)).filter(
    ([a, s]) => !TRANSITIONS.some((t) => t.action === a && t.from === s),
  )

  test('the generated list is not empty', () => expect(forbidden.length).toBeGreaterThan(20))

  test.each(forbidden)('%s on a %s request → 409 INVALID_TRANSITION, nothing written', async (action, status) => {
    const { id, applicant } = inStatus.get(status)!
    expect((await get(applicant, id)).status).toBe(status)
    const before = [await eventCount(id), await t.count('audit_log')]
    const who = action === 'cancel' ? applicant : 'demo-secretary'
    expectError(await move(who, id, action, withReason(action, '试一下')), 409, 'INVALID_TRANSITION')
    expect([await eventCount(id), await t.count('audit_log')]).toEqual(before)
    expect((await get(applicant, id)).status).toBe(status)
  })

  test('resubmitting anything but a returned request is refused', async () => {
    for (const status of TRANSFER_STATUSES.filter((s) => s !== 'returned')) {
      const { id, applicant } = inStatus.get(status)!
      expectError(await call(applicant, 'PUT', `/api/v1/transfers/${id}`, mobileIn({ realName: '表驱' })), 409, 'INVALID_TRANSITION')
    }
  })
})

describe('follow-up: 失联 and the counts on 首页', () => {
  test('a 流出 member silent for 6 months is flagged 失联 with the date since', async () => {
    await login('roamer')
    const inId = await file('roamer', transferIn({ realName: '蒋远', contactPhone: '13900001111' }))
    await move('demo-secretary', inId, 'accept')
    await move('demo-secretary', inId, 'complete')
    const outId = await file('roamer', {
      kind: 'mobile_out',
      fromOrg: { id: xinghuo },
      toOrg: { name: '新疆某油田项目部' },
      reason: '随项目外派，没有固定地点',
      contactPhone: '13900001111',
      leftAt: '2026-12-01',
      fixedPlace: false,
    })
    await move('demo-secretary', outId, 'accept')
    const lostIds = async () => (await call('demo-secretary', 'GET', '/api/v1/transfers/follow-up')).json().lost.map((l: { transferId: string }) => l.transferId)
    expect(await lostIds()).not.toContain(outId)
    // 6 months less a day: not yet.
    await t.database.db.execute(sql`UPDATE users SET last_seen_at = ${new Date(clock.now().getTime() - 182 * DAY + DAY).toISOString()} WHERE openid = 'roamer'`)
    expect(await lostIds()).not.toContain(outId)
    await t.database.db.execute(sql`UPDATE users SET last_seen_at = '2026-05-20T02:00:00Z' WHERE openid = 'roamer'`)
    const follow = (await call('demo-secretary', 'GET', '/api/v1/transfers/follow-up')).json()
    expect(follow.lost.find((l: { transferId: string }) => l.transferId === outId)).toMatchObject({
      applicantName: '蒋远',
      destination: '新疆某油田项目部',
      lastSeenAt: '2026-05-20T02:00:00.000Z',
      monthsLost: 6,
    })
    // A request waiting for review counts on 首页 (filed here, so the test runs alone too).
    const pendingBefore = (await call('demo-secretary', 'GET', '/api/v1/transfers/summary')).json().pendingReview
    await file('waiting-one', transferIn({ realName: '等等', contactPhone: '13900004444' }))
    const s = (await call('demo-secretary', 'GET', '/api/v1/transfers/summary')).json()
    expect(s.lost).toBe(follow.lost.length)
    expect(s.followUp).toBe(follow.expired.length)
    expect(s.pendingReview).toBe(pendingBefore + 1)
    // The other branch's secretary does not see 星火's people.
    expect((await call('chuangye-secretary', 'GET', '/api/v1/transfers/follow-up')).json().lost).toEqual([])
    expect((await call('demo-member', 'GET', '/api/v1/transfers/summary')).json()).toEqual({ pendingReview: 0, overdue: 0, followUp: 0, lost: 0 })
  })

  test('overdue requests come first in the queue', async () => {
    const old = await file('slowpoke', transferIn({ realName: '慢慢', contactPhone: '13900002222' }))
    clock.advance(8 * DAY)
    const fresh = await file('quick', transferIn({ realName: '快快', contactPhone: '13900003333' }))
    const items = (await call('demo-secretary', 'GET', '/api/v1/transfers?scope=review&status=submitted&limit=100')).json().items
    const ids = items.map((i: { id: string }) => i.id)
    expect(items[0].overdue).toBe(true)
    expect(ids.indexOf(old)).toBeLessThan(ids.indexOf(fresh))
    expect(items.find((i: { id: string }) => i.id === old)).toMatchObject({ overdue: true, daysWaiting: 8 })
    expect(items.find((i: { id: string }) => i.id === fresh)).toMatchObject({ overdue: false, daysWaiting: 0 })
    expect((await call('demo-secretary', 'GET', '/api/v1/transfers/summary')).json().overdue).toBeGreaterThan(0)
    clock.advance(-8 * DAY)
  })
})
