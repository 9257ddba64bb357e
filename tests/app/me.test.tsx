import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import MePage from '@/pages/me'
import HomePage from '@/pages/home'
import { useAuthStore } from '@/stores/auth'
import { useMeStore } from '@/stores/me'
import { navigations, resetTaro } from './support/taro'
import { session, startApi, type TestApi } from './support/api'

const BRANCH_ID = '00000000-0000-4000-8000-0000000000b1'

function me(overrides: Record<string, unknown> = {}) {
  return {
    user: { id: '00000000-0000-4000-8000-000000000001', nickname: '小王' },
    roles: [],
    member: {
      id: '00000000-0000-4000-8000-0000000000c1',
      realName: '王建国',
      branchId: BRANCH_ID,
      branchName: '星火科技有限公司党支部',
      memberType: 'full',
      joinedAt: '2015-07-01',
    },
    ...overrides,
  }
}

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useMeStore.getState().reset()
  useAuthStore.setState(session('小王'))
  api = await startApi()
})
afterEach(() => api.close())

test('shows name, branch, member type, join date and roles', async () => {
  api.on('GET /api/v1/me', { body: me({ roles: [{ orgId: BRANCH_ID, orgName: '星火科技有限公司党支部', role: 'secretary' }] }) })
  render(<MePage />)

  expect(await screen.findByText('王建国')).toBeTruthy()
  expect(screen.getAllByText('星火科技有限公司党支部').length).toBeGreaterThan(0)
  expect(screen.getByText('正式党员')).toBeTruthy()
  expect(screen.getByText('2015年7月1日')).toBeTruthy()
  expect(screen.getByText('支部书记')).toBeTruthy()
  expect(screen.getByText('退出登录')).toBeTruthy()
  expect(api.received[0].headers.authorization).toBe('Bearer test-token')
})

test('a probationary member sees 预备党员', async () => {
  api.on('GET /api/v1/me', { body: me({ member: { ...me().member, memberType: 'probationary' } }) })
  render(<MePage />)
  expect(await screen.findByText('预备党员')).toBeTruthy()
})

test('someone not registered as a member is told so, by nickname', async () => {
  api.on('GET /api/v1/me', { body: me({ member: null }) })
  render(<MePage />)
  expect(await screen.findByText('小王')).toBeTruthy()
  expect(screen.getByText(/你还没有登记党员身份/)).toBeTruthy()
  expect(screen.queryByText('正式党员')).toBeNull()
})

test('an error is shown with 重试, which loads again', async () => {
  api.on('GET /api/v1/me', { status: 500, body: { error: { code: 'INTERNAL', message: '服务器出错了，请稍后再试' } } })
  render(<MePage />)
  expect(await screen.findByText('服务器出错了，请稍后再试')).toBeTruthy()

  api.on('GET /api/v1/me', { body: me() })
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('正式党员')).toBeTruthy()
})

test('退出登录 ends the session and goes to login', async () => {
  api.on('GET /api/v1/me', { body: me() })
  render(<MePage />)
  const token = useAuthStore.getState().token
  fireEvent.click(await screen.findByText('退出登录'))
  expect(useAuthStore.getState().token).toBeNull()
  expect(navigations).toEqual([{ kind: 'redirectTo', url: '/packages/auth/pages/login/index' }])
  // The server is told to end that token, with that token.
  await waitFor(() => expect(api.received.find((r) => r.url === '/api/v1/auth/logout')?.headers.authorization).toBe(`Bearer ${token}`))
})

test('在所有设备上退出 waits for the server, then ends the session; a failure keeps it and says why', async () => {
  api.on('GET /api/v1/me', { body: me() })
  api.on('POST /api/v1/auth/logout-all', { status: 503, body: { error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } } })
  render(<MePage />)
  fireEvent.click(await screen.findByText('在所有设备上退出'))
  expect(await screen.findByText('服务器开小差了，请稍后再试')).toBeTruthy()
  expect(useAuthStore.getState().token).not.toBeNull()

  api.on('POST /api/v1/auth/logout-all', { body: { status: 'ok' } })
  fireEvent.click(screen.getByText('在所有设备上退出'))
  await waitFor(() => expect(useAuthStore.getState().token).toBeNull())
  expect(await screen.findByText('正在前往登录…')).toBeTruthy()
})

test('home greets the member by name with branch and role badges', async () => {
  api.on('GET /api/v1/me', { body: me({ roles: [{ orgId: BRANCH_ID, orgName: '星火科技有限公司党支部', role: 'secretary' }] }) })
  render(<HomePage />)
  expect(await screen.findByText(/好，王建国$/)).toBeTruthy()
  expect(screen.getByText('支部书记 · 星火科技有限公司党支部')).toBeTruthy()
  fireEvent.click(screen.getByText('组织查询'))
  expect(navigations).toEqual([{ kind: 'navigateTo', url: '/packages/orgs/pages/search/index' }])
})

test('a secretary reaches lesson management from 首页 in one tap; a member does not see it', async () => {
  api.on('GET /api/v1/me', { body: me({ roles: [{ orgId: BRANCH_ID, orgName: '星火科技有限公司党支部', role: 'secretary' }] }) })
  const secretary = render(<HomePage />)
  fireEvent.click(await screen.findByText('微党课管理'))
  expect(navigations).toEqual([{ kind: 'navigateTo', url: '/packages/lessons/pages/manage/index' }])
  secretary.unmount()
  useMeStore.getState().reset()
  api.on('GET /api/v1/me', { body: me() })
  render(<HomePage />)
  await screen.findByText(/好，王建国$/)
  expect(screen.queryByText('微党课管理')).toBeNull()
})

test('a committee’s admin: 我的 leads to the tree, 首页 shows the committee with both rates and its entries', async () => {
  const COMMITTEE = '00000000-0000-4000-8000-0000000000a1'
  api.on('GET /api/v1/me', { body: me({ member: null, roles: [{ orgId: COMMITTEE, orgName: '示范园区综合党委', role: 'admin' }] }) })
  api.on('GET /api/v1/park/summary', {
    body: {
      orgs: [
        {
          orgId: COMMITTEE,
          orgName: '示范园区综合党委',
          role: 'admin',
          branchesByKind: { independent: 1, joint: 1, affiliated: 1 },
          generalBranches: 0,
          enterprisesByCoverage: { own: 1, joint: 4, instructor: 2, none: 1 },
          members: 6,
          pendingInvitations: 2,
          orgCoverageRate: 62.5,
          workCoverageRate: 87.5,
        },
      ],
    },
  })
  api.on('GET /api/v1/me/study', { status: 404, body: { error: { code: 'NOT_FOUND', message: '没有' } } })
  const mePage = render(<MePage />)
  fireEvent.click(await screen.findByText('示范园区综合党委：组织架构与任命'))
  expect(navigations.at(-1)).toEqual({ kind: 'navigateTo', url: `/packages/park/pages/tree/index?orgId=${COMMITTEE}` })
  mePage.unmount()

  render(<HomePage />)
  expect(await screen.findByText('组织覆盖率 62.5% · 工作覆盖率 87.5% · 待接受任命 2')).toBeTruthy()
  expect(screen.getByText('独立支部 1 · 联合 1 · 挂靠 1 · 党总支 0 · 党员 6')).toBeTruthy()
  fireEvent.click(screen.getByText('两个覆盖台账'))
  expect(navigations.at(-1)).toEqual({ kind: 'navigateTo', url: `/packages/park/pages/ledger/index?orgId=${COMMITTEE}` })
})
