import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import LoginPage from '@/packages/auth/pages/login'
import { useAuthStore } from '@/stores/auth'
import { navigations, resetTaro, routerParams } from './support/taro'
import { session, startApi, type TestApi } from './support/api'

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useAuthStore.setState({ token: null, expiresAt: null, user: null, notice: null })
  api = await startApi()
})
afterEach(() => api.close())

test('with dev login on, lists the demo accounts and logs in with a tap', async () => {
  api.on('GET /api/v1/auth/options', { body: { devLogin: true, wechat: false } })
  api.on('POST /api/v1/auth/dev-login', { body: session() })
  render(<LoginPage />)

  expect(await screen.findByText('张明')).toBeTruthy()
  expect(screen.getByText('王建国')).toBeTruthy()
  expect(screen.getByText('星火科技有限公司党支部 · 支部书记')).toBeTruthy()
  expect(screen.getByText('其他账号（openid）')).toBeTruthy()
  // H5: no WeChat button even if the server had WeChat configured.
  expect(screen.queryByText('微信一键登录')).toBeNull()

  fireEvent.click(screen.getByText('张明'))
  await screen.findByText('登录中…')
  await waitFor(() => expect(screen.queryByText('登录中…')).toBeNull())
  expect(api.received.find((r) => r.method === 'POST')?.body).toEqual({ openid: 'demo-member' })
  expect(useAuthStore.getState().token).toBe('test-token')
  expect(navigations).toEqual([{ kind: 'switchTab', url: '/pages/home/index' }])
})

test("shows the server's message when it rejects a login", async () => {
  api.on('GET /api/v1/auth/options', { body: { devLogin: true, wechat: false } })
  api.on('POST /api/v1/auth/dev-login', { status: 404, body: { error: { code: 'NOT_FOUND', message: '开发登录未开启' } } })
  const { container } = render(<LoginPage />)

  fireEvent.change(await screen.findByPlaceholderText('例如 demo-member'), { target: { value: 'someone_else' } })
  fireEvent.click(screen.getByText('登录'))
  expect(await screen.findByText('开发登录未开启')).toBeTruthy()
  expect(container.querySelector('.error-message')?.textContent).toBe('开发登录未开启')
  expect(api.received.find((r) => r.method === 'POST')?.body).toEqual({ openid: 'someone_else' })
  expect(useAuthStore.getState().token).toBeNull()
  expect(navigations).toEqual([])
})

test('after the server refused the old session, login says why', async () => {
  useAuthStore.setState({ notice: '登录凭证无效，请重新登录' })
  api.on('GET /api/v1/auth/options', { body: { devLogin: true, wechat: false } })
  api.on('POST /api/v1/auth/dev-login', { body: session() })
  const { container } = render(<LoginPage />)
  await screen.findByText('张明')
  expect(container.querySelector('.error-message')?.textContent).toBe('登录凭证无效，请重新登录')

  fireEvent.click(screen.getByText('张明'))
  await waitFor(() => expect(useAuthStore.getState().token).toBe('test-token'))
  expect(useAuthStore.getState().notice).toBeNull()
  await waitFor(() => expect(screen.queryByText('登录中…')).toBeNull())
})

test('an openid the server would refuse is caught before sending', async () => {
  api.on('GET /api/v1/auth/options', { body: { devLogin: true, wechat: false } })
  render(<LoginPage />)
  fireEvent.change(await screen.findByPlaceholderText('例如 demo-member'), { target: { value: 'not valid!' } })
  fireEvent.click(screen.getByText('登录'))
  expect(screen.getByText('账号只能包含字母、数字、下划线和短横线，长度 1–64')).toBeTruthy()
  expect(api.received.filter((r) => r.method === 'POST')).toEqual([])
})

test('says so when the server offers no way to log in', async () => {
  api.on('GET /api/v1/auth/options', { body: { devLogin: false, wechat: false } })
  render(<LoginPage />)
  expect(await screen.findByText('服务器未开启任何登录方式，请联系管理员')).toBeTruthy()
  expect(screen.queryByText('张明')).toBeNull()
})

test('a failing server is an error with 重试, and 重试 loads again', async () => {
  api.on('GET /api/v1/auth/options', { status: 500, body: { error: { code: 'INTERNAL', message: '服务器出错了，请稍后再试' } } })
  render(<LoginPage />)
  expect(await screen.findByText('服务器出错了，请稍后再试')).toBeTruthy()

  api.on('GET /api/v1/auth/options', { body: { devLogin: true, wechat: false } })
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('张明')).toBeTruthy()
})

test('no server reachable: a network error message, not a blank page', async () => {
  await api.close()
  render(<LoginPage />)
  expect(await screen.findByText('网络连接失败，请检查网络后重试')).toBeTruthy()
  expect(screen.getByText('重试')).toBeTruthy()
  api = await startApi()
})

test('sent here by a page that needs a session, login goes back to it with what it was opened with', async () => {
  const back = '/packages/meetings/pages/checkin/index?code=c0de-Abc_123'
  routerParams.back = encodeURIComponent(back)
  api.on('GET /api/v1/auth/options', { body: { devLogin: true, wechat: false } })
  api.on('POST /api/v1/auth/dev-login', { body: session() })
  render(<LoginPage />)
  fireEvent.click(await screen.findByText('张明'))
  await waitFor(() => expect(navigations).toHaveLength(1))
  expect(navigations).toEqual([{ kind: 'redirectTo', url: back }])
})

test('a back that is not one of our pages (or is login itself) ends on 首页', async () => {
  api.on('GET /api/v1/auth/options', { body: { devLogin: true, wechat: false } })
  api.on('POST /api/v1/auth/dev-login', { body: session() })
  for (const back of ['https://evil.example/x', '/packages/auth/pages/login/index?back=x', '/pages/nowhere']) {
    resetTaro()
    routerParams.back = encodeURIComponent(back)
    const { unmount } = render(<LoginPage />)
    fireEvent.click(await screen.findByText('张明'))
    await waitFor(() => expect(navigations).toHaveLength(1))
    expect(navigations).toEqual([{ kind: 'switchTab', url: '/pages/home/index' }])
    unmount()
  }
})
