import { fireEvent, render, screen } from '@testing-library/react'
import TransferDetailPage from '@/packages/transfers/pages/detail'
import type { Transfer } from '@/domain/transfers'
import { useAuthStore } from '@/stores/auth'
import { navigations, resetTaro, routerParams } from './support/taro'
import { session, startApi, type TestApi } from './support/api'

const ID = '00000000-0000-4000-8000-0000000000f1'
const transfer = (over: Partial<Transfer> = {}): Transfer => ({
  id: ID,
  kind: 'mobile_in',
  kindLabel: '流入登记',
  status: 'accepted',
  statusLabel: '已接收',
  applicantName: '李四',
  contactPhone: '13912345678',
  fromOrg: { id: null, name: '某村党支部', inSystem: false },
  toOrg: { id: '00000000-0000-4000-8000-0000000000b1', name: '星火科技有限公司党支部', inSystem: true },
  reason: '外出务工',
  letterNo: null,
  letterIssuedAt: null,
  letterValidUntil: '2027-03-31',
  validityDaysLeft: 119,
  leftAt: '2026-11-01',
  expectedReturnAt: '2027-03-31',
  fixedPlace: null,
  returnReason: null,
  rejectReason: null,
  createdAt: '2026-11-20T02:00:00.000Z',
  daysWaiting: 0,
  overdue: false,
  viewerRole: 'applicant',
  actions: [],
  nextStep: '流入登记已通过：凭流动党员活动证参加本支部的组织生活（不参加表决和选举）',
  events: [],
  ...over,
})

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useAuthStore.setState(session())
  api = await startApi()
  routerParams.id = ID
})
afterEach(() => api.close())

test('a 流入登记 that went through leads the member to their 活动证', async () => {
  api.on(`GET /api/v1/transfers/${ID}`, { body: transfer() })
  render(<TransferDetailPage />)
  fireEvent.click(await screen.findByText('查看我的活动证'))
  expect(navigations).toEqual([{ kind: 'navigateTo', url: '/packages/transfers/pages/card/index' }])
})

test('not offered to the reviewing secretary, nor before the registration is accepted', async () => {
  api.on(`GET /api/v1/transfers/${ID}`, { body: transfer({ viewerRole: 'reviewer' }) })
  const first = render(<TransferDetailPage />)
  await screen.findByText('流入登记 · 李四')
  expect(screen.queryByText('查看我的活动证')).toBeNull()
  first.unmount()
  api.on(`GET /api/v1/transfers/${ID}`, { body: transfer({ status: 'submitted', statusLabel: '待接收' }) })
  render(<TransferDetailPage />)
  await screen.findByText('流入登记 · 李四')
  expect(screen.queryByText('查看我的活动证')).toBeNull()
})
