import { fireEvent, render, screen } from '@testing-library/react'
import MeetingsPage from '@/pages/meetings'
import { useAuthStore } from '@/stores/auth'
import { pullDown, resetTaro } from './support/taro'
import { session, startApi, type TestApi } from './support/api'
import { meeting } from './support/meetings'

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useAuthStore.setState(session())
  api = await startApi()
})
afterEach(async () => {
  await api.close()
})

const list = { items: [meeting({ title: '十二月主题党日' })], nextCursor: null }
const STALE = /网络不给力：下面是 .* 的内容，可能不是最新的。点此重试/

test('a refresh that fails keeps the list on screen, says it may be out of date, and a tap retries', async () => {
  api.on('GET /api/v1/meetings', { body: list })
  render(<MeetingsPage />)
  expect(await screen.findByText('十二月主题党日')).toBeTruthy()
  expect(screen.queryByText(STALE)).toBeNull()

  // The server fails (a bad gateway on the way): the list stays, marked.
  api.on('GET /api/v1/meetings', { status: 502, body: { error: { code: 'BAD_GATEWAY', message: '服务暂时不可用' } } })
  pullDown()
  expect(await screen.findByText(STALE)).toBeTruthy()
  expect(screen.getByText('十二月主题党日')).toBeTruthy()

  // Back: a tap on the notice loads again, and the mark goes.
  api.on('GET /api/v1/meetings', { body: { items: [meeting({ title: '十二月支部党员大会' })], nextCursor: null } })
  fireEvent.click(screen.getByText(STALE))
  expect(await screen.findByText('十二月支部党员大会')).toBeTruthy()
  expect(screen.queryByText(STALE)).toBeNull()
  expect(screen.queryByText('十二月主题党日')).toBeNull()
})

test('with no answer at all the list stays too; a first load that fails shows the error with 重试', async () => {
  api.on('GET /api/v1/meetings', { status: 503, body: { error: { code: 'UNAVAILABLE', message: '服务暂时不可用，请稍后重试' } } })
  render(<MeetingsPage />)
  expect(await screen.findByText('服务暂时不可用，请稍后重试')).toBeTruthy()
  expect(screen.getByText('重试')).toBeTruthy()

  api.on('GET /api/v1/meetings', { body: list })
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('十二月主题党日')).toBeTruthy()

  await api.close() // the phone loses the network: nothing answers
  pullDown()
  expect(await screen.findByText(STALE)).toBeTruthy()
  expect(screen.getByText('十二月主题党日')).toBeTruthy()
  api = await startApi() // for afterEach
})

test('an answer that the list is gone (4xx) is shown, not hidden behind old data', async () => {
  api.on('GET /api/v1/meetings', { body: list })
  render(<MeetingsPage />)
  expect(await screen.findByText('十二月主题党日')).toBeTruthy()
  api.on('GET /api/v1/meetings', { status: 403, body: { error: { code: 'FORBIDDEN', message: '你已不在这个支部' } } })
  pullDown()
  expect(await screen.findByText('你已不在这个支部')).toBeTruthy()
  expect(screen.queryByText('十二月主题党日')).toBeNull()
})
