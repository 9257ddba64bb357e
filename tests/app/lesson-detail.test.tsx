import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import LessonPage from '@/packages/lessons/pages/detail'
import { useAuthStore } from '@/stores/auth'
import { bringIntoView, navigations, resetTaro, routerParams } from './support/taro'
import { session, startApi, type TestApi } from './support/api'

const ID = '00000000-0000-4000-8000-0000000000a1'
const ORG = '00000000-0000-4000-8000-0000000000b0'

function lesson(overrides: Record<string, unknown> = {}) {
  return {
    id: ID,
    title: '党章第一课',
    category: '党章党规',
    kind: 'article',
    lecturer: '王老师',
    durationSec: 300,
    coverUrl: null,
    orgName: '示范园区综合党委',
    publishedAt: '2026-11-01T00:00:00.000Z',
    myProgress: { creditedSec: 90, completed: false, positionSec: 120 },
    mediaUrl: null,
    bodyHtml: '<p>中国共产党党员是中国工人阶级的有共产主义觉悟的先锋战士。</p>',
    orgId: ORG,
    published: true,
    canEdit: false,
    ...overrides,
  }
}

let api: TestApi
beforeEach(async () => {
  resetTaro()
  routerParams.id = ID
  useAuthStore.setState(session())
  api = await startApi()
})
afterEach(async () => {
  await api.close()
})

const VIDEO_ID = '00000000-0000-4000-8000-0000000000a2'
// By lesson: a page from an earlier test still says goodbye (and retries) to the server of the next.
const beats = (id = ID) => api.received.filter((r) => r.method === 'POST' && r.url === `/api/v1/lessons/${id}/progress`).map((r) => r.body)

test('an article: title, what it is, the text, and the time credited so far', async () => {
  api.on(`GET /api/v1/lessons/${ID}`, { body: lesson() })
  api.on(`POST /api/v1/lessons/${ID}/progress`, { body: { creditedSec: 90, completed: false, positionSec: 120 } })
  render(<LessonPage />)
  expect(await screen.findByText('党章第一课')).toBeTruthy()
  expect(screen.getByText('党章党规 · 图文 · 5:00 · 王老师')).toBeTruthy()
  expect(screen.getByText('中国共产党党员是中国工人阶级的有共产主义觉悟的先锋战士。')).toBeTruthy()
  expect(screen.getByText('— 全文完 —')).toBeTruthy()
  expect(screen.getByText('已计入学习 1:30')).toBeTruthy()
  expect(screen.getByText('已读 1:30 · 学习时长按实际学习时间计算')).toBeTruthy()
  expect(screen.queryByText('编辑')).toBeNull()
})

test('reading an article tells the server at once where the reader is, and shows what it credited', async () => {
  api.on(`GET /api/v1/lessons/${ID}`, { body: lesson() })
  api.on(`POST /api/v1/lessons/${ID}/progress`, { body: { creditedSec: 105, completed: false, positionSec: 120 } })
  render(<LessonPage />)
  expect(await screen.findByText('已计入学习 1:45')).toBeTruthy()
  // Resumes from the saved position: 120 of 300 s.
  expect(beats()[0]).toEqual({ positionSec: 120 })
})

test('an article whose end comes into view at once says what was read by the clock, not 学到 the end', async () => {
  api.on(`GET /api/v1/lessons/${ID}`, { body: lesson({ myProgress: null }) })
  api.on(`POST /api/v1/lessons/${ID}/progress`, { body: { creditedSec: 0, completed: false, positionSec: 0 } })
  render(<LessonPage />)
  await waitFor(() => expect(beats()).toHaveLength(1))
  expect(await screen.findByText('未学 · 学习时长按实际学习时间计算')).toBeTruthy()
  // The end scrolls into view a second later: the server has counted one second of reading.
  api.on(`POST /api/v1/lessons/${ID}/progress`, { body: { creditedSec: 1, completed: false, positionSec: 300 } })
  bringIntoView('.lesson__end')
  expect(await screen.findByText('已读 0:01 · 学习时长按实际学习时间计算')).toBeTruthy()
  expect(screen.queryByText(/学到 5:00/)).toBeNull()
})

test('a heartbeat that fails says it will be sent later, and the lesson stays', async () => {
  api.on(`GET /api/v1/lessons/${ID}`, { body: lesson() })
  api.on(`POST /api/v1/lessons/${ID}/progress`, { status: 503, body: { error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } } })
  render(<LessonPage />)
  expect(await screen.findByText('网络不好，学习记录稍后自动补报，请继续学习')).toBeTruthy()
  expect(screen.getByText('党章第一课')).toBeTruthy()
})

test('a finished lesson says so', async () => {
  api.on(`GET /api/v1/lessons/${ID}`, { body: lesson({ myProgress: { creditedSec: 300, completed: true, positionSec: 300 } }) })
  api.on(`POST /api/v1/lessons/${ID}/progress`, { body: { creditedSec: 300, completed: true, positionSec: 300 } })
  render(<LessonPage />)
  expect(await screen.findByText('已完成')).toBeTruthy()
  expect(screen.getByText('这节课已经学完，可以随时回看')).toBeTruthy()
})

test('a video: nothing is sent until it plays; play and pause each report the position', async () => {
  routerParams.id = VIDEO_ID
  api.on(`GET /api/v1/lessons/${VIDEO_ID}`, { body: lesson({ id: VIDEO_ID, kind: 'video', mediaUrl: '/media/lessons/intro.mp4', bodyHtml: null, durationSec: 41, myProgress: null }) })
  api.on(`POST /api/v1/lessons/${VIDEO_ID}/progress`, { body: { creditedSec: 0, completed: false, positionSec: 0 } })
  render(<LessonPage />)
  expect(await screen.findByText('已计入学习 0:00')).toBeTruthy()
  const video = document.querySelector('video')!
  expect(video.getAttribute('src')).toBe(`${api.base}/media/lessons/intro.mp4`)
  expect(beats(VIDEO_ID)).toEqual([])
  fireEvent.play(video)
  await waitFor(() => expect(beats(VIDEO_ID)).toEqual([{ positionSec: 0 }]))
  fireEvent.pause(video)
  await waitFor(() => expect(beats(VIDEO_ID)).toHaveLength(2))
  fireEvent.error(video)
  expect(await screen.findByText('视频加载失败：请检查网络后点播放重试')).toBeTruthy()
})

test('a lesson that cannot be loaded says why; 重试 loads it', async () => {
  api.on(`GET /api/v1/lessons/${ID}`, { status: 404, body: { error: { code: 'NOT_FOUND', message: '找不到这节微党课' } } })
  render(<LessonPage />)
  expect(await screen.findByText('找不到这节微党课')).toBeTruthy()
  api.on(`GET /api/v1/lessons/${ID}`, { body: lesson() })
  api.on(`POST /api/v1/lessons/${ID}/progress`, { body: { creditedSec: 90, completed: false, positionSec: 120 } })
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('党章第一课')).toBeTruthy()
})

test('without an id it says the link is incomplete', () => {
  delete routerParams.id
  render(<LessonPage />)
  expect(screen.getByText('链接不完整：缺少课程编号')).toBeTruthy()
  expect(api.received).toEqual([])
})

test('its publisher sees 编辑 (未发布 when not yet published) and 返回课程列表 goes back to the tab', async () => {
  api.on(`GET /api/v1/lessons/${ID}`, { body: lesson({ canEdit: true, published: false }) })
  api.on(`POST /api/v1/lessons/${ID}/progress`, { body: { creditedSec: 90, completed: false, positionSec: 120 } })
  render(<LessonPage />)
  fireEvent.click(await screen.findByText('编辑（未发布）'))
  expect(navigations).toContainEqual({ kind: 'navigateTo', url: `/packages/lessons/pages/edit/index?id=${ID}` })
  fireEvent.click(screen.getByText('返回课程列表'))
  expect(navigations).toContainEqual({ kind: 'switchTab', url: '/pages/lessons/index' })
})
