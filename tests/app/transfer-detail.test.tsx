import { fireEvent, render, screen } from '@testing-library/react'
import TransferDetailPage from '@/packages/transfers/pages/detail'
import { ID, transfer } from './support/transfers'
import { useAuthStore } from '@/stores/auth'
import { navigations, resetTaro, routerParams } from './support/taro'
import { session, startApi, type TestApi } from './support/api'

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
