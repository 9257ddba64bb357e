/**
 * Reminders (订阅消息 and the in-app 待办): which templates exist, what each says, and the data WeChat's
 * subscribeMessage.send takes for it. Plain data: the scheduler, the sender and the pages share it.
 */

export const REMINDER_TEMPLATES = ['deadline', 'meeting_start', 'leave_received'] as const
export type ReminderTemplate = (typeof REMINDER_TEMPLATES)[number]
export const REMINDER_LABELS: Record<ReminderTemplate, string> = {
  deadline: '三会一课即将到期',
  meeting_start: '组织生活即将开始',
  leave_received: '请假已收到',
}

/** What a reminder says; `title` is the thing (会议名称 or 待召开的会议), `time` an ISO instant. */
export interface ReminderPayload {
  title: string
  time: string
  /** A third line: the place, the days left, the leave's reason. */
  note: string
}

/** How long before a deadline the secretary is reminded (days), and before a meeting its members (ms). */
export const DEADLINE_REMINDER_DAYS = [7, 1] as const
export const MEETING_REMINDER_MS = 60 * 60 * 1000
/** A failed send is tried again after these delays, then left to the in-app 待办 (3 tries in all). */
export const SEND_RETRY_DELAYS_MS = [60_000, 5 * 60_000] as const
export const MAX_SEND_ATTEMPTS = SEND_RETRY_DELAYS_MS.length + 1

/** WeChat's `thing` fields take at most 20 characters. */
const thing = (s: string) => (Array.from(s).length > 20 ? `${Array.from(s).slice(0, 19).join('')}…` : s)

/**
 * The `data` of subscribeMessage.send. The template applied for in the admin console must have these
 * keywords in this order (README 「三会一课与提醒」): thing1 事项/会议名称, time2 时间, thing3 备注/地点/原因.
 */
export function templateData(p: ReminderPayload, timeText: string): Record<string, { value: string }> {
  return { thing1: { value: thing(p.title) }, time2: { value: timeText }, thing3: { value: thing(p.note || '—') } }
}
