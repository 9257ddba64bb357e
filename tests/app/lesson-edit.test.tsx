import { act, fireEvent, render, renderHook, screen, waitFor } from '@testing-library/react'
import EditLessonPage from '@/packages/lessons/pages/edit'
import { useLessonEdit } from '@/packages/lessons/pages/edit/useLessonEdit'
import { useAuthStore } from '@/stores/auth'
import { navigations, resetTaro, routerParams, toasts } from './support/taro'
import { session, startApi, type TestApi } from './support/api'
import { fieldInput } from './support/nutui'

const ID = '00000000-0000-4000-8000-0000000000a1'
const COMMITTEE = { id: '00000000-0000-4000-8000-0000000000b0', name: '示范园区综合党委' }
const BRANCH = { id: '00000000-0000-4000-8000-0000000000b1', name: '星火科技有限公司党支部' }

/** The lesson as GET /api/v1/lessons/:id answers an editor. */
function lesson(overrides: Record<string, unknown> = {}) {
  return {
    id: ID,
    title: '党员的义务',
    category: '党章党规',
    kind: 'video',
    lecturer: '园区党校',
    durationSec: 750,
    coverUrl: null,
    orgName: BRANCH.name,
    publishedAt: null,
    myProgress: null,
    mediaUrl: 'https://media.example.cn/duty.mp4',
    bodyHtml: null,
    orgId: BRANCH.id,
    published: false,
    canEdit: true,
    ...overrides,
  }
}

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useAuthStore.setState(session('老王'))
  api = await startApi()
  api.on('GET /api/v1/lessons/publish-orgs', { body: { items: [COMMITTEE, BRANCH] } })
})
afterEach(async () => {
  await api.close()
})

const type = (name: string, value: string) => fireEvent.change(fieldInput(`.field-${name}`), { target: { value } })
const hints = (container: HTMLElement) => Array.from(container.querySelectorAll('.field__hint'), (n) => n.textContent)
const writes = () => api.received.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, url: r.url, body: r.body }))

test('a new article goes to the first organization offered, as a draft, and opens the saved lesson', async () => {
  api.on('POST /api/v1/lessons', { status: 201, body: { id: ID, published: false } })
  render(<EditLessonPage />)
  await screen.findByText(COMMITTEE.name)
  type('title', '三会一课：每一项多久开一次')
  type('lecturer', '  ')
  fireEvent.change(document.querySelector('.field-bodyHtml textarea, textarea.field-bodyHtml')!, { target: { value: '<p>支部党员大会一般每季度召开一次。</p>' } })
  fireEvent.click(screen.getByText('保存'))
  await waitFor(() => expect(navigations).toContainEqual({ kind: 'redirectTo', url: `/packages/lessons/pages/detail/index?id=${ID}` }))
  // A blank optional field is left out rather than sent empty.
  expect(writes()).toEqual([
    {
      method: 'POST',
      url: '/api/v1/lessons',
      body: { orgId: COMMITTEE.id, title: '三会一课：每一项多久开一次', category: '理论学习', kind: 'article', publish: false, bodyHtml: '<p>支部党员大会一般每季度召开一次。</p>' },
    },
  ])
  expect(toasts).toContainEqual({ title: '已保存（未发布）', icon: 'success' })
})

test('a video to the branch, published: its length is typed in minutes and sent in seconds', async () => {
  api.on('POST /api/v1/lessons', { status: 201, body: { id: ID, published: true } })
  render(<EditLessonPage />)
  fireEvent.click(await screen.findByText(BRANCH.name))
  fireEvent.click(screen.getByText('党章党规'))
  fireEvent.click(screen.getByText('视频'))
  type('title', '党员的义务')
  type('mediaUrl', 'https://media.example.cn/duty.mp4')
  type('durationMin', '12.5')
  fireEvent.click(screen.getByText('保存并发布'))
  fireEvent.click(screen.getByText('保存'))
  await waitFor(() => expect(writes()).toHaveLength(1))
  expect(writes()[0].body).toEqual({
    orgId: BRANCH.id,
    title: '党员的义务',
    category: '党章党规',
    kind: 'video',
    publish: true,
    mediaUrl: 'https://media.example.cn/duty.mp4',
    durationSec: 750,
  })
  await waitFor(() => expect(toasts).toContainEqual({ title: '已保存并发布', icon: 'success' }))
})

test('what is missing is named beside its field before anything is sent, and each message goes once the field is right', async () => {
  const { container } = render(<EditLessonPage />)
  await screen.findByText(COMMITTEE.name)
  fireEvent.click(screen.getByText('音频'))
  type('title', '党')
  fireEvent.click(screen.getByText('保存'))
  expect(await screen.findByText('请按提示修改后再保存')).toBeTruthy()
  expect(hints(container)).toEqual(expect.arrayContaining(['请填写标题（至少 2 个字）', '音视频课请填写音视频地址', '音视频课请填写时长']))
  expect(hints(container)).toHaveLength(3)

  type('title', '党史故事')
  expect(hints(container)).not.toContain('请填写标题（至少 2 个字）')
  type('mediaUrl', 'https://media.example.cn/story.mp3')
  // The length's rule is the shared one, in seconds, and is shown on the minutes field.
  type('durationMin', '0.1')
  expect(hints(container)).toEqual(['时长至少 10 秒'])
  type('durationMin', '3')
  expect(hints(container)).toEqual([])
  expect(screen.queryByText('请按提示修改后再保存')).toBeNull()
  expect(writes()).toEqual([])
})

test('the server’s refusal of a field is shown beside it; any other failure says what to do and keeps the form', async () => {
  let answer = { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: '时长：时长不超过 4 小时', fields: [{ path: 'durationSec', message: '时长不超过 4 小时' }] } } }
  api.on('POST /api/v1/lessons', () => answer)
  const { container } = render(<EditLessonPage />)
  await screen.findByText(COMMITTEE.name)
  fireEvent.click(screen.getByText('视频'))
  type('title', '党员的义务')
  type('mediaUrl', 'https://media.example.cn/duty.mp4')
  type('durationMin', '30')
  fireEvent.click(screen.getByText('保存'))
  await waitFor(() => expect(hints(container)).toEqual(['时长不超过 4 小时']))
  expect(screen.getByText('请按提示修改后再保存')).toBeTruthy()

  answer = { status: 503, body: { error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试', fields: [] } } }
  fireEvent.click(screen.getByText('保存'))
  expect(await screen.findByText('服务器开小差了，请稍后再试')).toBeTruthy()
  expect((fieldInput('.field-title') as HTMLInputElement).value).toBe('党员的义务')
  expect(navigations).toEqual([])
})

test('?id= edits the lesson as it is and saves it in place', async () => {
  routerParams.id = ID
  api.on(`GET /api/v1/lessons/${ID}`, { body: lesson() })
  api.on(`PUT /api/v1/lessons/${ID}`, { body: { id: ID, published: false } })
  render(<EditLessonPage />)
  await waitFor(() => expect((fieldInput('.field-title') as HTMLInputElement).value).toBe('党员的义务'))
  expect((fieldInput('.field-durationMin') as HTMLInputElement).value).toBe('12.5')
  expect((fieldInput('.field-mediaUrl') as HTMLInputElement).value).toBe('https://media.example.cn/duty.mp4')
  type('title', '党员的八项义务')
  fireEvent.click(screen.getByText('保存'))
  await waitFor(() => expect(navigations).toContainEqual({ kind: 'redirectTo', url: `/packages/lessons/pages/detail/index?id=${ID}` }))
  expect(writes()).toEqual([
    {
      method: 'PUT',
      url: `/api/v1/lessons/${ID}`,
      body: { orgId: BRANCH.id, title: '党员的八项义务', category: '党章党规', kind: 'video', publish: false, lecturer: '园区党校', mediaUrl: 'https://media.example.cn/duty.mp4', durationSec: 750 },
    },
  ])
})

test('someone who may publish nowhere is told who can; a failed load says why and 重试 loads again', async () => {
  api.on('GET /api/v1/lessons/publish-orgs', { body: { items: [] } })
  const first = render(<EditLessonPage />)
  expect(await screen.findByText('只有支部书记或上级党委管理员可以发布微党课')).toBeTruthy()
  expect(screen.queryByText('保存')).toBeNull()
  first.unmount()

  api.on('GET /api/v1/lessons/publish-orgs', { status: 503, body: { error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } } })
  render(<EditLessonPage />)
  expect(await screen.findByText('服务器开小差了，请稍后再试')).toBeTruthy()
  api.on('GET /api/v1/lessons/publish-orgs', { body: { items: [BRANCH] } })
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText(BRANCH.name)).toBeTruthy()
  expect(screen.getByText('保存')).toBeTruthy()
})

test('edits that React applies together all land: none writes back the form it was handed', async () => {
  // Under load the first page test above failed: the first organization was filled in just as 标题
  // was typed, the typing wrote back the form from before it, and 保存 asked to fix a field nobody
  // can see. The same race, made certain: two edits handled by one render.
  const { result } = renderHook(() => useLessonEdit())
  await waitFor(() => expect(result.current.form.orgId).toBe(COMMITTEE.id))
  const { set } = result.current
  act(() => {
    set('title', '三会一课：每一项多久开一次')
    set('lecturer', '园区党校')
  })
  expect(result.current.form).toMatchObject({ orgId: COMMITTEE.id, title: '三会一课：每一项多久开一次', lecturer: '园区党校' })
})

test('the server’s refusal of the organization is shown under 发布到', async () => {
  api.on('POST /api/v1/lessons', { status: 403, body: { error: { code: 'VALIDATION_FAILED', message: '所属组织：你不能在这个组织发布', fields: [{ path: 'orgId', message: '你不能在这个组织发布' }] } } })
  const { container } = render(<EditLessonPage />)
  await screen.findByText(COMMITTEE.name)
  type('title', '三会一课：每一项多久开一次')
  fireEvent.change(document.querySelector('.field-bodyHtml textarea, textarea.field-bodyHtml')!, { target: { value: '<p>支部党员大会一般每季度召开一次。</p>' } })
  fireEvent.click(screen.getByText('保存'))
  await waitFor(() => expect(hints(container)).toEqual(['你不能在这个组织发布']))
  expect(screen.getByText('请按提示修改后再保存')).toBeTruthy()
})
