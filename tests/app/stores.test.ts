import { AUTH_STORAGE_KEY, useAuthStore } from '@/stores/auth'
import { formatDate, formatDateTime, greeting } from '@/utils/date'
import { resolveApiBase } from '@/services/config'
import { resetTaro, setLoginCode, taroStorage } from './support/taro'
import { session, startApi, type TestApi } from './support/api'

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useAuthStore.setState({ token: null, expiresAt: null, user: null })
  api = await startApi()
})
afterEach(() => api.close())

test('dev login keeps only the session in Taro storage', async () => {
  const answer = session()
  api.on('POST /api/v1/auth/dev-login', { body: answer })
  await useAuthStore.getState().loginWithDev('demo-member')
  expect(useAuthStore.getState().isSignedIn()).toBe(true)
  const saved = JSON.parse(String(taroStorage.get(AUTH_STORAGE_KEY)))
  expect(saved.state).toEqual(answer)
})

test('WeChat login sends the code from Taro.login', async () => {
  setLoginCode('wx-code-123')
  api.on('POST /api/v1/auth/wechat', { body: session() })
  await useAuthStore.getState().loginWithWechat()
  expect(api.received[0].body).toEqual({ code: 'wx-code-123' })
  expect(useAuthStore.getState().token).toBe('test-token')
})

test('an expired token is not signed in; logout clears storage too', () => {
  useAuthStore.setState({ ...session(), expiresAt: new Date(Date.now() - 1000).toISOString() })
  expect(useAuthStore.getState().isSignedIn()).toBe(false)
  useAuthStore.getState().logout()
  expect(JSON.parse(String(taroStorage.get(AUTH_STORAGE_KEY))).state.token).toBeNull()
})

test('dates read the Chinese way', () => {
  expect(formatDate('2015-07-01')).toBe('2015年7月1日')
  expect(formatDate('')).toBe('')
  expect(formatDate('not a date')).toBe('')
  expect(formatDateTime('2026-11-23T06:05:00')).toBe('2026年11月23日 06:05')
  const at = (h: number) => greeting(new Date(2026, 0, 1, h))
  expect([at(6), at(10), at(12), at(15), at(20), at(2)]).toEqual(['早上好', '上午好', '中午好', '下午好', '晚上好', '晚上好'])
})

test('API base: same origin on H5, the local server on weapp, the variable when set', () => {
  expect(resolveApiBase(undefined, 'h5')).toBe('')
  expect(resolveApiBase('', 'weapp')).toBe('http://127.0.0.1:3000')
  expect(resolveApiBase('https://api.example.cn/', 'weapp')).toBe('https://api.example.cn')
})
