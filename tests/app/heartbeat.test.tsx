import { act, renderHook, waitFor } from '@testing-library/react'
import { useHeartbeat } from '@/packages/lessons/useHeartbeat'
import { useAuthStore } from '@/stores/auth'
import { useLessonsStore } from '@/stores/lessons'
import Taro, { resetTaro } from './support/taro'
import { session, startApi, type TestApi } from './support/api'

// Each test its own lesson: a hook from an earlier test may still say goodbye to the next test's server.
let n = 0
const lessonId = () => `00000000-0000-4000-8000-0000000001${String(++n).padStart(2, '0')}`

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useAuthStore.setState(session())
  api = await startApi()
})
afterEach(async () => {
  jest.useRealTimers()
  await api.close()
})

const beats = (id: string) => api.received.filter((r) => r.url === `/api/v1/lessons/${id}/progress`).map((r) => r.body)
const credit = (creditedSec: number, positionSec: number, completed = false) => ({ body: { creditedSec, completed, positionSec } })

test('nothing is sent while study has not started', async () => {
  const id = lessonId()
  api.on(`POST /api/v1/lessons/${id}/progress`, credit(0, 0))
  renderHook(() => useHeartbeat(id, () => 0, false))
  // Seeing "nothing": a request made after mounting arrives, and no beat before it.
  await Taro.request({ url: `${api.base}/ping` })
  expect(beats(id)).toEqual([])
})

test('starting sends the position at once; the answer is the progress shown and noted in the lesson list', async () => {
  const id = lessonId()
  api.on(`POST /api/v1/lessons/${id}/progress`, credit(15, 42))
  useLessonsStore.setState({ items: [{ id, title: '党章第一课', category: '党章党规', kind: 'video', lecturer: null, durationSec: 300, coverUrl: null, orgName: '园区党委', publishedAt: null, myProgress: null }] })
  const { result } = renderHook(() => useHeartbeat(id, () => 42.04, true))
  await waitFor(() => expect(result.current.progress).toEqual({ creditedSec: 15, completed: false, positionSec: 42 }))
  expect(beats(id)).toEqual([{ positionSec: 42 }])
  expect(result.current.failing).toBe(false)
  // The 微党课 tab shows 学到 0:42 without reloading.
  expect(useLessonsStore.getState().items[0].myProgress).toEqual({ creditedSec: 15, completed: false, positionSec: 42 })
})

test('stopping sends one last beat with where study stopped', async () => {
  const id = lessonId()
  api.on(`POST /api/v1/lessons/${id}/progress`, credit(0, 0))
  let pos = 10
  const { rerender } = renderHook(({ active }) => useHeartbeat(id, () => pos, active), { initialProps: { active: true } })
  await waitFor(() => expect(beats(id)).toHaveLength(1))
  pos = 25
  rerender({ active: false })
  await waitFor(() => expect(beats(id)).toEqual([{ positionSec: 10 }, { positionSec: 25 }]))
})

test('leaving the page after seeking (not playing) still reports the position; at 0 nothing is sent', async () => {
  const id = lessonId()
  api.on(`POST /api/v1/lessons/${id}/progress`, credit(0, 30))
  const seeked = renderHook(() => useHeartbeat(id, () => 30, false))
  seeked.unmount()
  await waitFor(() => expect(beats(id)).toEqual([{ positionSec: 30 }]))

  const other = lessonId()
  const untouched = renderHook(() => useHeartbeat(other, () => 0, false))
  untouched.unmount()
  await Taro.request({ url: `${api.base}/ping` })
  expect(beats(other)).toEqual([])
})

test('a failed beat says so and is sent again 3 s later with the position at that time', async () => {
  const id = lessonId()
  let up = false
  api.on(`POST /api/v1/lessons/${id}/progress`, () => (up ? credit(20, 50) : { status: 503, body: { error: { code: 'INTERNAL', message: '服务器开小差了' } } }))
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] })
  let pos = 40
  const { result } = renderHook(() => useHeartbeat(id, () => pos, true))
  await waitFor(() => expect(result.current.failing).toBe(true))
  up = true
  pos = 50
  await act(() => jest.advanceTimersByTimeAsync(2_900))
  expect(beats(id)).toEqual([{ positionSec: 40 }])
  await act(() => jest.advanceTimersByTimeAsync(100))
  await waitFor(() => expect(result.current.progress).toEqual({ creditedSec: 20, completed: false, positionSec: 50 }))
  expect(result.current.failing).toBe(false)
  expect(beats(id)).toEqual([{ positionSec: 40 }, { positionSec: 50 }])
})

test('while study goes on, a beat goes every 15 s', async () => {
  const id = lessonId()
  api.on(`POST /api/v1/lessons/${id}/progress`, credit(0, 0))
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] })
  let pos = 0
  const { unmount } = renderHook(() => useHeartbeat(id, () => pos, true))
  await waitFor(() => expect(beats(id)).toHaveLength(1))
  pos = 15
  await act(() => jest.advanceTimersByTimeAsync(15_000))
  await waitFor(() => expect(beats(id)).toHaveLength(2))
  pos = 29
  await act(() => jest.advanceTimersByTimeAsync(14_000))
  expect(beats(id)).toHaveLength(2)
  jest.useRealTimers()
  unmount()
  await waitFor(() => expect(beats(id)).toEqual([{ positionSec: 0 }, { positionSec: 15 }, { positionSec: 29 }]))
})
