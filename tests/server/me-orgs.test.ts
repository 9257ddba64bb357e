import { DEMO_ORG_NAMES } from '../../src/domain/demo'
import { auth, expectError, startTestApp, type TestApp } from './helpers'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp({ env: { SEED: 'demo' } })
})
afterAll(() => t.close())

const me = async (openid: string) =>
  (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(await t.login(openid)) })).json()

describe('GET /api/v1/me on the demo data', () => {
  test('demo-member: full member of 星火', async () => {
    const body = await me('demo-member')
    expect(body.user.nickname).toBe('张明')
    expect(body.roles).toEqual([])
    expect(body.member).toMatchObject({ realName: '张明', branchName: '星火科技有限公司党支部', memberType: 'full', joinedAt: '2015-07-01' })
  })

  test('demo-member-2: probationary, joined within the last year', async () => {
    const body = await me('demo-member-2')
    expect(body.member.memberType).toBe('probationary')
    const days = (Date.now() - new Date(body.member.joinedAt).getTime()) / 86400000
    expect(days).toBeGreaterThan(100)
    expect(days).toBeLessThan(200)
  })

  test('demo-secretary: secretary of 星火', async () => {
    const body = await me('demo-secretary')
    expect(body.roles).toEqual([{ orgId: body.member.branchId, orgName: '星火科技有限公司党支部', role: 'secretary' }])
  })

  test('demo-admin: admin of the committee, no membership', async () => {
    const body = await me('demo-admin')
    expect(body.roles.map((r: { orgName: string; role: string }) => [r.orgName, r.role])).toEqual([['示范园区综合党委', 'admin']])
    expect(body.member).toBeNull()
  })

  test('demo-guest: nothing', async () => {
    const body = await me('demo-guest')
    expect(body).toMatchObject({ roles: [], member: null, user: { nickname: '赵强' } })
  })
})

describe('GET /api/v1/orgs', () => {
  let token: string
  beforeAll(async () => {
    token = await t.login('demo-guest')
  })
  const search = (qs: string) => t.app.inject({ method: 'GET', url: `/api/v1/orgs${qs}`, headers: auth(token) })

  test('finds by part of the name, with the parent', async () => {
    const res = await search(`?q=${encodeURIComponent('星火')}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({
      items: [expect.objectContaining({ name: '星火科技有限公司党支部', type: 'branch', branchKind: 'independent', parentName: '示范园区综合党委' })],
      nextCursor: null,
    })
  })

  test('pages through everything with the cursor, no repeats', async () => {
    const names: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await search(`?limit=1${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.statusCode).toBe(200)
      const body = res.json()
      names.push(...body.items.map((o: { name: string }) => o.name))
      cursor = body.nextCursor
      pages++
    } while (cursor && pages < 10)
    expect(names.sort()).toEqual(Object.values(DEMO_ORG_NAMES).sort())
    expect(pages).toBe(Object.values(DEMO_ORG_NAMES).length)
  })

  test('% and _ are literal characters', async () => {
    expect((await search('?q=%25')).json().items).toEqual([])
    expect((await search('?q=_')).json().items).toEqual([])
  })

  test('no match → empty list', async () => {
    expect((await search(`?q=${encodeURIComponent('不存在的支部')}`)).json()).toEqual({ items: [], nextCursor: null })
  })

  test.each([
    ['limit 0', '?limit=0'],
    ['limit 101', '?limit=101'],
    ['limit not a number', '?limit=abc'],
    ['unknown parameter', '?foo=1'],
    ['query over 50 characters', `?q=${'党'.repeat(51)}`],
  ])('%s → 400', async (_name, qs) => {
    expectError(await search(qs), 400, 'VALIDATION_FAILED')
  })

  test('a forged cursor → 400 telling to reload', async () => {
    const err = expectError(await search('?cursor=not-a-cursor'), 400, 'VALIDATION_FAILED')
    expect(err.message).toContain('重新加载')
  })

  test('needs a session', async () => {
    expectError(await t.app.inject({ method: 'GET', url: '/api/v1/orgs?q=x' }), 401, 'UNAUTHENTICATED')
  })
})
