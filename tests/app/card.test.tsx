import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import CardPage from '@/packages/identity/pages/card'
import type { Card } from '@/domain/identity'
import { useAuthStore } from '@/stores/auth'
import { clipboard, resetTaro, toasts } from './support/taro'
import { session, startApi, type TestApi } from './support/api'

const card = (over: Partial<Card> = {}): Card => ({
  memberId: '00000000-0000-4000-8000-0000000000c1',
  realName: '张明',
  avatarText: '明',
  branchName: '星火科技有限公司党支部',
  memberType: 'full',
  joinedAt: '2015-07-01',
  partyAgeYears: 11,
  posts: [{ id: '00000000-0000-4000-8000-0000000000d1', kind: 'pioneer_post', kindLabel: '党员先锋岗', title: '二号产线' }],
  pledge: '做表率',
  position: null,
  privacy: { showName: true, showBranch: true, showPosts: true, showPledge: true, onWall: true },
  verifyCode: 'Vc0de_0123456789abcdefghij',
  ...over,
})

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useAuthStore.setState(session())
  api = await startApi()
})
afterEach(() => api.close())

test('the card shows the QR with name, branch and party age; the verify link is copied, never printed', async () => {
  api.on('GET /api/v1/identity/card', { body: card() })
  const { container } = render(<CardPage />)
  expect(await screen.findByText('张明')).toBeTruthy()
  expect(container.querySelector('.member-card__branch')?.textContent).toBe('星火科技有限公司党支部')
  expect(container.querySelector('.member-card__age')?.textContent).toBe('党龄 11 年')
  expect(container.querySelector('.member-card .qrcode, .member-card canvas, .member-card__qr *')).not.toBeNull()
  expect(container.textContent).not.toContain('Vc0de_0123456789abcdefghij')

  fireEvent.click(screen.getByText('复制验证链接'))
  await waitFor(() => expect(toasts).toContainEqual({ title: '验证链接已复制', icon: 'success' }))
  expect(clipboard.data).toMatch(/\/v\/Vc0de_0123456789abcdefghij$/)
})

test('a probationary member’s card says 预备期 instead of a party age', async () => {
  api.on('GET /api/v1/identity/card', { body: card({ memberType: 'probationary', partyAgeYears: null }) })
  const { container } = render(<CardPage />)
  await screen.findByText('张明')
  expect(container.querySelector('.member-card__age')?.textContent).toBe('预备期')
})
