import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import DeclarePage from '@/packages/identity/pages/declare'
import { useAuthStore } from '@/stores/auth'
import { navigations, resetTaro, routerParams } from './support/taro'
import { session, startApi, type TestApi } from './support/api'
import { fieldInput } from './support/nutui'

const BRANCH = { id: '00000000-0000-4000-8000-0000000000b1', name: '星火科技有限公司党支部' }

let api: TestApi
beforeEach(async () => {
  resetTaro()
  routerParams.branchId = BRANCH.id
  routerParams.branchName = encodeURIComponent(BRANCH.name)
  useAuthStore.setState(session('新人'))
  api = await startApi()
  api.on(`GET /api/v1/orgs/${BRANCH.id}`, { body: { ...BRANCH, type: 'branch', branchKind: 'independent', parentId: null, parentName: null } })
})
afterEach(async () => {
  await api.close()
})

const type = (cls: string, value: string) => fireEvent.change(fieldInput(`.${cls}`), { target: { value } })

function fillValid() {
  type('field-realName', '周新')
  type('field-phone', '13612345678')
  type('field-joinedAt', '2016-07-01')
}

test('opened from a branch QR code, the branch is preselected', () => {
  render(<DeclarePage />)
  expect(screen.getByText(BRANCH.name)).toBeTruthy()
})

test("opened by WeChat's scanner from the branch link (q=…/b/<id>), the branch's name comes from the server", async () => {
  delete routerParams.branchId
  delete routerParams.branchName
  routerParams.q = encodeURIComponent(`https://dj.example.com/b/${BRANCH.id}`)
  render(<DeclarePage />)
  expect(await screen.findByText(BRANCH.name)).toBeTruthy()
  expect(api.received.map((r) => `${r.method} ${r.url}`)).toContain(`GET /api/v1/orgs/${BRANCH.id}`)
})

test('a QR naming an organization that is not a branch says so and leaves the choice to the member', async () => {
  api.on(`GET /api/v1/orgs/${BRANCH.id}`, { body: { ...BRANCH, name: '示范园区综合党委', type: 'committee', branchKind: null, parentId: null, parentName: null } })
  render(<DeclarePage />)
  expect(await screen.findByText('「示范园区综合党委」不是党支部，请按名称查找你所在的支部')).toBeTruthy()
  expect(document.querySelector('.field-branch')).toBeTruthy()
})

test.each([
  ['field-phone', '1361234', '请填写 11 位手机号'],
  ['field-joinedAt', '2999-01-01', '入党时间不能晚于今天'],
  ['field-joinedAt', '1920-05-01', '入党时间不能早于 1921 年 7 月 1 日'],
  ['field-idNumber', '110101199001011230', '身份证号校验位不正确，请核对'],
])('the shared rules stop %s = %s before anything is sent', async (cls, value, message) => {
  render(<DeclarePage />)
  fillValid()
  type(cls, value)
  fireEvent.click(screen.getByText('提交申报'))
  expect(await screen.findByText(message)).toBeTruthy()
  expect(screen.getByText('请按提示修改后再提交')).toBeTruthy()
  expect(api.received.filter((r) => r.method === 'POST')).toEqual([])
})

test('a probationary member who joined over two years ago is told to check', async () => {
  render(<DeclarePage />)
  fillValid()
  fireEvent.click(screen.getByText('预备党员'))
  fireEvent.click(screen.getByText('提交申报'))
  expect(await screen.findByText(/两年前入党的应为正式党员/)).toBeTruthy()
})

test('a valid form is sent once and leads to 我的申报; the server’s refusal is shown as is', async () => {
  let calls = 0
  api.on('POST /api/v1/identity/declarations', () => {
    calls++
    return calls === 1
      ? { status: 201, body: { id: '00000000-0000-4000-8000-0000000000d1', status: 'pending' } }
      : { status: 409, body: { error: { code: 'DECLARATION_PENDING', message: '你已有一份待审核的申报，请等待支部书记审核后再提交' } } }
  })
  render(<DeclarePage />)
  fillValid()
  fireEvent.click(screen.getByText('提交申报'))
  await waitFor(() => expect(navigations).toContainEqual(expect.objectContaining({ url: '/packages/identity/pages/declarations/index' })))
  expect(api.received.find((r) => r.method === 'POST')?.body).toEqual({
    realName: '周新',
    phone: '13612345678',
    joinedAt: '2016-07-01',
    memberType: 'full',
    branchId: BRANCH.id,
  })
  fireEvent.click(screen.getByText('提交申报'))
  expect(await screen.findByText('你已有一份待审核的申报，请等待支部书记审核后再提交')).toBeTruthy()
})

test('a field being corrected loses its message at once; the others keep theirs', async () => {
  render(<DeclarePage />)
  fillValid()
  type('field-phone', '1361234')
  type('field-realName', '')
  fireEvent.click(screen.getByText('提交申报'))
  expect(await screen.findByText('请填写 11 位手机号')).toBeTruthy()
  expect(screen.getByText('请填写真实姓名')).toBeTruthy()
  type('field-phone', '13612345678')
  expect(screen.queryByText('请填写 11 位手机号')).toBeNull()
  expect(screen.getByText('请填写真实姓名')).toBeTruthy()
})
