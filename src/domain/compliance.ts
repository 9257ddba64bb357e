import { z } from 'zod'
import { IdSchema, lines } from './common'
import { labelled } from './validation'
import { MEETING_TYPES, MEETING_TYPE_LABELS, type MeetingType } from './meetings'
import { DAY_MS, HOUR_MS, chinaDate, formatChina, isCalendarDate, type Instant } from './time'

/**
 * 三会一课 on schedule: what each branch owes, per calendar month, quarter and year in China time,
 * and when a held meeting counts. The server computes compliance with these rules on every read
 * (no nightly job) and the committee's pages show the same definitions. domain.md has the
 * frequencies from 《中国共产党支部工作条例（试行）》.
 */

export const COMPLIANCE_UNITS = ['month', 'quarter', 'year'] as const
export type ComplianceUnit = (typeof COMPLIANCE_UNITS)[number]
export const UNIT_LABELS: Record<ComplianceUnit, string> = { month: '每月', quarter: '每季度', year: '每年' }
const MONTHS_IN: Record<ComplianceUnit, number> = { month: 1, quarter: 3, year: 12 }

export interface Rule {
  type: MeetingType
  unit: ComplianceUnit
  /** Meetings of this type owed per period. */
  count: number
  /**
   * Owed only by branches with at least this many full members: a 支部委员会 (and with it 党小组)
   * is set up where a branch has 7 or more full members (条例 第十七条); a smaller branch has a
   * secretary alone and holds no 支委会.
   */
  minFullMembers?: number
}

/** The 条例's frequencies. Only members' sign-ins count; 流动党员 and guests attend but do not count. */
export const DEFAULT_RULES: readonly Rule[] = [
  { type: 'branch_assembly', unit: 'quarter', count: 1 },
  { type: 'committee', unit: 'month', count: 1, minFullMembers: 7 },
  { type: 'group', unit: 'month', count: 1, minFullMembers: 7 },
  { type: 'lecture', unit: 'quarter', count: 1 },
  { type: 'theme_day', unit: 'month', count: 1 },
  { type: 'life_meeting', unit: 'year', count: 1 },
  { type: 'review', unit: 'year', count: 1 },
]
export const REQUIRED_TYPES = DEFAULT_RULES.map((r) => r.type)
export type RequiredType = Exclude<MeetingType, 'other'>

/** Meetings a rule asks for in a year: how strict it is. */
export const perYear = (r: Pick<Rule, 'unit' | 'count'>) => (r.count * 12) / MONTHS_IN[r.unit]

/**
 * A committee may tighten a rule for its subtree, never loosen it: at least as many meetings a year
 * and a period no longer than the 条例's (党课 monthly instead of quarterly, say).
 */
export function isTightening(candidate: Pick<Rule, 'unit' | 'count'>, base: Pick<Rule, 'unit' | 'count'>): boolean {
  return perYear(candidate) >= perYear(base) && MONTHS_IN[candidate.unit] <= MONTHS_IN[base.unit]
}

/** The rules a branch follows: the 条例's, each replaced by the strictest tightening of any committee above it. */
export function effectiveRules(tightenings: readonly Pick<Rule, 'type' | 'unit' | 'count'>[]): Rule[] {
  return DEFAULT_RULES.map((base) => {
    let rule: Rule = base
    for (const t of tightenings) {
      if (t.type !== base.type || !isTightening(t, base)) continue
      if (perYear(t) > perYear(rule) || (perYear(t) === perYear(rule) && MONTHS_IN[t.unit] < MONTHS_IN[rule.unit])) rule = { ...base, unit: t.unit, count: t.count }
    }
    return rule
  })
}

export const ruleLabel = (r: Pick<Rule, 'unit' | 'count'>) => `${UNIT_LABELS[r.unit]}${r.count > 1 ? ` ${r.count} 次` : ' 1 次'}`

// ── periods ──────────────────────────────────────────────────────────────────

/** `2026-12` (month), `2026-Q4` (quarter) or `2026` (year), on China's calendar. */
export type PeriodKey = string
const KEY = /^(\d{4})(?:-(0[1-9]|1[0-2])|-Q([1-4]))?$/

export interface PeriodSpan {
  key: PeriodKey
  unit: ComplianceUnit
  label: string
  start: Date
  /** The instant the next period starts (half-open). */
  end: Date
}

function pad(n: number) {
  return String(n).padStart(2, '0')
}

/** China midnight on the first of month `m` (1-based, may be 13) of year `y`. */
function monthStart(y: number, m: number): Date {
  const yy = y + Math.floor((m - 1) / 12)
  const mm = ((m - 1) % 12) + 1
  return new Date(`${yy}-${pad(mm)}-01T00:00:00+08:00`)
}

/**
 * The period of `unit` containing `at`. Plain arithmetic on China's calendar date (no dayjs period
 * code): the mini-program's main package carries this module's callers, and every byte counts.
 */
export function periodOf(unit: ComplianceUnit, at: Instant): PeriodSpan {
  const [y, m] = chinaDate(at).split('-').map(Number)
  const key = unit === 'year' ? `${y}` : unit === 'quarter' ? `${y}-Q${Math.floor((m - 1) / 3) + 1}` : `${y}-${pad(m)}`
  return parsePeriod(key)!
}

/** A period key read back; null when it is not one (2026-13, 2026-Q5, 26-1). */
export function parsePeriod(key: string): PeriodSpan | null {
  const m = KEY.exec(key)
  if (!m) return null
  const year = Number(m[1])
  if (year < 2000 || year > 2099) return null
  const unit: ComplianceUnit = m[2] ? 'month' : m[3] ? 'quarter' : 'year'
  const firstMonth = m[2] ? Number(m[2]) : m[3] ? (Number(m[3]) - 1) * 3 + 1 : 1
  const label = unit === 'year' ? `${year}年` : unit === 'quarter' ? `${year}年第${m[3]}季度` : `${year}年${firstMonth}月`
  return { key, unit, label, start: monthStart(year, firstMonth), end: monthStart(year, firstMonth + MONTHS_IN[unit]) }
}

/** The periods of `unit` that overlap `span`, in order (three months of a quarter, the quarter of a month). */
export function periodsWithin(unit: ComplianceUnit, span: { start: Date; end: Date }): PeriodSpan[] {
  const out: PeriodSpan[] = []
  let p = periodOf(unit, span.start)
  while (p.start < span.end) {
    out.push(p)
    p = periodOf(unit, p.end)
  }
  return out
}

// ── what counts ──────────────────────────────────────────────────────────────

/** Days left at which an item turns 即将到期. */
export const SOON_DAYS = 7

/** Sign-ins a held meeting needs from the members expected at it: half of them, at least one. */
export const signinsNeeded = (expected: number) => Math.max(1, Math.ceil(expected / 2))

/** What one meeting brings to the count: held (not cancelled, over), attended by half, with minutes. */
export interface HeldMeeting {
  cancelled: boolean
  endsAt: Date
  /** Members of the branch expected at it (on its roll at the time); 流动党员 and guests apart. */
  expected: number
  /** Sign-ins of those members (QR or 补签). */
  memberSignins: number
  hasMinutes: boolean
}

export type Shortfall = 'cancelled' | 'not_held' | 'attendance' | 'minutes'
export const SHORTFALL_LABELS: Record<Shortfall, string> = {
  cancelled: '已取消',
  not_held: '尚未召开',
  attendance: '签到不足应到党员的一半',
  minutes: '没有会议记录',
}

/** Why a meeting does not count yet, or null when it does. */
export function shortfall(m: HeldMeeting, now: Date): Shortfall | null {
  if (m.cancelled) return 'cancelled'
  if (m.endsAt > now) return 'not_held'
  if (m.memberSignins < signinsNeeded(m.expected)) return 'attendance'
  if (!m.hasMinutes) return 'minutes'
  return null
}

export const ITEM_STATES = ['done', 'due', 'soon', 'overdue', 'exempt'] as const
export type ItemState = (typeof ITEM_STATES)[number]
export const ITEM_STATE_LABELS: Record<ItemState, string> = {
  done: '已完成',
  due: '待召开',
  soon: '即将到期',
  overdue: '逾期',
  exempt: '免于考核',
}
/** Worst first: the order of a table sorted by what needs attention. */
export const STATE_RANK: Record<ItemState, number> = { overdue: 0, soon: 1, due: 2, done: 3, exempt: 4 }

/** One rule over one period: counted meetings against the count owed, at `now`. */
export function itemState(p: { required: number; counted: number; end: Date; exempt?: boolean }, now: Date): { state: ItemState; daysLeft: number | null } {
  if (p.exempt) return { state: 'exempt', daysLeft: null }
  if (p.counted >= p.required) return { state: 'done', daysLeft: null }
  const left = p.end.getTime() - now.getTime()
  if (left <= 0) return { state: 'overdue', daysLeft: null }
  const daysLeft = Math.ceil(left / DAY_MS)
  return { state: daysLeft <= SOON_DAYS ? 'soon' : 'due', daysLeft }
}

/** The period is owed when the branch existed from its first day (成立当期不计) and had not been dissolved before it ended. */
export function owes(branch: { createdAt: Date; dissolvedAt: Date | null }, period: { start: Date; end: Date }): boolean {
  return branch.createdAt <= period.start && (branch.dissolvedAt === null || branch.dissolvedAt >= period.end)
}

/** On screen next to every figure. */
export const DEFINITIONS = {
  done: `已完成：期内召开（未取消、已结束）该类会议，本支部党员签到不少于应到党员的一半（流动党员、来宾不计），并有会议记录。`,
  states: `待召开：期内还没有够数的会议；剩 ${SOON_DAYS} 天以内为「即将到期」，期末已过为「逾期」。时间按北京时间，期为自然月、季度、年；每项算在它截止的那个月、季度或年里（年度的项在第四季度和 12 月）。`,
  owed: `成立当期不计：支部成立之前开始的期不考核。支委会、党小组会只考核正式党员 7 人以上（设支部委员会）的支部。`,
  rate: `完成率 = 已完成的项 ÷ 应考核的项（免于考核的不计）。出勤率 = 本支部党员签到人次 ÷ 应到人次（期内已召开的会议，流动党员另计）。`,
  flags: `疑似补记：多数签到是补签；会议结束 7 天后才首次写会议记录；会议结束后才发布；会议持续 1 小时以上而 3 人以上的签到全在同一分钟。只是提示，不是处分，支部可以说明情况。`,
} as const

// ── 疑似补记 ─────────────────────────────────────────────────────────────────

export const FLAG_REASONS = ['mostly_manual', 'late_minutes', 'posted_after', 'same_minute'] as const
export type FlagReason = (typeof FLAG_REASONS)[number]
export const FLAG_LABELS: Record<FlagReason, string> = {
  mostly_manual: '多数签到是补签',
  late_minutes: '会议结束 7 天后才首次写会议记录',
  posted_after: '会议结束后才发布',
  same_minute: '全部签到在同一分钟',
}
export const LATE_MINUTES_MS = 7 * DAY_MS
/** Fewer sign-ins than this are too few to call "all in the same minute" suspicious. */
export const SAME_MINUTE_MIN_SIGNINS = 3

export interface MeetingTrace {
  startsAt: Date
  endsAt: Date
  postedAt: Date
  minutesFirstAt: Date | null
  signins: number
  manualSignins: number
  /** Distinct wall-clock minutes among the sign-ins. */
  signinMinutes: number
}

/** The signs of a record filled in afterwards, for a meeting that has ended. */
export function backfillFlags(m: MeetingTrace): FlagReason[] {
  const out: FlagReason[] = []
  if (m.signins > 0 && m.manualSignins * 2 > m.signins) out.push('mostly_manual')
  if (m.minutesFirstAt && m.minutesFirstAt.getTime() - m.endsAt.getTime() > LATE_MINUTES_MS) out.push('late_minutes')
  if (m.postedAt >= m.endsAt) out.push('posted_after')
  if (m.signins >= SAME_MINUTE_MIN_SIGNINS && m.signinMinutes === 1 && m.endsAt.getTime() - m.startsAt.getTime() >= HOUR_MS) out.push('same_minute')
  return out
}

// ── the wire ─────────────────────────────────────────────────────────────────

const Int = z.number().int()
const RequiredTypeEnum = z.enum(MEETING_TYPES).exclude(['other'])

export const PeriodQuerySchema = z.strictObject({
  period: labelled(
    '考核期',
    z
      .string()
      .describe('2026-12（月）、2026-Q4（季度）或 2026（年），北京时间；默认本季度')
      .max(10)
      // The message may not carry the Q of 2026-Q4 (validation messages are plain Chinese); api docs show it.
      .refine((k) => parsePeriod(k) !== null, '考核期的格式不对：月写 2026-12，年写 2026，季度写年份、短横线和第几季度（见接口说明）'),
  ).optional(),
})

export const PeriodSchema = z.object({ key: z.string(), unit: z.enum(COMPLIANCE_UNITS), label: z.string(), start: z.string(), end: z.string() })

export const ItemPeriodSchema = z.object({
  key: z.string(),
  label: z.string(),
  end: z.string(),
  state: z.enum(ITEM_STATES),
  daysLeft: Int.nullable(),
  counted: Int,
  /** Held meetings of the type in the period that do not count, with why. */
  shortfalls: z.array(z.object({ meetingId: IdSchema, title: z.string(), reason: z.string() })),
})

export const ItemSchema = z.object({
  type: RequiredTypeEnum,
  typeLabel: z.string(),
  rule: z.string().describe('如「每季度 1 次」'),
  required: Int,
  /** The rule's periods whose deadline falls in the chosen one and that had begun (and were owed). */
  periods: z.array(ItemPeriodSchema),
  state: z.enum(ITEM_STATES).nullable().describe('最差的一期；没有应考核的期时为 null'),
  exemptReason: z.string().nullable(),
})

export const FlagSchema = z.object({
  meetingId: IdSchema,
  branchId: IdSchema,
  branchName: z.string(),
  title: z.string(),
  typeLabel: z.string(),
  startsAt: z.string(),
  reasons: z.array(z.object({ code: z.enum(FLAG_REASONS), label: z.string() })),
  note: z.string().nullable().describe('支部的说明'),
  notedAt: z.string().nullable(),
})
export type Flag = z.infer<typeof FlagSchema>

export const BranchComplianceSchema = z.object({
  branchId: IdSchema,
  branchName: z.string(),
  period: PeriodSchema,
  items: z.array(ItemSchema),
  owed: Int,
  done: Int,
  rate: z.number().nullable().describe('完成率（%），没有应考核的项时为 null'),
  attendanceRate: z.number().nullable().describe('出勤率（%）'),
  mobileSignins: Int.describe('流动党员签到人次（不计入出勤率）'),
  flags: z.array(FlagSchema),
  /** Every meeting of the branch in the period, for the drill-down (read-only for the committee). */
  meetings: z.array(
    z.object({
      id: IdSchema,
      title: z.string(),
      typeLabel: z.string(),
      startsAt: z.string(),
      signins: Int.describe('本支部党员签到人次'),
      expected: Int,
      hasMinutes: z.boolean(),
      status: z.string().describe('已计入 / 未计入的原因 / 不考核的类型'),
    }),
  ),
  canAct: z.boolean(),
  definitions: z.array(z.string()),
})
export type BranchCompliance = z.infer<typeof BranchComplianceSchema>

export const CommitteeRowSchema = z.object({
  branchId: IdSchema,
  branchName: z.string(),
  cells: z.array(z.object({ type: RequiredTypeEnum, state: z.enum(ITEM_STATES).nullable(), counted: Int, owed: Int })),
  owed: Int,
  done: Int,
  overdue: Int,
  rate: z.number().nullable(),
  attendanceRate: z.number().nullable(),
  members: Int,
  declared: Int.describe('亮身份（已通过的申报）'),
  mobile: Int.describe('流动党员：流入登记在此、从此流出'),
  lost: Int.describe('失联：流出 6 个月未使用'),
  studyMinutesPerMember: z.number().nullable().describe('期内人均学习时长（分钟），不排名'),
  flagged: Int,
})
export type CommitteeRow = z.infer<typeof CommitteeRowSchema>

export const CommitteeComplianceSchema = z.object({
  orgId: IdSchema,
  orgName: z.string(),
  period: PeriodSchema,
  columns: z.array(z.object({ type: RequiredTypeEnum, typeLabel: z.string(), rule: z.string() })),
  rows: z.array(CommitteeRowSchema),
  flags: z.array(FlagSchema),
  definitions: z.array(z.string()),
})
export type CommitteeCompliance = z.infer<typeof CommitteeComplianceSchema>

export const RuleBodySchema = z.strictObject({
  orgId: labelled('党委', IdSchema),
  type: labelled('会议类型', RequiredTypeEnum),
  unit: labelled('周期', z.enum(COMPLIANCE_UNITS, { message: '周期只能是每月、每季度或每年' })),
  count: labelled('次数', z.number().int().min(1, '次数至少 1 次').max(12, '每期不超过 12 次')),
})
export const RuleListSchema = z.object({
  items: z.array(z.object({ type: RequiredTypeEnum, typeLabel: z.string(), rule: z.string(), unit: z.enum(COMPLIANCE_UNITS), count: Int, tightened: z.boolean() })),
})

export const ExemptionBodySchema = z
  .strictObject({
    branchId: labelled('支部', IdSchema),
    type: labelled('会议类型', RequiredTypeEnum),
    from: labelled('开始日期', z.string().refine(isCalendarDate, '开始日期的格式不对，应为 2026-10-01')),
    to: labelled('结束日期', z.string().refine(isCalendarDate, '结束日期的格式不对，应为 2026-12-31')).optional(),
    reason: labelled('免于考核的原因', lines().min(4, '请写明免于考核的原因（至少 4 个字）').max(200, '原因不超过 200 个字')),
  })
  .superRefine((b, ctx) => {
    if (b.to && b.to < b.from) ctx.addIssue({ code: 'custom', path: ['to'], message: '结束日期不能早于开始日期' })
  })
export const ExemptionSchema = z.object({
  id: IdSchema,
  branchId: IdSchema,
  type: RequiredTypeEnum,
  typeLabel: z.string(),
  from: z.string(),
  to: z.string().nullable(),
  reason: z.string(),
  createdAt: z.string(),
})

export const FlagNoteBodySchema = z.strictObject({
  note: labelled('说明', lines().min(4, '请写明情况（至少 4 个字）').max(500, '说明不超过 500 个字')),
})

export const typeLabelOf = (t: MeetingType) => MEETING_TYPE_LABELS[t]
/** `2026-12-02 18:00` style for the export; the pages format on their own. */
export const exportTime = (d: Date) => formatChina(d, 'YYYY-MM-DD HH:mm')
