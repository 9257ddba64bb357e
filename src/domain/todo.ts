import { z } from 'zod'

/**
 * 首页's 待办: composed by the server (GET /api/v1/todo) so that the main package only renders it.
 * Kept apart from compliance.ts and reminders.ts, which the main package must not carry.
 */
export const TODO_TONES = ['overdue', 'soon', 'due', 'now', 'info'] as const

export const TodoSchema = z.object({
  items: z.array(
    z.object({
      key: z.string(),
      /** compliance: a 三会一课 item due; meeting: the next meeting; review: a pending review; reminder: an in-app reminder. */
      kind: z.enum(['compliance', 'meeting', 'review', 'reminder']),
      tone: z.enum(TODO_TONES),
      title: z.string(),
      desc: z.string(),
      /** The page the item opens, and its button (发布, 出示签到码, 去审核). */
      url: z.string().nullable(),
      action: z.string().nullable(),
    }),
  ),
  /** Items that want attention now (逾期, 即将到期, an open sign-in, reviews): the tab's badge. */
  badge: z.number().int(),
  /** The subscribe-message templates the secretary may be asked for; empty when WeChat is not configured. */
  subscribe: z.array(z.string()),
})
export type Todo = z.infer<typeof TodoSchema>
