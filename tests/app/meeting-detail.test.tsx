import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import MeetingDetailPage from '@/packages/meetings/pages/detail'
import { useAuthStore } from '@/stores/auth'
import { navigations, resetTaro, routerParams } from './support/taro'
import { session, startApi, type TestApi } from './support/api'
import { looksDisabled } from './support/nutui'
import { ID, LITING, inDays, meeting } from './support/meetings'

const noMinutes = { body: null, authorName: null, updatedAt: null, locksAt: inDays(9), locked: false, amendments: [] }

const attendance = {
  expected: 3,
  checkedIn: 1,
  onLeave: 0,
  absent: 2,
  guests: 1,
  records: [
    { name: '张明', company: null, kind: 'member', voting: true, method: 'qr', at: inDays(0), manualReason: null },
    { name: '赵强', company: '云帆网络', kind: 'guest', voting: false, method: 'qr', at: inDays(0), manualReason: null },
  ],
  leaves: [],
  absentees: [
    { memberId: LITING, name: '李婷', mobile: false },
    { memberId: null, name: '孙流', mobile: true },
  ],
  mobile: 1,
  voting: { eligible: 2, present: 1, required: 2, reached: false },
}

let api: TestApi
beforeEach(async () => {
  resetTaro()
  routerParams.id = ID
  useAuthStore.setState(session())
  api = await startApi()
  api.on(`GET /api/v1/meetings/${ID}/minutes`, { body: noMinutes })
})
afterEach(async () => {
  await api.close()
})

const typeInto = (placeholder: string, value: string) => fireEvent.change(screen.getByPlaceholderText(placeholder), { target: { value } })
const posts = () => api.received.filter((r) => r.method !== 'GET').map((r) => ({ url: r.url, body: r.body }))

test('a member sees the meeting and their status, and no secretary tools', async () => {
  api.on(`GET /api/v1/meetings/${ID}`, { body: meeting() })
  render(<MeetingDetailPage />)
  expect(await screen.findByText('十一月主题党日')).toBeTruthy()
  expect(screen.getByText('主题党日 · 开放式（欢迎群众和其他支部党员参加）')).toBeTruthy()
  expect(screen.getByText('地点：三楼会议室')).toBeTruthy()
  expect(screen.getByText('我的状态：未签到')).toBeTruthy()
  expect(screen.queryByText('出示签到码')).toBeNull()
  expect(screen.queryByText('签到情况')).toBeNull()
  expect(api.received.some((r) => r.url.endsWith('/attendance'))).toBe(false)
})

test('请假 before the start sends the reason and shows the new status; a refusal is shown in the server’s words', async () => {
  let onLeave = false
  api.on(`GET /api/v1/meetings/${ID}`, () => ({ body: meeting(onLeave ? { myStatus: 'on_leave' } : {}) }))
  api.on(`POST /api/v1/meetings/${ID}/leave`, { status: 409, body: { error: { code: 'LEAVE_NOT_ALLOWED', message: '会议已开始，不能再请假' } } })
  render(<MeetingDetailPage />)
  fireEvent.click(await screen.findByText('请假'))
  typeInto('请假原因', '出差在外')
  fireEvent.click(screen.getByText('提交请假'))
  expect(await screen.findByText('会议已开始，不能再请假')).toBeTruthy()
  expect(screen.getByText('我的状态：未签到')).toBeTruthy()

  api.on(`POST /api/v1/meetings/${ID}/leave`, () => {
    onLeave = true
    return { status: 201, body: { meetingId: ID, reason: '出差在外', at: inDays(0) } }
  })
  fireEvent.click(screen.getByText('提交请假'))
  expect(await screen.findByText('我的状态：请假')).toBeTruthy()
  expect(screen.queryByText('会议已开始，不能再请假')).toBeNull()
  expect(posts()).toEqual([
    { url: `/api/v1/meetings/${ID}/leave`, body: { reason: '出差在外' } },
    { url: `/api/v1/meetings/${ID}/leave`, body: { reason: '出差在外' } },
  ])
})

test('a meeting that cannot be read says why, and 重试 loads it', async () => {
  api.on(`GET /api/v1/meetings/${ID}`, { status: 404, body: { error: { code: 'NOT_FOUND', message: '找不到这次组织生活' } } })
  render(<MeetingDetailPage />)
  expect(await screen.findByText('找不到这次组织生活')).toBeTruthy()
  api.on(`GET /api/v1/meetings/${ID}`, { body: meeting() })
  fireEvent.click(screen.getByText('重试'))
  expect(await screen.findByText('十一月主题党日')).toBeTruthy()
})

test('without an id the page says so and asks nothing of the server', () => {
  delete routerParams.id
  render(<MeetingDetailPage />)
  expect(screen.getByText('没有指定组织生活')).toBeTruthy()
  expect(api.received).toEqual([])
})

test('the secretary sees attendance: counts, guests with their company, absentees, the vote', async () => {
  api.on(`GET /api/v1/meetings/${ID}`, { body: meeting({ canManage: true }) })
  api.on(`GET /api/v1/meetings/${ID}/attendance`, { body: attendance })
  render(<MeetingDetailPage />)
  expect(await screen.findByText('赵强（来宾 · 云帆网络）')).toBeTruthy()
  expect(screen.getByText('张明')).toBeTruthy()
  expect(screen.getByText('李婷（未签到）')).toBeTruthy()
  expect(screen.getByText('孙流（流动党员）（未签到）')).toBeTruthy()
  // 补签 only for the branch's own members, not for a 流动党员.
  expect(screen.getAllByText('补签')).toHaveLength(1)
  expect(screen.getByText(/有表决权应到 2 人，已到 1 人，过半数需 2 人（未达到）/)).toBeTruthy()
  fireEvent.click(screen.getByText('出示签到码'))
  expect(navigations).toContainEqual({ kind: 'navigateTo', url: `/packages/meetings/pages/code/index?id=${ID}` })
})

test('a committee’s admin reads the attendance but gets none of the secretary’s buttons', async () => {
  api.on(`GET /api/v1/meetings/${ID}`, { body: meeting({ canManage: false, canInspect: true, myStatus: null }) })
  api.on(`GET /api/v1/meetings/${ID}/attendance`, { body: attendance })
  render(<MeetingDetailPage />)
  expect(await screen.findByText('赵强（来宾 · 云帆网络）')).toBeTruthy()
  expect(screen.getByText('上级党组织只读查看：由星火科技有限公司党支部书记办理签到、补签和会议记录。')).toBeTruthy()
  expect(screen.getByText('李婷（未签到）')).toBeTruthy()
  expect(screen.queryByText('补签')).toBeNull()
  expect(screen.queryByText('出示签到码')).toBeNull()
  expect(screen.queryByText('取消会议')).toBeNull()
  expect(screen.getByText('导出签到表')).toBeTruthy()
})

test('补签 asks for a reason, sends it with the member, and shows the updated attendance', async () => {
  let signed = false
  api.on(`GET /api/v1/meetings/${ID}`, { body: meeting({ canManage: true }) })
  api.on(`GET /api/v1/meetings/${ID}/attendance`, () => ({
    body: signed
      ? { ...attendance, checkedIn: 2, absent: 1, records: [...attendance.records, { name: '李婷', company: null, kind: 'member', voting: false, method: 'manual', at: inDays(0), manualReason: '手机没电' }], absentees: attendance.absentees.slice(1) }
      : attendance,
  }))
  api.on(`POST /api/v1/meetings/${ID}/attendance`, () => {
    signed = true
    return { status: 201, body: { meetingId: ID, meetingTitle: '十一月主题党日', checkedInAt: inDays(0), kind: 'member' } }
  })
  render(<MeetingDetailPage />)
  fireEvent.click(await screen.findByText('补签'))
  expect(screen.getByText('为李婷补签')).toBeTruthy()
  typeInto('原因（必填）', '手机没电')
  fireEvent.click(screen.getByText('确定'))
  expect(await screen.findByText('李婷')).toBeTruthy()
  expect(screen.queryByText('为李婷补签')).toBeNull()
  expect(screen.queryByText('李婷（未签到）')).toBeNull()
  expect(posts()).toEqual([{ url: `/api/v1/meetings/${ID}/attendance`, body: { memberId: LITING, reason: '手机没电' } }])
})

test('取消会议 without a reason is refused by the server and the box stays open', async () => {
  api.on(`GET /api/v1/meetings/${ID}`, { body: meeting({ canManage: true }) })
  api.on(`GET /api/v1/meetings/${ID}/attendance`, { body: attendance })
  api.on(`POST /api/v1/meetings/${ID}/cancel`, { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: '请填写取消原因', fields: [{ path: 'reason', message: '请填写取消原因' }] } } })
  render(<MeetingDetailPage />)
  fireEvent.click(await screen.findByText('取消会议'))
  fireEvent.click(screen.getByText('确定'))
  expect(await screen.findByText('请填写取消原因')).toBeTruthy()
  expect(screen.getByText('取消这次组织生活')).toBeTruthy()
})

test('the secretary writes the minutes and sees them saved', async () => {
  let minutes: Record<string, unknown> = noMinutes
  api.on(`GET /api/v1/meetings/${ID}`, { body: meeting({ canManage: true, startsAt: inDays(-1), endsAt: inDays(-1, 2) }) })
  api.on(`GET /api/v1/meetings/${ID}/attendance`, { body: attendance })
  api.on(`GET /api/v1/meetings/${ID}/minutes`, () => ({ body: minutes }))
  api.on(`PUT /api/v1/meetings/${ID}/minutes`, (req) => {
    minutes = { ...noMinutes, body: (req.body as { body: string }).body, authorName: '王建国', updatedAt: inDays(0) }
    return { body: minutes }
  })
  render(<MeetingDetailPage />)
  expect(await screen.findByText('还没有会议记录')).toBeTruthy()
  expect(looksDisabled(screen.getByText('保存记录'))).toBe(true)
  fireEvent.click(screen.getByText('保存记录'))
  expect(posts()).toEqual([])
  typeInto('填写会议记录', '到会 3 人，学习了党章')
  fireEvent.click(screen.getByText('保存记录'))
  expect(await screen.findByText('到会 3 人，学习了党章', { selector: 'span' })).toBeTruthy()
  expect(posts()).toEqual([{ url: `/api/v1/meetings/${ID}/minutes`, body: { body: '到会 3 人，学习了党章' } }])
})

test('locked minutes: the box starts empty and 追加修订 posts an amendment', async () => {
  const locked = { body: '原记录', authorName: '王建国', updatedAt: inDays(-9), locksAt: inDays(-2), locked: true, amendments: [] }
  api.on(`GET /api/v1/meetings/${ID}`, { body: meeting({ canManage: true, startsAt: inDays(-10), endsAt: inDays(-10, 2) }) })
  api.on(`GET /api/v1/meetings/${ID}/attendance`, { body: attendance })
  api.on(`GET /api/v1/meetings/${ID}/minutes`, { body: locked })
  api.on(`POST /api/v1/meetings/${ID}/minutes/amendments`, { status: 201, body: { ...locked, amendments: [{ body: '补充：李婷补签', authorName: '王建国', at: inDays(0) }] } })
  render(<MeetingDetailPage />)
  const box = (await screen.findByPlaceholderText('记录已锁定：在此填写修订说明，原记录不会改变')) as HTMLTextAreaElement
  expect(box.value).toBe('')
  expect(screen.getByText(/已锁定$/)).toBeTruthy()
  typeInto('记录已锁定：在此填写修订说明，原记录不会改变', '补充：李婷补签')
  fireEvent.click(screen.getByText('追加修订'))
  await waitFor(() => expect(posts()).toEqual([{ url: `/api/v1/meetings/${ID}/minutes/amendments`, body: { body: '补充：李婷补签' } }]))
})
