import { and, asc, eq, isNull, lte, sql } from 'drizzle-orm'
import { periodOf } from '../../../../src/domain/compliance'
import {
  DEADLINE_REMINDER_DAYS,
  MAX_SEND_ATTEMPTS,
  MEETING_REMINDER_MS,
  SEND_RETRY_DELAYS_MS,
  templateData,
  type ReminderPayload,
  type ReminderTemplate,
} from '../../../../src/domain/reminders'
import { formatChina } from '../../../../src/domain/time'
import { rowsOf, type Db, type DbOrTx } from '../../db/client'
import { reminders, roleAssignments, subscribeGrants, users } from '../../db/schema'
import type { WechatMessenger } from '../auth/wechat'
import { branchesWithSecretaries, compute } from '../compliance/service'

export interface ReminderDeps {
  db: Db
  now: () => Date
  messenger: WechatMessenger | null
  templates: Partial<Record<ReminderTemplate, string>>
  log?: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void }
}

const DAY = 86_400_000
const PAGES = { compliance: '/pages/home/index', meeting: '/packages/meetings/pages/detail/index' }

/**
 * Records a reminder once: `key` names the occasion, and a second insert of it (another tick,
 * another instance) does nothing. Returns whether this call created it.
 */
export async function remind(db: DbOrTx, r: { key: string; userId: string; template: ReminderTemplate; payload: ReminderPayload; page: string; at: Date }): Promise<boolean> {
  const rows = await db
    .insert(reminders)
    .values({ key: r.key, userId: r.userId, template: r.template, payload: r.payload, page: r.page, nextAttemptAt: r.at, createdAt: r.at })
    .onConflictDoNothing({ target: reminders.key })
    .returning({ id: reminders.id })
  return rows.length > 0
}

/** 即将到期 for each secretary, 7 days and 1 day before each deadline of this quarter still open. */
async function planDeadlines(deps: ReminderDeps, now: Date): Promise<number> {
  const branches = await branchesWithSecretaries(deps.db)
  if (branches.length === 0) return 0
  const computed = await compute(deps.db, branches, periodOf('quarter', now), now)
  const secretaries = await deps.db.select({ orgId: roleAssignments.orgId, userId: roleAssignments.userId }).from(roleAssignments).where(eq(roleAssignments.role, 'secretary'))
  let made = 0
  for (const c of computed) {
    for (const item of c.items) {
      for (const p of item.periods) {
        if (p.state !== 'soon' && p.state !== 'due') continue
        const left = new Date(p.end).getTime() - now.getTime()
        for (const days of DEADLINE_REMINDER_DAYS) {
          if (left > days * DAY) continue
          for (const s of secretaries.filter((x) => x.orgId === c.branch.id)) {
            const created = await remind(deps.db, {
              key: `deadline:${days}:${c.branch.id}:${item.type}:${p.key}:${s.userId}`,
              userId: s.userId,
              template: 'deadline',
              payload: { title: `${item.typeLabel}（${p.label}）`, time: new Date(new Date(p.end).getTime() - 60_000).toISOString(), note: `${c.branch.name}还需召开，剩 ${Math.ceil(left / DAY)} 天` },
              page: PAGES.compliance,
              at: now,
            })
            if (created) made++
          }
        }
      }
    }
  }
  return made
}

/** The meeting's start, an hour before, to every member of its branch who has not asked for leave. */
async function planMeetingStarts(deps: ReminderDeps, now: Date): Promise<number> {
  const rows = await deps.db.execute(sql`
    INSERT INTO reminders (key, user_id, template, payload, page, next_attempt_at, created_at)
    SELECT 'start:' || m.id || ':' || mb.user_id, mb.user_id, 'meeting_start',
      jsonb_build_object('title', m.title, 'time', to_char(m.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), 'note', m.location),
      ${PAGES.meeting} || '?id=' || m.id, ${now.toISOString()}, ${now.toISOString()}
    FROM meetings m
    JOIN members mb ON mb.branch_id = m.branch_id AND mb.status = 'active'
    WHERE m.cancelled_at IS NULL AND m.starts_at > ${now.toISOString()} AND m.starts_at <= ${new Date(now.getTime() + MEETING_REMINDER_MS).toISOString()}
      AND NOT EXISTS (SELECT 1 FROM meeting_leaves l WHERE l.meeting_id = m.id AND l.user_id = mb.user_id)
    ON CONFLICT (key) DO NOTHING
    RETURNING id`)
  return rowsOf(rows).length
}

/** 请假已收到, to the member who asked (called by the meetings module in the leave's transaction). */
export function leaveReceived(db: DbOrTx, m: { id: string; title: string; startsAt: Date }, userId: string, reason: string, now: Date) {
  return remind(db, {
    key: `leave:${m.id}:${userId}`,
    userId,
    template: 'leave_received',
    payload: { title: m.title, time: m.startsAt.toISOString(), note: reason },
    page: `${PAGES.meeting}?id=${m.id}`,
    at: now,
  })
}

/**
 * Sends what is due, each row claimed with FOR UPDATE SKIP LOCKED so that two instances never send
 * the same reminder; the send happens while the row is held. Without a configured template, a
 * messenger or an unused subscription, the reminder stays in the app (待办). A failed send is tried
 * again after 1 and 5 minutes; after the third failure it stays in the app.
 */
export async function deliver(deps: ReminderDeps, now: Date, batch = 20): Promise<{ sent: number; inApp: number; failed: number; retried: number }> {
  const out = { sent: 0, inApp: 0, failed: 0, retried: 0 }
  for (;;) {
    const handled = await deps.db.transaction(async (tx) => {
      const due = await tx
        .select({ r: reminders, openid: users.openid })
        .from(reminders)
        .innerJoin(users, eq(users.id, reminders.userId))
        .where(and(eq(reminders.status, 'pending'), lte(reminders.nextAttemptAt, now)))
        .orderBy(asc(reminders.nextAttemptAt))
        .limit(batch)
        .for('update', { of: reminders, skipLocked: true })
      for (const { r, openid } of due) {
        const templateId = deps.templates[r.template]
        const [grant] =
          templateId && deps.messenger
            ? await tx
                .select({ id: subscribeGrants.id })
                .from(subscribeGrants)
                .where(and(eq(subscribeGrants.userId, r.userId), eq(subscribeGrants.template, r.template), isNull(subscribeGrants.usedAt)))
                .orderBy(asc(subscribeGrants.grantedAt))
                .limit(1)
                .for('update', { skipLocked: true })
            : []
        if (!templateId || !deps.messenger || !grant) {
          await tx.update(reminders).set({ status: 'in_app' }).where(eq(reminders.id, r.id))
          out.inApp++
          continue
        }
        const outcome = await deps.messenger.sendSubscribeMessage({
          openid,
          templateId,
          page: r.page,
          data: templateData(r.payload, formatChina(new Date(r.payload.time), 'YYYY年M月D日 HH:mm')),
        })
        const attempts = r.attempts + 1
        if (outcome === 'sent') {
          await tx.update(subscribeGrants).set({ usedAt: now }).where(eq(subscribeGrants.id, grant.id))
          await tx.update(reminders).set({ status: 'sent', attempts, sentAt: now }).where(eq(reminders.id, r.id))
          out.sent++
        } else if (outcome === 'refused') {
          // WeChat holds no subscription for it: that grant is spent; the reminder stays in the app.
          await tx.update(subscribeGrants).set({ usedAt: now }).where(eq(subscribeGrants.id, grant.id))
          await tx.update(reminders).set({ status: 'in_app', attempts, lastError: 'refused' }).where(eq(reminders.id, r.id))
          out.inApp++
        } else if (attempts >= MAX_SEND_ATTEMPTS) {
          await tx.update(reminders).set({ status: 'failed', attempts, lastError: 'send failed' }).where(eq(reminders.id, r.id))
          out.failed++
        } else {
          await tx
            .update(reminders)
            .set({ attempts, lastError: 'send failed', nextAttemptAt: new Date(now.getTime() + SEND_RETRY_DELAYS_MS[attempts - 1]) })
            .where(eq(reminders.id, r.id))
          out.retried++
        }
      }
      return due.length
    })
    if (handled < batch) return out
  }
}

/** One scheduler tick: plan what is due, then send it. */
export async function tick(deps: ReminderDeps) {
  const now = deps.now()
  const planned = (await planDeadlines(deps, now)) + (await planMeetingStarts(deps, now))
  const delivered = await deliver(deps, now)
  return { planned, ...delivered }
}

/** One-time subscriptions the person just granted in WeChat (wx.requestSubscribeMessage's accepts). */
export async function grant(deps: ReminderDeps, userId: string, templateIds: string[]) {
  const byId = new Map(Object.entries(deps.templates).map(([k, v]) => [v, k as ReminderTemplate]))
  const accepted = [...new Set(templateIds)].flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []))
  if (accepted.length > 0) await deps.db.insert(subscribeGrants).values(accepted.map((template) => ({ userId, template, grantedAt: deps.now() })))
  return { granted: accepted }
}

/** Marks an in-app reminder read: it leaves the 待办. */
export async function markRead(deps: ReminderDeps, userId: string, id: string) {
  const rows = await deps.db
    .update(reminders)
    .set({ readAt: deps.now() })
    .where(and(eq(reminders.id, id), eq(reminders.userId, userId)))
    .returning({ id: reminders.id })
  return rows.length > 0
}
