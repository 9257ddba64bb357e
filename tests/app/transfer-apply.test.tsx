import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import ApplyPage from '@/packages/transfers/pages/apply'
import { MOBILE_TOO_LONG_MESSAGE } from '@/domain/transfers'
import { useAuthStore } from '@/stores/auth'
import { useMeStore } from '@/stores/me'
import { navigations, resetTaro, routerParams } from './support/taro'
import { session, startApi, type TestApi } from './support/api'
import { fieldInput } from './support/nutui'

const BRANCH_ID = '00000000-0000-4000-8000-0000000000b1'
const TRANSFER_ID = '00000000-0000-4000-8000-0000000000f1'
const XINGHUO = '星火科技有限公司党支部'

const member = { id: '00000000-0000-4000-8000-0000000000c1', realName: '张明', branchId: BRANCH_ID, branchName: XINGHUO, memberType: 'full', joinedAt: '2015-07-01' }
const me = (m: typeof member | null) => ({ user: { id: '00000000-0000-4000-8000-000000000001', nickname: '张明' }, roles: [], member: m })

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useMeStore.getState().reset()
  useAuthStore.setState(session())
  api = await startApi()
  api.on('GET /api/v1/me', { body: me(member) })
})
afterEach(async () => {
  await api.close()
})

const q = (sel: string) => document.querySelector(sel) as HTMLElement
const type = (sel: string, value: string) => fireEvent.change(fieldInput(sel), { target: { value } })
const posts = () => api.received.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, url: r.url, body: r.body }))

/** 去往: an organization outside the system, typed in full. */
function typeOutsideTo(name: string) {
  fireEvent.click(q('.org-to__mode-type'))
  type('.org-to__typed', name)
  fireEvent.click(q('.org-to__use'))
}

test('a member’s 转出: their own branch is the from side; the request is sent and its page opens', async () => {
  api.on('POST /api/v1/transfers', { status: 201, body: { id: TRANSFER_ID, status: 'submitted' } })
  render(<ApplyPage />)
  expect(await screen.findByText('本支部（组织关系所在）')).toBeTruthy()
  expect(screen.getByText(XINGHUO)).toBeTruthy()
  typeOutsideTo('上海市浦东新区某某社区党委')
  expect(screen.getByText('上海市浦东新区某某社区党委（系统外）')).toBeTruthy()
  type('.field-reason', '调往上海工作')
  type('.field-contactPhone', '13912345678')
  fireEvent.click(screen.getByText('提交申请'))
  await waitFor(() => expect(navigations).toContainEqual({ kind: 'redirectTo', url: `/packages/transfers/pages/detail/index?id=${TRANSFER_ID}` }))
  expect(posts()).toEqual([
    {
      method: 'POST',
      url: '/api/v1/transfers',
      body: { kind: 'transfer_out', fromOrg: { id: BRANCH_ID }, toOrg: { name: '上海市浦东新区某某社区党委' }, reason: '调往上海工作', contactPhone: '13912345678' },
    },
  ])
})

test('missing fields are marked before anything is sent', async () => {
  render(<ApplyPage />)
  fireEvent.click(await screen.findByText('提交申请'))
  expect(await screen.findByText('请按提示修改后再提交')).toBeTruthy()
  expect(screen.getByText('请选择或填写去往的党组织')).toBeTruthy()
  expect(posts()).toEqual([])
})

test('流出登记 for over 6 months to a fixed place is refused by the shared rule, which offers 改为办理「转出」', async () => {
  render(<ApplyPage />)
  fireEvent.click(await screen.findByText('流出登记'))
  typeOutsideTo('苏州某某公司党支部')
  type('.field-reason', '外派苏州项目')
  type('.field-contactPhone', '13912345678')
  type('.field-leftAt', '2027-01-01')
  type('.field-expectedReturnAt', '2027-09-01')
  fireEvent.click(q('.fixed-true'))
  fireEvent.click(screen.getByText('提交申请'))
  expect(await screen.findByText(MOBILE_TOO_LONG_MESSAGE)).toBeTruthy()
  expect(posts()).toEqual([])

  fireEvent.click(screen.getByText('改为办理「转出」'))
  expect(screen.getByText('转往的党组织')).toBeTruthy()
  expect(screen.queryByText(MOBILE_TOO_LONG_MESSAGE)).toBeNull()
  expect(screen.queryByText('改为办理「转出」')).toBeNull()
})

test('the same 流出登记 without a fixed place is sent', async () => {
  api.on('POST /api/v1/transfers', { status: 201, body: { id: TRANSFER_ID, status: 'submitted' } })
  render(<ApplyPage />)
  fireEvent.click(await screen.findByText('流出登记'))
  typeOutsideTo('苏州某某公司党支部')
  type('.field-reason', '外派苏州项目')
  type('.field-contactPhone', '13912345678')
  type('.field-leftAt', '2027-01-01')
  type('.field-expectedReturnAt', '2027-09-01')
  fireEvent.click(screen.getByText('提交申请'))
  await waitFor(() => expect(posts()).toHaveLength(1))
  expect(posts()[0].body).toEqual({
    kind: 'mobile_out',
    fromOrg: { id: BRANCH_ID },
    toOrg: { name: '苏州某某公司党支部' },
    reason: '外派苏州项目',
    contactPhone: '13912345678',
    leftAt: '2027-01-01',
    expectedReturnAt: '2027-09-01',
    fixedPlace: false,
  })
  expect(screen.queryByText('改为办理「转出」')).toBeNull()
})

test('the server’s refusal is shown in its words, and the fields it names are marked', async () => {
  api.on('POST /api/v1/transfers', {
    status: 400,
    body: { error: { code: 'VALIDATION_FAILED', message: '号码已停用', fields: [{ path: 'contactPhone', message: '号码已停用' }] } },
  })
  render(<ApplyPage />)
  await screen.findByText('提交申请')
  typeOutsideTo('上海市浦东新区某某社区党委')
  type('.field-reason', '调往上海工作')
  type('.field-contactPhone', '13912345678')
  fireEvent.click(screen.getByText('提交申请'))
  // The message beside its field; above the button, what to do.
  expect((await screen.findByText('号码已停用')).className).toBe('field__hint')
  expect(screen.getByText('请按提示修改后再提交')).toBeTruthy()
  expect(navigations).toEqual([])
})

test('someone on no branch’s roll cannot 转出 and must give a name for 转入', async () => {
  api.on('GET /api/v1/me', { body: me(null) })
  render(<ApplyPage />)
  expect(await screen.findByText('原党组织（组织关系现在所在）')).toBeTruthy()
  expect(screen.getAllByText('登记为本系统党员后才能办理')).toHaveLength(2)
  expect(document.querySelector('.field-realName')).toBeTruthy()
  fireEvent.click(screen.getByText('提交申请'))
  expect(await screen.findByText('请按提示修改后再提交')).toBeTruthy()
  expect(posts()).toEqual([])
})

test('a returned request opens with what was sent and the reason, and is sent again with PUT', async () => {
  routerParams.id = TRANSFER_ID
  const returned = {
    id: TRANSFER_ID,
    kind: 'transfer_out',
    status: 'returned',
    applicantName: '张明',
    fromOrg: { id: BRANCH_ID, name: XINGHUO, inSystem: true },
    toOrg: { id: null, name: '上海市浦东新区某某社区党委', inSystem: false },
    reason: '调往上海工作',
    contactPhone: '13912345678',
    letterNo: null,
    letterIssuedAt: null,
    letterValidUntil: '2027-03-01',
    leftAt: null,
    expectedReturnAt: null,
    fixedPlace: null,
    returnReason: '请写明接收单位全称',
    kindLabel: '转出',
    statusLabel: '已退回',
    validityDaysLeft: 89,
    rejectReason: null,
    createdAt: '2026-11-30T02:00:00.000Z',
    daysWaiting: 2,
    overdue: false,
    viewerRole: 'applicant',
    actions: ['resubmit', 'cancel'],
    nextStep: '按退回原因修改后重新提交',
    events: [],
  }
  api.on(`GET /api/v1/transfers/${TRANSFER_ID}`, { body: returned })
  api.on(`PUT /api/v1/transfers/${TRANSFER_ID}`, { body: { id: TRANSFER_ID, status: 'submitted' } })
  render(<ApplyPage />)
  expect(await screen.findByText('修改后重新提交')).toBeTruthy()
  expect(screen.getByText('退回原因：请写明接收单位全称')).toBeTruthy()
  fireEvent.click(screen.getByText('重新提交'))
  await waitFor(() => expect(posts()).toHaveLength(1))
  expect(posts()[0]).toMatchObject({ method: 'PUT', url: `/api/v1/transfers/${TRANSFER_ID}`, body: { kind: 'transfer_out', reason: '调往上海工作' } })
})

test('when 我的 cannot be read the page says why, and 重试 reads it again', async () => {
  api.on('GET /api/v1/me', { status: 503, body: { error: { code: 'INTERNAL', message: '服务器开小差了，请稍后再试' } } })
  render(<ApplyPage />)
  expect(await screen.findByText('服务器开小差了，请稍后再试')).toBeTruthy()
  api.on('GET /api/v1/me', { body: me(member) })
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('提交申请')).toBeTruthy()
})

test('an optional date once picked can be emptied again with 清除', async () => {
  render(<ApplyPage />)
  await screen.findByText('提交申请')
  fireEvent.click(screen.getByText('流出登记'))
  type('.field-expectedReturnAt', '2027-09-01')
  expect(fieldInput('.field-expectedReturnAt').value).toBe('2027-09-01')
  fireEvent.click(screen.getByText('清除'))
  expect(fieldInput('.field-expectedReturnAt').value).toBe('')
  expect(screen.queryByText('清除')).toBeNull()
})
