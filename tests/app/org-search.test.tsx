import { fireEvent, render, screen } from '@testing-library/react'
import OrgSearchPage from '@/packages/orgs/pages/search'
import { useAuthStore } from '@/stores/auth'
import { resetTaro } from './support/taro'
import { session, startApi, type Received, type TestApi } from './support/api'

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const committee = { id: id(1), name: '示范园区综合党委', type: 'committee', branchKind: null, parentId: null, parentName: null }
const xinghuo = { id: id(2), name: '星火科技有限公司党支部', type: 'branch', branchKind: 'independent', parentId: id(1), parentName: '示范园区综合党委' }
const chuangye = { id: id(3), name: '创业大厦联合党支部', type: 'branch', branchKind: 'joint', parentId: id(1), parentName: '示范园区综合党委' }

function orgs(req: Received) {
  const url = new URL(req.url, 'http://x')
  const q = url.searchParams.get('q') ?? ''
  const all = [committee, xinghuo, chuangye].filter((o) => o.name.includes(q))
  // Two per page, so "加载更多" has something to do.
  const start = Number(url.searchParams.get('cursor') ?? 0)
  const items = all.slice(start, start + 2)
  return { body: { items, nextCursor: start + 2 < all.length ? String(start + 2) : null } }
}

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useAuthStore.setState(session())
  api = await startApi()
  api.on('GET /api/v1/orgs', orgs)
})
afterEach(() => api.close())

test('lists organizations with type and parent, and loads more', async () => {
  render(<OrgSearchPage />)
  expect(await screen.findByText('示范园区综合党委')).toBeTruthy()
  expect(screen.getByText('独立党支部')).toBeTruthy()
  expect(screen.getByText('上级：示范园区综合党委')).toBeTruthy()
  expect(screen.queryByText('创业大厦联合党支部')).toBeNull()

  fireEvent.click(screen.getByText('加载更多'))
  expect(await screen.findByText('创业大厦联合党支部')).toBeTruthy()
  expect(screen.getByText('共 3 个组织')).toBeTruthy()
})

test('typing searches after a pause; nothing found says what was searched', async () => {
  render(<OrgSearchPage />)
  await screen.findByText('示范园区综合党委')
  fireEvent.change(screen.getByPlaceholderText('输入组织名称查找'), { target: { value: '星火' } })
  await screen.findByText('共 1 个组织')
  expect(screen.getByText('星火科技有限公司党支部')).toBeTruthy()
  expect(api.received.at(-1)?.url).toContain(`q=${encodeURIComponent('星火')}`)

  fireEvent.change(screen.getByPlaceholderText('输入组织名称查找'), { target: { value: '不存在' } })
  expect(await screen.findByText('没有找到名称包含“不存在”的组织')).toBeTruthy()
})

test('an error shows the message and 重试', async () => {
  api.on('GET /api/v1/orgs', { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: '搜索词不能超过 50 个字' } } })
  render(<OrgSearchPage />)
  expect(await screen.findByText('搜索词不能超过 50 个字')).toBeTruthy()
  api.on('GET /api/v1/orgs', orgs)
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('示范园区综合党委')).toBeTruthy()
})
