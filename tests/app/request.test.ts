import { z } from 'zod'
import { ApiError, buildQuery, request } from '@/services/request'
import { useAuthStore } from '@/stores/auth'
import { navigations, resetTaro } from './support/taro'
import { session, startApi, type TestApi } from './support/api'

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useAuthStore.setState({ token: null, expiresAt: null, user: null })
  api = await startApi()
})
afterEach(() => api.close())

async function failure(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError)
    return err as ApiError
  }
  throw new Error('expected the request to fail')
}

test('2xx resolves with the body, sends the token and encodes the query', async () => {
  useAuthStore.setState(session())
  api.on('GET /api/v1/orgs', { body: { items: [], nextCursor: null } })
  const res = await request({ path: '/api/v1/orgs', query: { q: '星火 & 党支部', limit: 20, cursor: undefined } })
  expect(res).toEqual({ items: [], nextCursor: null })
  const [got] = api.received
  expect(got.url).toBe(`/api/v1/orgs?q=${encodeURIComponent('星火 & 党支部')}&limit=20`)
  expect(new URL(got.url, api.base).searchParams.get('q')).toBe('星火 & 党支部')
  expect(got.headers.authorization).toBe('Bearer test-token')
})

test('POST sends JSON and no Authorization header without a session', async () => {
  api.on('POST /api/v1/auth/dev-login', { body: session() })
  await request({ method: 'POST', path: '/api/v1/auth/dev-login', data: { openid: 'demo-member' } })
  expect(api.received[0].body).toEqual({ openid: 'demo-member' })
  expect(api.received[0].headers.authorization).toBeUndefined()
})

test('a contract error body becomes an ApiError with its status, code and message', async () => {
  api.on('GET /api/v1/me', { status: 403, body: { error: { code: 'FORBIDDEN', message: '你没有权限查看', requestId: 'req-7' } } })
  const err = await failure(request({ path: '/api/v1/me' }))
  expect(err).toMatchObject({ status: 403, code: 'FORBIDDEN', message: '你没有权限查看', requestId: 'req-7' })
})

test('a non-contract error body still rejects, with HTTP_<status>', async () => {
  api.on('GET /api/v1/me', { status: 502, raw: '<html>Bad Gateway</html>' })
  const err = await failure(request({ path: '/api/v1/me' }))
  expect(err).toMatchObject({ status: 502, code: 'HTTP_502', message: '服务器返回了意外的结果（502），请稍后再试' })
})

test("401 clears the session and keeps the server's reason for the login page", async () => {
  useAuthStore.setState(session())
  api.on('GET /api/v1/me', { status: 401, body: { error: { code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录' } } })
  const err = await failure(request({ path: '/api/v1/me' }))
  expect(err).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', message: '登录已过期，请重新登录' })
  expect(useAuthStore.getState().token).toBeNull()
  expect(useAuthStore.getState().notice).toBe('登录已过期，请重新登录')
})

test('an answer that does not match the schema is BAD_RESPONSE', async () => {
  api.on('GET /api/v1/me', { body: { user: 'nobody' } })
  const err = await failure(request({ path: '/api/v1/me', schema: z.object({ user: z.object({ id: z.string() }) }) }))
  expect(err).toMatchObject({ status: 200, code: 'BAD_RESPONSE' })
})

test('no server at all is NETWORK_ERROR with status 0', async () => {
  await api.close()
  const err = await failure(request({ path: '/api/v1/me' }))
  expect(err).toMatchObject({ status: 0, code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' })
  expect(navigations).toEqual([])
  api = await startApi() // for afterEach
})

test('buildQuery skips empty values', () => {
  expect(buildQuery({ a: '', b: null, c: undefined })).toBe('')
  expect(buildQuery({ 'k y': 'a/b?c=d' })).toBe('?k%20y=a%2Fb%3Fc%3Dd')
})
