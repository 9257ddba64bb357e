import { useLessonsStore } from '@/stores/lessons'
import { useAuthStore } from '@/stores/auth'
import { resetTaro } from './support/taro'
import { session, startApi, type TestApi } from './support/api'

const lesson = (n: number) => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  title: `第 ${n} 课`,
  category: '理论学习',
  kind: 'article',
  lecturer: null,
  durationSec: 120,
  coverUrl: null,
  orgName: '示范园区综合党委',
  publishedAt: '2026-11-23T02:00:00.000Z',
  myProgress: n === 2 ? { creditedSec: 30, completed: false, positionSec: 75 } : null,
})

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useAuthStore.setState(session())
  useLessonsStore.setState({ category: null, q: '', items: [], nextCursor: null, status: 'idle', moreStatus: 'idle', error: null, loadedAt: null })
  api = await startApi()
})
afterEach(() => api.close())

/** The stand-in server pages 5 lessons two at a time, by cursor. */
function serveFive() {
  api.on('GET /api/v1/lessons', (req) => {
    const cursor = new URL(req.url, 'http://x').searchParams.get('cursor')
    const from = cursor ? Number(cursor) : 0
    const items = [1, 2, 3, 4, 5].slice(from, from + 2).map(lesson)
    return { body: { items, nextCursor: from + 2 < 5 ? String(from + 2) : null } }
  })
}

test('first page, then more pages until there are none', async () => {
  serveFive()
  const s = () => useLessonsStore.getState()
  await s().refresh()
  expect(s().status).toBe('ready')
  expect(s().items.map((i) => i.title)).toEqual(['第 1 课', '第 2 课'])
  expect(s().items[1].myProgress).toEqual({ creditedSec: 30, completed: false, positionSec: 75 })
  await s().loadMore()
  await s().loadMore()
  expect(s().items.map((i) => i.title)).toEqual(['第 1 课', '第 2 课', '第 3 课', '第 4 课', '第 5 课'])
  expect(s().nextCursor).toBeNull()
  const calls = api.received.length
  await s().loadMore() // nothing more to fetch
  expect(api.received.length).toBe(calls)
})

test('the filter goes to the server and a refresh starts from the first page', async () => {
  serveFive()
  const s = () => useLessonsStore.getState()
  await s().setCategory('党史学习')
  await s().loadMore()
  await s().setQuery(' 红船 ')
  const last = new URL(api.received.at(-1)!.url, 'http://x').searchParams
  expect(last.get('category')).toBe('党史学习')
  expect(last.get('q')).toBe('红船')
  expect(last.get('cursor')).toBeNull()
  expect(s().items).toHaveLength(2)
})

test('a failed first load is an error with the server’s words; 重试 recovers', async () => {
  api.on('GET /api/v1/lessons', { status: 503, body: { error: { code: 'INTERNAL', message: '服务暂时不可用，请稍后再试' } } })
  const s = () => useLessonsStore.getState()
  await s().refresh()
  expect(s().status).toBe('error')
  expect(s().error?.message).toBe('服务暂时不可用，请稍后再试')
  serveFive()
  await s().refresh()
  expect(s().status).toBe('ready')
  expect(s().error).toBeNull()
})

test('a failed load-more keeps what is shown and can be retried', async () => {
  serveFive()
  const s = () => useLessonsStore.getState()
  await s().refresh()
  api.on('GET /api/v1/lessons', { status: 500, body: { error: { code: 'INTERNAL', message: '出错了' } } })
  await s().loadMore()
  expect(s().moreStatus).toBe('error')
  expect(s().items).toHaveLength(2)
  serveFive()
  await s().loadMore()
  expect(s().moreStatus).toBe('idle')
  expect(s().items).toHaveLength(4)
})

test('progress heard from a heartbeat shows at once and wins over a list answer requested before it', async () => {
  serveFive()
  const s = () => useLessonsStore.getState()
  await s().refresh()
  const p = { creditedSec: 15, completed: false, positionSec: 15 }
  const pending = s().refresh() // requested before the heartbeat's answer; the stand-in says 未学
  s().noteProgress(lesson(1).id, p)
  expect(s().items[0].myProgress).toEqual(p)
  await pending
  expect(s().items[0].myProgress).toEqual(p)
  // A list requested later is the server's newer word.
  await new Promise((r) => setTimeout(r, 5))
  await s().refresh()
  expect(s().items[0].myProgress).toBeNull()
})

test('a refresh with no answer keeps the lessons shown, marked with when they were fetched; a 4xx does not', async () => {
  serveFive()
  const s = () => useLessonsStore.getState()
  await s().refresh()
  const fetched = s().loadedAt
  expect(fetched).not.toBeNull()
  await api.close() // offline
  await s().refresh()
  expect(s().status).toBe('ready')
  expect(s().items.map((i) => i.title)).toEqual(['第 1 课', '第 2 课'])
  expect(s().error?.code).toBe('NETWORK_ERROR')
  expect(s().loadedAt).toBe(fetched)

  api = await startApi()
  api.on('GET /api/v1/lessons', { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录' } } })
  await s().refresh()
  expect(s().status).toBe('error')
})
