import { eq } from 'drizzle-orm'
import { periodOf, periodsWithin } from '../../../src/domain/compliance'
import type { MeetingType } from '../../../src/domain/meetings'
import { chinaDate, chinaInstant } from '../../../src/domain/time'
import type { DbOrTx } from '../db/client'
import { checkins, meetingMinutes, meetings, members } from '../db/schema'

const MIN = 60_000
const DAY = 86_400_000

interface Held {
  type: MeetingType
  title: string
  /** The China date it was held, 14:00–16:00. */
  day: string
  /** 补记 signs: every sign-in a 补签 in one minute, posted after it ended, minutes 10 days late. */
  backfilled?: boolean
}

/**
 * Last quarter's 三会一课, so that 首页's 待办 and the committee's view show every state the day the
 * demo starts (README 「三会一课与提醒」): 星火 held its theme days and 党课 but no 支部党员大会
 * (逾期); 创业大厦 held everything (已完成); the 挂靠 branch held everything too, but its 党员大会 was
 * posted after the fact with every sign-in a 补签 in one minute, and its 党课's minutes came 10 days
 * late (疑似补记).
 */
export async function seedHistory(tx: DbOrTx, now: Date, branches: { xinghuo: string; chuangye: string; attached: string }, secretaryUserId: string) {
  const last = periodOf('quarter', new Date(periodOf('quarter', now).start.getTime() - 1))
  const months = periodsWithin('month', last).map((m) => chinaDate(m.start).slice(0, 8))
  const themeDays = (what: string): Held[] => months.map((m, i) => ({ type: 'theme_day', title: `主题党日：${what}（${i + 1}）`, day: `${m}15` }))
  const plan: Record<keyof typeof branches, Held[]> = {
    xinghuo: [...themeDays('车间安全与党员先锋岗'), { type: 'lecture', title: '党课：学习新修订的《中国共产党纪律处分条例》', day: `${months[1]}20` }],
    chuangye: [
      ...themeDays('楼宇党建共建'),
      { type: 'branch_assembly', title: '支部党员大会：讨论发展对象', day: `${months[1]}10` },
      { type: 'lecture', title: '党课：新质生产力与企业党建', day: `${months[2]}12` },
    ],
    attached: [
      ...themeDays('骑手驿站志愿服务'),
      { type: 'branch_assembly', title: '支部党员大会：民主评议准备', day: `${months[2]}08`, backfilled: true },
      { type: 'lecture', title: '党课：党员的权利和义务', day: `${months[0]}25` },
    ],
  }
  for (const [key, list] of Object.entries(plan) as [keyof typeof branches, Held[]][]) {
    const roll = await tx.select().from(members).where(eq(members.branchId, branches[key]))
    for (const h of list) {
      const startsAt = chinaInstant(h.day, '14:00')
      const endsAt = chinaInstant(h.day, '16:00')
      const [m] = await tx
        .insert(meetings)
        .values({
          branchId: branches[key],
          type: h.type,
          title: h.title,
          location: '支部活动室',
          startsAt,
          endsAt,
          createdBy: key === 'xinghuo' ? secretaryUserId : null,
          createdAt: h.backfilled ? new Date(endsAt.getTime() + 3 * DAY) : new Date(startsAt.getTime() - 5 * DAY),
        })
        .returning({ id: meetings.id })
      await tx.insert(checkins).values(
        roll.map((r, i) => ({
          meetingId: m.id,
          userId: r.userId,
          memberId: r.id,
          kind: 'member' as const,
          method: h.backfilled ? ('manual' as const) : ('qr' as const),
          name: r.realName,
          manualReason: h.backfilled ? '会后补登' : null,
          at: h.backfilled ? new Date(endsAt.getTime() + 3 * DAY) : new Date(startsAt.getTime() - 20 * MIN + i * 3 * MIN),
        })),
      )
      const late = key === 'attached' && h.type === 'lecture'
      const written = new Date(endsAt.getTime() + (late ? 10 * DAY : 2 * 3_600_000))
      await tx.insert(meetingMinutes).values({ meetingId: m.id, body: `${h.title}。到会党员 ${roll.length} 人，会议按议程进行。`, updatedAt: written, createdAt: written })
    }
  }
}
