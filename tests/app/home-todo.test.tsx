import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import HomePage from '@/pages/home'
import { useAuthStore } from '@/stores/auth'
import { useMeStore } from '@/stores/me'
import { navigations, resetTaro, tabBadge } from './support/taro'
import { session, startApi, type TestApi } from './support/api'

const BRANCH_ID = '00000000-0000-4000-8000-0000000000b1'
const secretary = {
  user: { id: '00000000-0000-4000-8000-000000000001', nickname: '王建国' },
  roles: [{ orgId: BRANCH_ID, orgName: '星火科技有限公司党支部', role: 'secretary' }],
  member: { id: '00000000-0000-4000-8000-0000000000c1', realName: '王建国', branchId: BRANCH_ID, branchName: '星火科技有限公司党支部', memberType: 'full', joinedAt: '2006-06-28' },
}
const createUrl = `/packages/meetings/pages/create/index?type=branch_assembly&branchId=${BRANCH_ID}`

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useMeStore.getState().reset()
  useAuthStore.setState(session('王建国'))
  api = await startApi()
  api.on('GET /api/v1/me', { body: secretary })
  api.on('GET /api/v1/me/study', { status: 404, body: { error: { code: 'NOT_FOUND', message: '没有' } } })
})
afterEach(() => api.close())

test('the secretary’s 待办 comes first: the overdue item publishes with its type, the open meeting shows its code, the tab shows the count', async () => {
  let reads = 0
  api.on('POST /api/v1/todo/reminders/00000000-0000-4000-8000-0000000000e1/read', () => {
    reads++
    return { body: { read: true } }
  })
  api.on('GET /api/v1/todo', {
    body: {
      items: [
        { key: 'meeting:m1', kind: 'meeting', tone: 'now', title: '下一次：十二月主题党日', desc: '主题党日 · 12月5日 14:00 · 正在签到', url: '/packages/meetings/pages/code/index?id=m1', action: '出示签到码' },
        { key: 'compliance:a', kind: 'compliance', tone: 'overdue', title: '支部党员大会 · 2026年第3季度逾期未完成', desc: '截止 9月30日 已过（每季度 1 次）。请尽快召开', url: createUrl, action: '发布' },
        { key: 'reminder:00000000-0000-4000-8000-0000000000e1', kind: 'reminder', tone: 'info', title: '请假已收到：十二月主题党日', desc: '12月5日 14:00 · 出差', url: '/packages/meetings/pages/detail/index?id=m1', action: '查看' },
      ],
      badge: 2,
      subscribe: [],
    },
  })
  render(<HomePage />)
  expect(await screen.findByText('支部党员大会 · 2026年第3季度逾期未完成')).toBeTruthy()
  expect(tabBadge.text).toBe('2')
  fireEvent.click(screen.getByText('发布'))
  expect(navigations.at(-1)).toEqual({ kind: 'navigateTo', url: createUrl })
  fireEvent.click(screen.getByText('出示签到码'))
  expect(navigations.at(-1)).toEqual({ kind: 'navigateTo', url: '/packages/meetings/pages/code/index?id=m1' })
  // A reminder read in the app leaves the list (the server is told).
  fireEvent.click(screen.getByText('请假已收到：十二月主题党日'))
  await waitFor(() => expect(reads).toBe(1))
  // Not on H5: subscribing is WeChat's.
  expect(screen.queryByText(/订阅微信提醒/)).toBeNull()
})

test('nothing to do reads so, and the badge goes; a failed 待办 says what failed and the rest of 首页 stays', async () => {
  api.on('GET /api/v1/todo', { body: { items: [], badge: 0, subscribe: [] } })
  const first = render(<HomePage />)
  expect(await screen.findByText('暂无待办')).toBeTruthy()
  expect(tabBadge.text).toBe('')
  first.unmount()
  useMeStore.getState().reset()
  api.on('GET /api/v1/todo', { status: 503, body: { error: { code: 'DB_UNAVAILABLE', message: '数据库暂时不可用，请稍后再试' } } })
  render(<HomePage />)
  expect(await screen.findByText('待办加载失败：数据库暂时不可用，请稍后再试')).toBeTruthy()
  expect(screen.getByText('组织关系接转审核')).toBeTruthy()
})
