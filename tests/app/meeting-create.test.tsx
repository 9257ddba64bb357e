import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import CreateMeetingPage from '@/packages/meetings/pages/create'
import { useAuthStore } from '@/stores/auth'
import { useMeStore } from '@/stores/me'
import { navigations, resetTaro, routerParams, setLocation, titles, toasts } from './support/taro'
import { session, startApi, type TestApi } from './support/api'
import { fieldInput } from './support/nutui'
import { BRANCH_ID, ID as MEETING_ID, meeting as sharedMeeting } from './support/meetings'

const XINGHUO = '星火科技有限公司党支部'

function me(roles: { orgId: string; orgName: string; role: string }[]) {
  return {
    user: { id: '00000000-0000-4000-8000-000000000001', nickname: '老王' },
    roles,
    member: { id: '00000000-0000-4000-8000-0000000000c1', realName: '王建国', branchId: BRANCH_ID, branchName: XINGHUO, memberType: 'full', joinedAt: '2010-07-01' },
  }
}
const secretary = me([{ orgId: BRANCH_ID, orgName: XINGHUO, role: 'secretary' }])

/** The meeting the server answers with after 发布 or 修改. */
const meeting = (overrides: Record<string, unknown> = {}) =>
  sharedMeeting({
    type: 'branch_assembly',
    typeLabel: '支部党员大会',
    title: '十二月支部党员大会',
    agenda: null,
    startsAt: '2026-12-20T06:00:00.000Z',
    endsAt: '2026-12-20T07:30:00.000Z',
    open: false,
    canManage: true,
    canInspect: true,
    ...overrides,
  })

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useMeStore.getState().reset()
  useAuthStore.setState(session('老王'))
  api = await startApi()
})
afterEach(async () => {
  await api.close()
})

const field = (cls: string) => fieldInput(`.create__${cls}`)
const type = (cls: string, value: string) => fireEvent.change(field(cls), { target: { value } })
const writes = () => api.received.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, url: r.url, body: r.body }))

test('someone who is no branch secretary is told only secretaries post', async () => {
  api.on('GET /api/v1/me', { body: me([]) })
  render(<CreateMeetingPage />)
  expect(await screen.findByText('只有支部书记可以发布组织生活')).toBeTruthy()
  expect(screen.queryByText('发布')).toBeNull()
})

test('when 我的 cannot be read the page says why, and 重试 reads it again', async () => {
  api.on('GET /api/v1/me', { status: 503, body: { error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } } })
  render(<CreateMeetingPage />)
  expect(await screen.findByText('服务器开小差了，请稍后再试')).toBeTruthy()
  api.on('GET /api/v1/me', { body: secretary })
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('发布')).toBeTruthy()
})

test('the secretary posts an open meeting typed in Beijing time; it is sent in UTC and the detail page opens', async () => {
  api.on('GET /api/v1/me', { body: secretary })
  api.on('POST /api/v1/meetings', { status: 201, body: meeting({ open: true }) })
  render(<CreateMeetingPage />)
  await screen.findByText('发布')
  fireEvent.click(screen.getByText('支部党员大会'))
  type('title', '十二月支部党员大会')
  type('location', '三楼会议室')
  type('date', '2026-12-20')
  type('time', '14:00')
  type('hours', '1.5')
  fireEvent.click(screen.getByRole('switch'))
  fireEvent.click(screen.getByText('发布'))
  await waitFor(() => expect(navigations).toContainEqual({ kind: 'redirectTo', url: `/packages/meetings/pages/detail/index?id=${MEETING_ID}` }))
  expect(writes()).toEqual([
    {
      method: 'POST',
      url: '/api/v1/meetings',
      body: { branchId: BRANCH_ID, type: 'branch_assembly', title: '十二月支部党员大会', location: '三楼会议室', startsAt: '2026-12-20T06:00:00.000Z', endsAt: '2026-12-20T07:30:00.000Z', open: true },
    },
  ])
  expect(toasts).toContainEqual({ title: '已发布', icon: 'success' })
})

test.each([
  ['date', '2026-13-45', '请选择日期和开始时间'],
  ['title', '会', '请填写会议主题（至少 2 个字）'],
  ['hours', '13', '一次会议不能超过 12 小时'],
])('a bad %s (%s) is explained and nothing is sent', async (cls, value, message) => {
  api.on('GET /api/v1/me', { body: secretary })
  render(<CreateMeetingPage />)
  await screen.findByText('发布')
  type('title', '十二月支部党员大会')
  type('location', '三楼会议室')
  type(cls, value)
  fireEvent.click(screen.getByText('发布'))
  expect(await screen.findByText(message)).toBeTruthy()
  expect(writes()).toEqual([])
})

test('the server’s refusal is shown in its words', async () => {
  api.on('GET /api/v1/me', { body: secretary })
  api.on('POST /api/v1/meetings', { status: 403, body: { error: { code: 'FORBIDDEN', message: '你不是该支部的书记，不能发布组织生活' } } })
  render(<CreateMeetingPage />)
  await screen.findByText('发布')
  type('title', '十二月支部党员大会')
  type('location', '三楼会议室')
  fireEvent.click(screen.getByText('发布'))
  expect(await screen.findByText('你不是该支部的书记，不能发布组织生活')).toBeTruthy()
  expect(navigations).toEqual([])
})

test('修改 (?id=) starts from the meeting as it is, in Beijing time, and saves with PUT', async () => {
  routerParams.id = MEETING_ID
  api.on('GET /api/v1/me', { body: secretary })
  api.on(`GET /api/v1/meetings/${MEETING_ID}`, { body: meeting() })
  api.on(`PUT /api/v1/meetings/${MEETING_ID}`, { body: meeting({ location: '五楼大会议室' }) })
  render(<CreateMeetingPage />)
  await waitFor(() => expect(field('title').value).toBe('十二月支部党员大会'))
  expect(titles).toEqual(['修改组织生活'])
  expect(field('date').value).toBe('2026-12-20')
  expect(field('time').value).toBe('14:00')
  expect(field('hours').value).toBe('1.5')
  type('location', '五楼大会议室')
  fireEvent.click(screen.getByText('保存修改'))
  await waitFor(() => expect(navigations).toContainEqual({ kind: 'redirectTo', url: `/packages/meetings/pages/detail/index?id=${MEETING_ID}` }))
  expect(writes()).toEqual([
    {
      method: 'PUT',
      url: `/api/v1/meetings/${MEETING_ID}`,
      body: { branchId: BRANCH_ID, type: 'branch_assembly', title: '十二月支部党员大会', location: '五楼大会议室', startsAt: '2026-12-20T06:00:00.000Z', endsAt: '2026-12-20T07:30:00.000Z', open: false },
    },
  ])
  expect(toasts).toContainEqual({ title: '已修改', icon: 'success' })
})

test('every field has a label; a problem shows beside its field and goes as soon as the field is right', async () => {
  api.on('GET /api/v1/me', { body: secretary })
  const { container } = render(<CreateMeetingPage />)
  await screen.findByText('发布')
  for (const label of ['会议类型', '会议主题', '会议地点', '日期', '开始时间（北京时间）', '时长（小时）', '议程（选填）']) expect(screen.getByText(label)).toBeTruthy()
  type('title', '会')
  type('location', '三楼会议室')
  type('hours', '')
  fireEvent.click(screen.getByText('发布'))
  const hints = () => Array.from(container.querySelectorAll('.field__hint'), (n) => n.textContent)
  expect(await screen.findByText('请按提示修改后再提交')).toBeTruthy()
  expect(hints()).toEqual(['请填写会议主题（至少 2 个字）', '请填写时长'])
  type('title', '十二月支部党员大会')
  expect(hints()).toEqual(['请填写时长'])
  type('hours', '2')
  expect(hints()).toEqual([])
  expect(screen.queryByText('请按提示修改后再提交')).toBeNull()
  expect(writes()).toEqual([])
})

test('the sign-in place is shown as a place with a radius to choose, never as coordinates', async () => {
  api.on('GET /api/v1/me', { body: secretary })
  api.on('POST /api/v1/meetings', { status: 201, body: meeting() })
  setLocation({ latitude: 31.2989, longitude: 120.5853, accuracy: 30 } as never)
  const { container } = render(<CreateMeetingPage />)
  await screen.findByText('发布')
  fireEvent.click(screen.getByText('使用手机现在的位置'))
  expect(await screen.findByText('手机现在所在的位置')).toBeTruthy()
  expect(container.textContent).not.toMatch(/31\.29|120\.58/)
  fireEvent.click(screen.getByText('500 米以内'))
  type('title', '十二月支部党员大会')
  type('location', '三楼会议室')
  fireEvent.click(screen.getByText('发布'))
  await waitFor(() => expect(writes()).toHaveLength(1))
  expect((writes()[0].body as { geofence: unknown }).geofence).toEqual({ lat: 31.2989, lng: 120.5853, radiusM: 500 })
})

test('不限签到位置 takes the place off again', async () => {
  api.on('GET /api/v1/me', { body: secretary })
  api.on('POST /api/v1/meetings', { status: 201, body: meeting() })
  setLocation({ latitude: 31.2989, longitude: 120.5853, accuracy: 30 } as never)
  render(<CreateMeetingPage />)
  await screen.findByText('发布')
  fireEvent.click(screen.getByText('使用手机现在的位置'))
  fireEvent.click(await screen.findByText('不限签到位置'))
  expect(screen.getByText('使用手机现在的位置')).toBeTruthy()
  type('title', '十二月支部党员大会')
  type('location', '三楼会议室')
  fireEvent.click(screen.getByText('发布'))
  await waitFor(() => expect(writes()).toHaveLength(1))
  expect(writes()[0].body).not.toHaveProperty('geofence')
})

test('常用地点: the branch’s earlier places are offered and searched by name; one tap sets place, radius and name', async () => {
  api.on('GET /api/v1/me', { body: secretary })
  api.on('POST /api/v1/meetings', { status: 201, body: meeting() })
  const hall = { name: '二号厂房培训室', lat: 31.2989, lng: 120.5853, radiusM: 500, lastUsedAt: '2026-11-20T06:00:00.000Z' }
  const canteen = { name: '职工食堂', lat: 31.3, lng: 120.59, radiusM: 200, lastUsedAt: '2026-11-10T06:00:00.000Z' }
  api.on('GET /api/v1/meetings/places', (req) => {
    const q = new URL(req.url, 'http://x').searchParams.get('q') ?? ''
    return { body: { items: [hall, canteen].filter((p) => p.name.includes(q)) } }
  })
  const { container } = render(<CreateMeetingPage />)
  expect(await screen.findByText('二号厂房培训室')).toBeTruthy()
  expect(screen.getByText('500 米以内 · 上次 2026年11月20日')).toBeTruthy()
  expect(new URL(api.received.find((r) => r.url.startsWith('/api/v1/meetings/places'))!.url, 'http://x').searchParams.get('branchId')).toBe(BRANCH_ID)

  // Typed, then sent after a pause; what matches stays.
  type('place-search', '食堂')
  // (the list may blank while the search is in flight: wait for the answer itself, not for the blank)
  await waitFor(() => expect(api.received.some((r) => r.url.includes(`q=${encodeURIComponent('食堂')}`))).toBe(true), { timeout: 2000 })
  await waitFor(() => {
    expect(screen.queryByText('二号厂房培训室')).toBeNull()
    expect(screen.getByText('职工食堂')).toBeTruthy()
  }, { timeout: 2000 })
  type('place-search', '礼堂')
  expect(await screen.findByText('没有名称里有“礼堂”的会场', {}, { timeout: 2000 })).toBeTruthy()
  type('place-search', '')
  fireEvent.click(await screen.findByText('二号厂房培训室', {}, { timeout: 2000 }))

  // The place, its radius chosen, the meeting's place filled in; never coordinates.
  expect(container.querySelector('.create__place-name')?.textContent).toBe('二号厂房培训室')
  expect(container.querySelector('.create__place .choice__item--on')?.textContent).toBe('500 米以内')
  expect(field('location').value).toBe('二号厂房培训室')
  expect(container.textContent).not.toMatch(/31\.29|120\.58/)
  type('title', '十二月支部党员大会')
  fireEvent.click(screen.getByText('发布'))
  await waitFor(() => expect(writes()).toHaveLength(1))
  expect(writes()[0].body).toMatchObject({ location: '二号厂房培训室', geofence: { lat: 31.2989, lng: 120.5853, radiusM: 500 } })
})
