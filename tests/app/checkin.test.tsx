import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import CheckinPage from '@/packages/meetings/pages/checkin'
import { useAuthStore } from '@/stores/auth'
import { formatDateTime } from '@/utils/date'
import { currentPage, locationRequests, navigations, resetTaro, routerParams, setLocation } from './support/taro'
import { session, startApi, type TestApi } from './support/api'
import { looksDisabled } from './support/nutui'

const MEETING_ID = '00000000-0000-4000-8000-0000000000e1'
const CODE = 'c0de-Abc_123'
const AT = '2026-11-25T06:05:00.000Z'
const hhmm = formatDateTime(AT).slice(-5)
const signedIn = (extra: Record<string, unknown> = {}) => ({ status: 201, body: { meetingId: MEETING_ID, meetingTitle: '十一月主题党日', checkedInAt: AT, kind: 'member', ...extra } })
const refusal = (status: number, code: string, message: string, extra: Record<string, unknown> = {}) => ({ status, body: { error: { code, message, requestId: 'r1', ...extra } } })

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useAuthStore.setState(session())
  api = await startApi()
})
afterEach(async () => {
  await api.close()
})

const sent = () => api.received.map((r) => ({ url: r.url, body: r.body }))
const typeInto = (placeholder: string, value: string) => fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } })

test('opened with a code, it signs in at once and says when', async () => {
  routerParams.code = CODE
  api.on('POST /api/v1/checkins', signedIn())
  render(<CheckinPage />)
  expect(await screen.findByText('签到成功')).toBeTruthy()
  expect(screen.getByText('十一月主题党日')).toBeTruthy()
  expect(screen.getByText(`签到时间 ${hhmm}`)).toBeTruthy()
  expect(sent()).toEqual([{ url: '/api/v1/checkins', body: { code: CODE } }])
})

test('after signing in, the next step is one tap: the meeting, or home', async () => {
  routerParams.code = CODE
  api.on('POST /api/v1/checkins', signedIn())
  render(<CheckinPage />)
  fireEvent.click(await screen.findByText('查看会议'))
  fireEvent.click(screen.getByText('返回首页'))
  expect(navigations).toEqual([
    { kind: 'redirectTo', url: `/packages/meetings/pages/detail/index?id=${MEETING_ID}` },
    { kind: 'switchTab', url: '/pages/home/index' },
  ])
})

test('scanning again says when I signed in the first time', async () => {
  routerParams.code = CODE
  api.on('POST /api/v1/checkins', { ...signedIn({ alreadyCheckedIn: true }), status: 200 })
  render(<CheckinPage />)
  expect(await screen.findByText('已签到')).toBeTruthy()
  expect(screen.getByText(`你已于 ${hhmm} 签到，无需重复签到`)).toBeTruthy()
})

test('at an open meeting, someone from outside the branch is offered 来宾签到 and signs in with name and company', async () => {
  routerParams.code = CODE
  api.on('POST /api/v1/checkins', refusal(403, 'CHECKIN_NOT_ELIGIBLE', '你不是本支部党员。', { guestAllowed: true }))
  api.on('POST /api/v1/checkins/guest', signedIn({ kind: 'guest' }))
  render(<CheckinPage />)
  expect(await screen.findByText('以来宾身份签到')).toBeTruthy()
  expect(screen.getByText('你不是本支部党员。')).toBeTruthy()
  typeInto('姓名', '赵强')
  typeInto('单位（选填）', '云帆网络')
  fireEvent.click(screen.getByText('来宾签到'))
  expect(await screen.findByText('签到成功')).toBeTruthy()
  expect(screen.getByText(`签到时间 ${hhmm}（来宾）`)).toBeTruthy()
  expect(sent()).toEqual([
    { url: '/api/v1/checkins', body: { code: CODE } },
    { url: '/api/v1/checkins/guest', body: { code: CODE, name: '赵强', company: '云帆网络' } },
  ])
})

test('a guest sign-in the server refuses says why and keeps the form', async () => {
  routerParams.code = CODE
  api.on('POST /api/v1/checkins', refusal(403, 'CHECKIN_NOT_ELIGIBLE', '你不是本支部党员。', { guestAllowed: true }))
  api.on('POST /api/v1/checkins/guest', refusal(400, 'VALIDATION_FAILED', '请填写姓名', { fields: [{ path: 'name', message: '请填写姓名' }] }))
  render(<CheckinPage />)
  fireEvent.click(await screen.findByText('来宾签到'))
  expect(await screen.findByText('请填写姓名')).toBeTruthy()
  expect(screen.getByPlaceholderText('姓名')).toBeTruthy()
})

test.each([
  ['guestAllowed: false', { guestAllowed: false }],
  ['no flag, even with 来宾 in the words', {}],
])('CHECKIN_NOT_ELIGIBLE with %s offers no guest form, only the code box', async (_, extra) => {
  routerParams.code = CODE
  const message = '你不是本支部党员，这次组织生活不对外开放；来宾不能签到'
  api.on('POST /api/v1/checkins', refusal(403, 'CHECKIN_NOT_ELIGIBLE', message, extra))
  render(<CheckinPage />)
  expect(await screen.findByText(message)).toBeTruthy()
  expect(screen.getByText('签到未成功')).toBeTruthy()
  expect(screen.queryByText('以来宾身份签到')).toBeNull()
  expect(screen.getByText('输入签到码')).toBeTruthy()
})

test('a geofenced meeting: the page asks for the location and sends it with the code', async () => {
  routerParams.code = CODE
  setLocation({ latitude: 31.2989, longitude: 120.5853, accuracy: 30 })
  api.on('POST /api/v1/checkins', (req) =>
    (req.body as { location?: unknown }).location ? signedIn() : refusal(422, 'CHECKIN_LOCATION_REQUIRED', '这次组织生活需要定位签到'),
  )
  render(<CheckinPage />)
  expect(await screen.findByText('签到成功')).toBeTruthy()
  expect(locationRequests).toHaveLength(1)
  expect(sent()).toEqual([
    { url: '/api/v1/checkins', body: { code: CODE } },
    { url: '/api/v1/checkins', body: { code: CODE, location: { lat: 31.2989, lng: 120.5853, accuracyM: 30 } } },
  ])
})

test('a geofenced meeting without the location says how to allow it, and sends nothing more', async () => {
  routerParams.code = CODE
  api.on('POST /api/v1/checkins', refusal(422, 'CHECKIN_LOCATION_REQUIRED', '这次组织生活需要定位签到'))
  render(<CheckinPage />)
  expect(await screen.findByText('这次会议需要定位签到：请在设置中允许获取位置后重试')).toBeTruthy()
  expect(api.received).toHaveLength(1)
})

test('a typed code signs in; an expired one is explained in the server’s words', async () => {
  api.on('POST /api/v1/checkins', refusal(410, 'CHECKIN_CODE_EXPIRED', '签到码已过期，请扫描书记手机上当前显示的二维码'))
  render(<CheckinPage />)
  // Nothing typed: the button is greyed and a tap sends nothing.
  expect(looksDisabled(screen.getByText('签到'))).toBe(true)
  fireEvent.click(screen.getByText('签到'))
  expect(api.received).toHaveLength(0)
  typeInto('签到码', ` ${CODE} `)
  fireEvent.click(screen.getByText('签到'))
  expect(await screen.findByText('签到码已过期，请扫描书记手机上当前显示的二维码')).toBeTruthy()

  api.on('POST /api/v1/checkins', signedIn())
  typeInto('签到码', `https://dj.example.cn/s/${CODE}`)
  fireEvent.click(screen.getByText('签到'))
  expect(await screen.findByText('签到成功')).toBeTruthy()
  expect(sent().map((r) => r.body)).toEqual([{ code: CODE }, { code: CODE }])
})

test("opened by WeChat's scanner with a party card link, it says what that is and sends nothing", async () => {
  routerParams.q = encodeURIComponent('https://dj.example.cn/v/abcdef')
  render(<CheckinPage />)
  expect(await screen.findByText('这是党员证验证码，不是签到码。请扫描书记手机上的签到码，或输入二维码下方的签到码。')).toBeTruthy()
  await waitFor(() => expect(screen.getByText('输入签到码')).toBeTruthy())
  expect(api.received).toEqual([])
})

test("opened by WeChat's scanner with the sign-in link, it signs in with the code inside it", async () => {
  routerParams.q = encodeURIComponent(`https://dj.example.cn/s/${CODE}`)
  api.on('POST /api/v1/checkins', signedIn())
  render(<CheckinPage />)
  expect(await screen.findByText('签到成功')).toBeTruthy()
  expect(sent()).toEqual([{ url: '/api/v1/checkins', body: { code: CODE } }])
})

test('opened from a scan while signed out, it sends the member to login and keeps the code for afterwards', async () => {
  useAuthStore.setState({ token: null, expiresAt: null, user: null })
  currentPage.route = 'packages/meetings/pages/checkin/index'
  routerParams.code = CODE
  render(<CheckinPage />)
  await waitFor(() => expect(navigations).toHaveLength(1))
  const back = `/packages/meetings/pages/checkin/index?code=${encodeURIComponent(CODE)}`
  expect(navigations).toEqual([{ kind: 'redirectTo', url: `/packages/auth/pages/login/index?back=${encodeURIComponent(back)}` }])
  expect(sent()).toEqual([])
})

test('from the meeting’s page, the 6-digit 数字签到码 is typed (spaces allowed); a wrong one says how many tries are left', async () => {
  routerParams.meetingId = MEETING_ID
  let tries = 0
  api.on(`POST /api/v1/meetings/${MEETING_ID}/checkin-pin`, () =>
    ++tries === 1 ? refusal(400, 'CHECKIN_CODE_INVALID', '数字签到码不对（或已过期），请输入书记手机上当前显示的 6 位数字，还可以再试 9 次') : signedIn(),
  )
  render(<CheckinPage />)
  expect(await screen.findByText('输入数字签到码')).toBeTruthy()
  typeInto('6 位数字', '111 111')
  fireEvent.click(screen.getByText('签到'))
  expect(await screen.findByText(/还可以再试 9 次/)).toBeTruthy()
  typeInto('6 位数字', '123456')
  fireEvent.click(screen.getByText('签到'))
  expect(await screen.findByText('签到成功')).toBeTruthy()
  expect(sent()).toEqual([
    { url: `/api/v1/meetings/${MEETING_ID}/checkin-pin`, body: { pin: '111111' } },
    { url: `/api/v1/meetings/${MEETING_ID}/checkin-pin`, body: { pin: '123456' } },
  ])
})
