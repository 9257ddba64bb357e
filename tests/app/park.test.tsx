import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import AcceptPage from '@/packages/park/pages/accept'
import AppointPage from '@/packages/park/pages/appoint'
import EnterprisePage from '@/packages/park/pages/enterprise'
import LedgerPage from '@/packages/park/pages/ledger'
import RecordsPage from '@/packages/park/pages/records'
import { creditCodeCheckChar } from '@/domain/park'
import { useAuthStore } from '@/stores/auth'
import { useMeStore } from '@/stores/me'
import { clipboard, navigations, resetTaro, routerParams } from './support/taro'
import { session, startApi, type TestApi } from './support/api'
import { transfer } from './support/transfers'
import { fieldInput, looksDisabled } from './support/nutui'

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const COMMITTEE = id(1)
const BRANCH = id(2)
const CODE = 'A'.repeat(30) + 'bcdefghijk'
const valid = (base17: string) => base17 + creditCodeCheckChar(base17)

const enterprise = (n: number, patch: object = {}) => ({
  id: id(100 + n),
  name: `企业${n}`,
  creditCode: valid(`9132050000000000${n}`),
  type: 'non_public',
  industry: '制造业',
  address: '',
  employeeCount: 20,
  orgId: COMMITTEE,
  orgName: '示范园区综合党委',
  branchId: null,
  branchName: null,
  branchKind: null,
  coverage: 'none',
  instructors: [],
  members: 0,
  fullMembers: 0,
  unclaimed: 0,
  shouldFormBranch: false,
  ...patch,
})
const ledger = (items: object[]) => ({
  orgId: COMMITTEE,
  orgName: '示范园区综合党委',
  figures: { enterprises: 4, byCoverage: { own: 1, joint: 1, instructor: 1, none: 1 }, shouldFormBranch: 1, members: 9, orgCoverageRate: 50, workCoverageRate: 75 },
  definitions: { org: '组织覆盖率 = 甲 ÷ 乙', work: '工作覆盖率 = 丙 ÷ 乙' },
  matched: items.length,
  items,
})
const node = (nid: string, name: string, patch: object = {}) => ({
  id: nid,
  name,
  type: 'branch',
  branchKind: 'joint',
  parentId: COMMITTEE,
  depth: 1,
  formed: false,
  members: 0,
  fullMembers: 0,
  enterprises: 0,
  warnings: [],
  canManage: true,
  ...patch,
})
const tree = (canAdmin = true) => ({
  canAdmin,
  items: [node(COMMITTEE, '示范园区综合党委', { type: 'committee', branchKind: null, parentId: null, depth: 0, canManage: false }), node(BRANCH, '创业大厦联合党支部')],
})
const preview = (patch: object = {}) => ({
  role: 'secretary',
  roleLabel: '副书记',
  title: '副书记',
  orgName: '创业大厦联合党支部',
  inviteeName: '钱芳',
  covers: [],
  status: 'pending',
  expiresAt: '2026-12-09T02:00:00.000Z',
  acceptedByYou: false,
  ...patch,
})

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useMeStore.getState().reset()
  useAuthStore.setState(session('陈红'))
  api = await startApi()
  api.on('GET /api/v1/me', { body: { user: { id: id(9), nickname: '陈红' }, roles: [], member: null } })
})
afterEach(() => api.close())

const q = (sel: string) => document.querySelector(sel) as HTMLElement
const type = (sel: string, value: string) => fireEvent.change(fieldInput(sel), { target: { value } })
const writes = () => api.received.filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, url: r.url, body: r.body }))

describe('接受任命', () => {
  test('opened from the QR (WeChat’s q), it shows the offer, accepts for this account and refreshes the roles', async () => {
    routerParams.q = encodeURIComponent(`https://dj.example.cn/i/${CODE}`)
    api.on(`GET /api/v1/park/invitations/by-code/${CODE}`, { body: preview() })
    api.on(`POST /api/v1/park/invitations/by-code/${CODE}/accept`, { body: preview({ status: 'accepted', acceptedByYou: true }) })
    render(<AcceptPage />)
    expect(await screen.findByText('创业大厦联合党支部 副书记')).toBeTruthy()
    const meReads = () => api.received.filter((r) => r.url === '/api/v1/me').length
    const before = meReads()
    fireEvent.click(screen.getByText('接受任命'))
    expect(await screen.findByText('你已接受这项任命。')).toBeTruthy()
    expect(writes()).toEqual([{ method: 'POST', url: `/api/v1/park/invitations/by-code/${CODE}/accept`, body: undefined }])
    // 我的 roles are asked again (after the answer is shown), so the new entries show at once
    await waitFor(() => expect(meReads()).toBe(before + 1))
    fireEvent.click(screen.getByText('回到首页'))
    expect(navigations.at(-1)).toEqual({ kind: 'switchTab', url: '/pages/home/index' })
  })

  test('an expired invitation says so and offers nothing to press; someone else’s acceptance reads as the server says', async () => {
    routerParams.code = CODE
    api.on(`GET /api/v1/park/invitations/by-code/${CODE}`, { body: preview({ status: 'expired' }) })
    render(<AcceptPage />)
    expect(await screen.findByText('这份邀请已过期，不能再接受。')).toBeTruthy()
    expect(screen.queryByText('接受任命')).toBeNull()
  })

  test('a used invitation: the 409 is shown and the offer stays', async () => {
    routerParams.code = CODE
    api.on(`GET /api/v1/park/invitations/by-code/${CODE}`, { body: preview() })
    api.on(`POST /api/v1/park/invitations/by-code/${CODE}/accept`, {
      status: 409,
      body: { error: { code: 'INVITATION_USED', message: '这份任命邀请已被其他微信账号接受；如果不是你本人，请联系发出邀请的管理员' } },
    })
    render(<AcceptPage />)
    fireEvent.click(await screen.findByText('接受任命'))
    expect(await screen.findByText(/已被其他微信账号接受/)).toBeTruthy()
  })

  test('without a code: a pasted link opens the invitation, other text is refused with what to do', async () => {
    api.on(`GET /api/v1/park/invitations/by-code/${CODE}`, { body: preview() })
    render(<AcceptPage />)
    type('.field-invite-code', 'https://example.com/other')
    fireEvent.click(screen.getByText('打开邀请'))
    expect(await screen.findByText('这不是任命邀请的链接或邀请码，请向发出邀请的管理员重新索取')).toBeTruthy()
    type('.field-invite-code', `  https://dj.example.cn/i/${CODE}  `)
    fireEvent.click(screen.getByText('打开邀请'))
    expect(await screen.findByText('创业大厦联合党支部 副书记')).toBeTruthy()
  })
})

describe('两个覆盖台账', () => {
  test('shows both rates with their definitions; a filter asks the server for that coverage', async () => {
    routerParams.orgId = COMMITTEE
    api.on('GET /api/v1/park/ledger', (req) => ({
      body: ledger(req.url.includes('coverage=should_form') ? [enterprise(3, { shouldFormBranch: true, fullMembers: 3, members: 3, coverage: 'joint', branchName: '挂靠支部' })] : [enterprise(1), enterprise(2)]),
    }))
    render(<LedgerPage />)
    expect(await screen.findByText('50%')).toBeTruthy()
    expect(screen.getByText('75%')).toBeTruthy()
    expect(screen.getByText('组织覆盖率 = 甲 ÷ 乙')).toBeTruthy()
    expect(screen.getByText('企业1')).toBeTruthy()
    fireEvent.click(q('.park-filter-should_form'))
    expect(await screen.findByText('⚠ 已有 3 名以上正式党员，应单独建立党支部')).toBeTruthy()
    expect(api.received.at(-1)?.url).toContain('coverage=should_form')
    fireEvent.click(screen.getByText('企业3'))
    expect(navigations.at(-1)?.url).toBe(`/packages/park/pages/enterprise/index?id=${id(103)}&orgId=${COMMITTEE}`)
  })
})

describe('登记企业', () => {
  test('a wrong check digit is named as the user types and blocks sending; a right code registers', async () => {
    routerParams.orgId = COMMITTEE
    api.on(`GET /api/v1/park/orgs/${COMMITTEE}/tree`, { body: tree() })
    api.on('POST /api/v1/park/enterprises', (req) => ({ status: 201, body: enterprise(5, req.body as object) }))
    render(<EnterprisePage />)
    await screen.findByText('尚未建立党组织')
    const good = valid('91320500MA1XH0009')
    type('.field-ent-name', '新登记科技有限公司')
    type('.field-ent-code', good.slice(0, 17) + (good[17] === '0' ? '1' : '0'))
    type('.field-ent-employees', '35')
    expect(await screen.findByText('统一社会信用代码的校验位不对，请对照营业执照逐位核对')).toBeTruthy()
    expect(looksDisabled(screen.getByText('登记'))).toBe(true)
    type('.field-ent-code', good.toLowerCase())
    fireEvent.click(screen.getByText('创业大厦联合党支部（联合党支部）'))
    await waitFor(() => expect(looksDisabled(screen.getByText('登记'))).toBe(false))
    fireEvent.click(screen.getByText('登记'))
    await waitFor(() => expect(navigations.at(-1)).toEqual({ kind: 'navigateBack' }))
    expect(writes()).toEqual([
      {
        method: 'POST',
        url: '/api/v1/park/enterprises',
        body: { name: '新登记科技有限公司', creditCode: good, type: 'non_public', industry: '', address: '', employeeCount: 35, branchId: BRANCH, orgId: COMMITTEE },
      },
    ])
  })

  test('an instructor sees the record without a form', async () => {
    routerParams.orgId = COMMITTEE
    routerParams.id = id(101)
    api.on(`GET /api/v1/park/orgs/${COMMITTEE}/tree`, { status: 404, body: { error: { code: 'NOT_FOUND', message: '找不到这个组织' } } })
    api.on(`GET /api/v1/park/enterprises/${id(101)}`, { body: enterprise(1, { coverage: 'instructor', instructors: ['刘洋'] }) })
    render(<EnterprisePage />)
    expect(await screen.findByText('刘洋')).toBeTruthy()
    expect(screen.getByText('仅选派党建指导员')).toBeTruthy()
    expect(screen.queryByText('保存')).toBeNull()
  })
})

describe('任命', () => {
  test('appointing a branch’s secretary shows the invitation’s QR link, which can be copied', async () => {
    routerParams.orgId = COMMITTEE
    routerParams.targetId = BRANCH
    api.on(`GET /api/v1/park/orgs/${COMMITTEE}/tree`, { body: tree() })
    api.on('GET /api/v1/park/invitations', { body: { items: [], nextCursor: null } })
    api.on('GET /api/v1/park/appointments', { body: { items: [] } })
    api.on('GET /api/v1/park/ledger', { body: ledger([]) })
    api.on('POST /api/v1/park/invitations', (req) => ({
      status: 201,
      body: {
        id: id(50),
        role: 'secretary',
        title: '书记',
        orgId: BRANCH,
        orgName: '创业大厦联合党支部',
        inviteeName: (req.body as { inviteeName: string }).inviteeName,
        covers: [],
        status: 'pending',
        expiresAt: '2026-12-09T02:00:00.000Z',
        createdAt: '2026-12-02T02:00:00.000Z',
        acceptedAt: null,
        acceptedByName: null,
        link: null,
        code: CODE,
      },
    }))
    render(<AppointPage />)
    await screen.findByText('发出任命邀请')
    type('.field-invitee', '林书记')
    await waitFor(() => expect(looksDisabled(screen.getByText('生成邀请二维码'))).toBe(false))
    fireEvent.click(screen.getByText('生成邀请二维码'))
    expect(await screen.findByText('请林书记用微信扫码接受任命')).toBeTruthy()
    expect(writes()[0].body).toEqual({ role: 'secretary', orgId: BRANCH, title: '书记', inviteeName: '林书记', branchIds: [], enterpriseIds: [] })
    const link = q('.park-invitation-link').textContent!
    expect(link).toMatch(new RegExp(`/i/${CODE}$`))
    fireEvent.click(screen.getByText('复制链接'))
    expect(clipboard.data).toBe(link)
  })
})

describe('下级亮身份与接转', () => {
  test('declarations first, transfers on the second tab; a transfer opens its (read-only) detail', async () => {
    api.on('GET /api/v1/identity/declarations', (req) => {
      expect(req.url).toContain('scope=supervised')
      return {
        body: {
          items: [
            {
              id: id(70),
              status: 'pending',
              realName: '周监看',
              phoneMasked: '136****2222',
              joinedAt: '2019-07-01',
              memberType: 'full',
              branchId: BRANCH,
              branchName: '星火科技有限公司党支部',
              originOrg: null,
              position: null,
              pledge: null,
              idNumberMasked: null,
              rejectReason: null,
              createdAt: '2026-11-20T02:00:00.000Z',
              reviewedAt: null,
              daysWaiting: 3,
            },
          ],
          nextCursor: null,
        },
      }
    })
    const { events: _events, ...item } = transfer({ id: id(71), status: 'submitted', statusLabel: '待接收', applicantName: '周监看', contactPhone: '136****2222', viewerRole: 'observer' })
    api.on('GET /api/v1/transfers', { body: { items: [item], nextCursor: null } })
    render(<RecordsPage />)
    expect(await screen.findByText('星火科技有限公司党支部 · 136****2222 · 2026年11月20日 提交')).toBeTruthy()
    expect(screen.getByText('已等待 3 天')).toBeTruthy()
    fireEvent.click(q('.park-records-transfers'))
    fireEvent.click(await screen.findByText('周监看 · 流入登记'))
    expect(navigations.at(-1)?.url).toBe(`/packages/transfers/pages/detail/index?id=${id(71)}`)
    expect(api.received.some((r) => r.url.startsWith('/api/v1/transfers?') && r.url.includes('scope=supervised'))).toBe(true)
  })
})
