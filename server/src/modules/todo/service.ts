import { and, asc, eq, gt, gte, inArray, isNull, sql } from 'drizzle-orm'
import { ITEM_STATE_LABELS, periodOf, type ItemState } from '../../../../src/domain/compliance'
import { MEETING_TYPE_LABELS, checkinWindow } from '../../../../src/domain/meetings'
import { REMINDER_LABELS, type ReminderTemplate } from '../../../../src/domain/reminders'
import { formatChina } from '../../../../src/domain/time'
import type { Todo } from '../../../../src/domain/todo'
import type { Db } from '../../db/client'
import { declarations, meetings, organizations, reminders, roleAssignments } from '../../db/schema'
import { activeMembership } from '../membership/service'
import { summary as transferSummary } from '../transfers/service'
import type { FieldCipher } from '../../lib/fieldcrypto'
import { branchesUnder, compute } from '../compliance/service'

export interface TodoDeps {
  db: Db
  now: () => Date
  cipher: FieldCipher
  templates: Partial<Record<ReminderTemplate, string>>
}

type Item = Todo['items'][number]
const PAGES = {
  create: '/packages/meetings/pages/create/index',
  detail: '/packages/meetings/pages/detail/index',
  code: '/packages/meetings/pages/code/index',
  checkin: '/packages/meetings/pages/checkin/index',
  review: '/packages/identity/pages/review/index',
  transferReview: '/packages/transfers/pages/review/index',
  compliance: '/packages/compliance/pages/branch/index',
}
const md = (d: Date) => formatChina(d, 'M月D日')
const TONE: Partial<Record<ItemState, Item['tone']>> = { overdue: 'overdue', soon: 'soon', due: 'due' }

/** A branch's meetings not yet over and not cancelled, the soonest first. */
function upcomingMeetings(db: Db, branchId: string, now: Date, limit: number) {
  return db
    .select({ id: meetings.id, type: meetings.type, startsAt: meetings.startsAt, endsAt: meetings.endsAt, title: meetings.title, location: meetings.location })
    .from(meetings)
    .where(and(eq(meetings.branchId, branchId), isNull(meetings.cancelledAt), gt(meetings.endsAt, now)))
    .orderBy(asc(meetings.startsAt))
    .limit(limit)
}

/**
 * The next meeting as a 待办 item. While its sign-in is open: the secretary's 出示签到码 (the code
 * screen), the member's 去签到 (the meeting's page, with 输入数字签到码).
 */
function nextMeeting(m: Awaited<ReturnType<typeof upcomingMeetings>>[number], now: Date, as: 'secretary' | 'member', prefix: string): Item {
  const open = checkinWindow(m.startsAt.getTime(), m.endsAt.getTime(), now.getTime()) === 'open'
  const when = `${md(m.startsAt)} ${formatChina(m.startsAt, 'HH:mm')}`
  return {
    key: `meeting:${m.id}`,
    kind: 'meeting',
    tone: open ? 'now' : 'info',
    title: as === 'secretary' ? `${prefix}下一次：${m.title}` : `下一次组织生活：${m.title}`,
    desc: as === 'secretary' ? `${MEETING_TYPE_LABELS[m.type]} · ${when}${open ? ' · 正在签到' : ''}` : `${when} · ${m.location}`,
    url: as === 'secretary' && open ? `${PAGES.code}?id=${m.id}` : `${PAGES.detail}?id=${m.id}`,
    action: open ? (as === 'secretary' ? '出示签到码' : '去签到') : '查看',
  }
}

/**
 * 首页's 待办, worst first: for each branch the user is secretary of, the 三会一课 still owed this
 * quarter (and last quarter's misses), the next meeting, the reviews waiting; for everyone the
 * next meeting of their branch and the reminders WeChat could not deliver.
 */
export async function todo(deps: TodoDeps, userId: string): Promise<Todo> {
  const now = deps.now()
  const items: Item[] = []
  const branches = await deps.db
    .select({ id: organizations.id, name: organizations.name })
    .from(roleAssignments)
    .innerJoin(organizations, eq(organizations.id, roleAssignments.orgId))
    .where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.role, 'secretary'), eq(organizations.type, 'branch'), isNull(organizations.dissolvedAt)))
  const many = branches.length > 1
  const quarter = periodOf('quarter', now)
  const lastQuarter = periodOf('quarter', new Date(quarter.start.getTime() - 1))

  for (const b of branches) {
    const [info] = (await branchesUnder(deps.db, b.id)).filter((x) => x.id === b.id)
    if (!info) continue
    const prefix = many ? `${b.name} · ` : ''
    // Meetings already posted for the rest of this quarter: an item they will settle is 已安排, not 待发布.
    const upcoming = await upcomingMeetings(deps.db, b.id, now, 20)
    const [past] = await compute(deps.db, [info], lastQuarter, now)
    const [current] = await compute(deps.db, [info], quarter, now)
    for (const [c, isPast] of [
      [past, true],
      [current, false],
    ] as const) {
      for (const item of c.items) {
        for (const p of item.periods) {
          const tone = TONE[p.state]
          if (!tone) continue
          const planned = !isPast && upcoming.find((m) => m.type === item.type && m.startsAt < new Date(p.end))
          const left = p.daysLeft === null ? '' : `，还剩 ${p.daysLeft} 天`
          items.push({
            key: `compliance:${b.id}:${item.type}:${p.key}`,
            kind: 'compliance',
            tone: planned ? 'info' : tone,
            title: `${prefix}${item.typeLabel} · ${p.label}${p.state === 'overdue' ? '逾期未完成' : `还需召开${item.required - p.counted > 1 ? ` ${item.required - p.counted} 次` : ''}`}`,
            desc: planned
              ? `已安排：${md(planned.startsAt)} ${formatChina(planned.startsAt, 'HH:mm')}「${planned.title}」；开完、过半数签到并写好记录才算完成`
              : p.state === 'overdue'
                ? `截止 ${md(new Date(new Date(p.end).getTime() - 1))} 已过（${item.rule}）。请尽快召开${p.shortfalls.length ? `；未计入：${p.shortfalls.map((s) => `「${s.title}」${s.reason}`).join('；')}` : ''}`
                : `${ITEM_STATE_LABELS[p.state]}：截止 ${md(new Date(new Date(p.end).getTime() - 1))}${left}（${item.rule}）`,
            url: planned ? `${PAGES.detail}?id=${planned.id}` : `${PAGES.create}?type=${item.type}&branchId=${b.id}`,
            action: planned ? '查看' : '发布',
          })
        }
      }
    }
    if (upcoming[0]) items.push(nextMeeting(upcoming[0], now, 'secretary', prefix))
    // The way into the branch's own view (rates, shortfalls, 疑似补记 and its notes), always last.
    items.push({
      key: `compliance-view:${b.id}`,
      kind: 'compliance',
      tone: 'info',
      title: `${prefix}本支部三会一课：${quarter.label}完成 ${current.done}/${current.owed} 项`,
      desc: current.flags.length ? `有 ${current.flags.length} 次会议被提示疑似补记，可以说明情况` : '应召开、已完成、逾期与疑似补记',
      url: `${PAGES.compliance}?branchId=${b.id}`,
      action: '查看',
    })
    const [pending] = await deps.db
      .select({ n: sql<number>`count(*)::int` })
      .from(declarations)
      .where(and(eq(declarations.branchId, b.id), eq(declarations.status, 'pending')))
    if (pending.n > 0) {
      items.push({ key: `review:declarations:${b.id}`, kind: 'review', tone: 'due', title: `${prefix}亮身份申报待审核 ${pending.n} 件`, desc: '最早的在前，审核后申报人即可领取电子党员证', url: PAGES.review, action: '去审核' })
    }
  }
  if (branches.length > 0) {
    const t = await transferSummary({ db: deps.db, now: deps.now, cipher: deps.cipher }, userId)
    if (t.pendingReview > 0) {
      items.push({
        key: 'review:transfers',
        kind: 'review',
        tone: t.overdue > 0 ? 'overdue' : 'due',
        title: `组织关系接转待审核 ${t.pendingReview} 件`,
        desc: t.overdue > 0 ? `其中 ${t.overdue} 件已超过办理时限，请先处理` : '转入、转出、流入、流出登记',
        url: PAGES.transferReview,
        action: '去审核',
      })
    }
  } else {
    // A member: the next meeting of their branch, with 签到 when its window is open.
    const membership = await activeMembership(deps.db, userId)
    if (membership) {
      const [next] = await upcomingMeetings(deps.db, membership.member.branchId, now, 1)
      if (next) items.push(nextMeeting(next, now, 'member', ''))
    }
  }
  // Reminders WeChat did not deliver (no subscription, or sending failed): shown here for 7 days.
  const inApp = await deps.db
    .select()
    .from(reminders)
    .where(and(eq(reminders.userId, userId), inArray(reminders.status, ['in_app', 'failed']), isNull(reminders.readAt), gte(reminders.createdAt, new Date(now.getTime() - 7 * 86_400_000))))
    .orderBy(asc(reminders.createdAt))
    .limit(10)
  for (const r of inApp) {
    items.push({
      key: `reminder:${r.id}`,
      kind: 'reminder',
      tone: 'info',
      title: `${REMINDER_LABELS[r.template]}：${r.payload.title}`,
      desc: `${formatChina(new Date(r.payload.time), 'M月D日 HH:mm')}${r.payload.note ? ` · ${r.payload.note}` : ''}`,
      url: r.page,
      action: '查看',
    })
  }
  const rank: Record<Item['tone'], number> = { now: 0, overdue: 1, soon: 2, due: 3, info: 4 }
  items.sort((a, b) => rank[a.tone] - rank[b.tone])
  return {
    items,
    badge: items.filter((i) => i.kind === 'review' || i.tone === 'now' || i.tone === 'overdue' || i.tone === 'soon').length,
    subscribe: templatesFor(deps.templates, branches.length > 0),
  }
}

/** The subscribe-message templates to ask a person for: a secretary's deadlines too; none without config. */
export function templatesFor(templates: TodoDeps['templates'], secretary: boolean): string[] {
  const wanted: ReminderTemplate[] = secretary ? ['deadline', 'meeting_start', 'leave_received'] : ['meeting_start', 'leave_received']
  return wanted.flatMap((t) => (templates[t] ? [templates[t]!] : []))
}

/** The templates alone, for a page that asks at its own moment (发布组织生活). */
export async function subscribeTemplates(deps: TodoDeps, userId: string): Promise<{ templates: string[] }> {
  const [secretary] = await deps.db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.userId, userId), eq(roleAssignments.role, 'secretary')))
    .limit(1)
  return { templates: templatesFor(deps.templates, !!secretary) }
}
