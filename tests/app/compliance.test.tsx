import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import CommitteePage from '@/packages/compliance/pages/committee'
import BranchPage from '@/packages/compliance/pages/branch'
import { periodOf } from '@/domain/compliance'
import { useAuthStore } from '@/stores/auth'
import { navigations, resetTaro, routerParams } from './support/taro'
import { session, startApi, type TestApi } from './support/api'

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`
const COMMITTEE = id(1)
const XINGHUO = id(2)
const MEETING = id(3)
const DEFINITIONS = ['已完成：期内召开（未取消、已结束）该类会议，本支部党员签到不少于应到党员的一半（流动党员、来宾不计），并有会议记录。']
const TYPES = ['branch_assembly', 'committee', 'group', 'lecture', 'theme_day', 'life_meeting', 'review'] as const
const LABELS = ['支部党员大会', '支委会', '党小组会', '党课', '主题党日', '组织生活会', '民主评议党员']

const period = (key: string) => {
  const [y, q] = key.split('-Q')
  return { key, unit: 'quarter', label: `${y}年第${q}季度`, start: '2026-06-30T16:00:00.000Z', end: '2026-09-30T16:00:00.000Z' }
}
const flag = { meetingId: MEETING, branchId: XINGHUO, branchName: '星火科技有限公司党支部', title: '安全生产学习会', typeLabel: '其他', startsAt: '2026-08-10T06:00:00.000Z', reasons: [{ code: 'mostly_manual', label: '多数签到是补签' }], note: null, notedAt: null }
const committee = (key: string) => ({
  orgId: COMMITTEE,
  orgName: '示范园区综合党委',
  period: period(key),
  columns: TYPES.map((type, i) => ({ type, typeLabel: LABELS[i], rule: '每季度 1 次' })),
  rows: [
    {
      branchId: XINGHUO,
      branchName: '星火科技有限公司党支部',
      cells: TYPES.map((type) => ({ type, state: type === 'branch_assembly' ? 'overdue' : type === 'theme_day' ? 'done' : null, counted: type === 'theme_day' ? 3 : 0, owed: type === 'theme_day' ? 3 : type === 'branch_assembly' ? 1 : 0 })),
      owed: 5,
      done: 4,
      overdue: 1,
      rate: 80,
      attendanceRate: 100,
      members: 3,
      declared: 2,
      mobile: 1,
      lost: 0,
      studyMinutesPerMember: 42,
      flagged: 1,
    },
  ],
  flags: [flag],
  definitions: DEFINITIONS,
})

let api: TestApi
beforeEach(async () => {
  resetTaro()
  useAuthStore.setState(session('陈红'))
  api = await startApi()
})
afterEach(() => api.close())

test('the committee’s table: rate, states, figures, flags; a tap opens the branch; 上一期 asks for the previous quarter', async () => {
  routerParams.orgId = COMMITTEE
  const asked: string[] = []
  api.on(`GET /api/v1/compliance/orgs/${COMMITTEE}`, (req) => {
    const key = new URLSearchParams(req.url.split('?')[1]).get('period')!
    asked.push(key)
    return { body: committee(key) }
  })
  render(<CommitteePage />)
  expect(await screen.findByText('80%')).toBeTruthy()
  expect(screen.getByText('支部党员大会 逾期')).toBeTruthy()
  expect(screen.getByText('主题党日 已完成 3/3')).toBeTruthy()
  expect(screen.getByText('党员 3 · 亮身份 2 · 流动党员 1 · 失联 0 · 人均学习 42 分钟 · 疑似补记 1')).toBeTruthy()
  expect(screen.getByText('多数签到是补签')).toBeTruthy()
  expect(screen.getByText(DEFINITIONS[0])).toBeTruthy()
  const now = periodOf('quarter', new Date()).key
  expect(asked).toEqual([now])
  fireEvent.click(screen.getByText('星火科技有限公司党支部'))
  expect(navigations.at(-1)).toEqual({ kind: 'navigateTo', url: `/packages/compliance/pages/branch/index?branchId=${XINGHUO}&period=${now}` })
  fireEvent.click(screen.getByText('‹ 上一期'))
  await waitFor(() => expect(asked).toHaveLength(2))
  expect(asked[1]).toBe(periodOf('quarter', new Date(Date.parse(`${periodOf('quarter', new Date()).start.toISOString()}`) - 1)).key)
  // The previous quarter's table has come (its request is answered before the page shows it).
  fireEvent.click(await screen.findByText('季度'))
  fireEvent.click(screen.getByText('下一期 ›'))
  await waitFor(() => expect(asked.at(-1)).toBe(now))
})

test('a branch: items per period with days left and 发布; the secretary explains a flag, and a refused note says why', async () => {
  routerParams.branchId = XINGHUO
  routerParams.period = '2026-Q3'
  const notes: unknown[] = []
  let noted: string | null = null
  api.on(`GET /api/v1/compliance/branches/${XINGHUO}`, () => ({
    body: {
      branchId: XINGHUO,
      branchName: '星火科技有限公司党支部',
      period: period('2026-Q3'),
      items: [
        { type: 'branch_assembly', typeLabel: '支部党员大会', rule: '每季度 1 次', required: 1, periods: [{ key: '2026-Q3', label: '2026年第3季度', end: '2026-09-30T16:00:00.000Z', state: 'soon', daysLeft: 5, counted: 0, shortfalls: [{ meetingId: id(9), title: '七月党员大会', reason: '没有会议记录' }] }], state: 'soon', exemptReason: null },
      ],
      owed: 1,
      done: 0,
      rate: 0,
      attendanceRate: 50,
      mobileSignins: 0,
      flags: [{ ...flag, note: noted }],
      meetings: [{ id: id(9), title: '七月党员大会', typeLabel: '支部党员大会', startsAt: '2026-07-10T06:00:00.000Z', signins: 2, expected: 3, hasMinutes: false, status: '没有会议记录' }],
      canAct: true,
      definitions: DEFINITIONS,
    },
  }))
  api.on(`PUT /api/v1/meetings/${MEETING}/flag-note`, (req) => {
    notes.push(req.body)
    const note = (req.body as { note: string }).note
    if (note.length < 4) return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: '请写明情况（至少 4 个字）' } } }
    noted = note
    return { body: { meetingId: MEETING, note, notedAt: '2026-09-28T00:00:00.000Z' } }
  })
  render(<BranchPage />)
  expect(await screen.findByText('即将到期（还剩 5 天）')).toBeTruthy()
  fireEvent.click(screen.getByText('未计入：「七月党员大会」没有会议记录 ›'))
  expect(navigations.at(-1)).toEqual({ kind: 'navigateTo', url: `/packages/meetings/pages/detail/index?id=${id(9)}` })
  fireEvent.click(screen.getByText('发布'))
  expect(navigations.at(-1)).toEqual({ kind: 'navigateTo', url: `/packages/meetings/pages/create/index?type=branch_assembly&branchId=${XINGHUO}` })
  const box = screen.getByPlaceholderText('说明情况，如：车间断网，当场由书记补签')
  fireEvent.change(box, { target: { value: '断网' } })
  fireEvent.click(screen.getByText('保存说明'))
  expect(await screen.findByText('请写明情况（至少 4 个字）')).toBeTruthy()
  fireEvent.change(box, { target: { value: '车间断网，当场由书记补签' } })
  fireEvent.click(screen.getByText('保存说明'))
  expect(await screen.findByText('支部说明：车间断网，当场由书记补签')).toBeTruthy()
  expect(notes).toEqual([{ note: '断网' }, { note: '车间断网，当场由书记补签' }])
})
