import { z } from 'zod'
import { labelled } from './validation'
import { IdSchema, line, lines, listOf } from './common'
import { MEMBER_TYPES } from './enums'
import { type FieldProblem, PARTY_FOUNDED, PHONE_PATTERN } from './identity'
import { addDays, addMonths, isCalendarDate } from './time'

export { TransferSummarySchema, type TransferSummary } from './transfer-summary'

/**
 * 流动党员 and 组织关系转接 (domain.md): the four kinds of request, the shared validation, and the
 * workflow as data. Server and mini-program both read these tables, so a button the phone shows is
 * exactly a move the server allows.
 */

export const TRANSFER_KINDS = ['transfer_in', 'transfer_out', 'mobile_in', 'mobile_out'] as const
export type TransferKind = (typeof TRANSFER_KINDS)[number]
export const TRANSFER_KIND_LABELS: Record<TransferKind, string> = {
  transfer_in: '转入',
  transfer_out: '转出',
  mobile_in: '流入登记',
  mobile_out: '流出登记',
}
export const TRANSFER_KIND_HINTS: Record<TransferKind, string> = {
  transfer_in: '组织关系从别处转到本单位的党支部（工作单位或居住地已变动）',
  transfer_out: '组织关系从本支部转到新的工作单位或居住地党组织',
  mobile_in: '组织关系留在原党组织，在这里参加组织生活（外出不满 6 个月，或长期流动没有固定地点）',
  mobile_out: '组织关系留在本支部，外出到别处（不满 6 个月，或没有固定地点）',
}

export const TRANSFER_STATUSES = ['submitted', 'returned', 'accepted', 'completed', 'rejected', 'cancelled', 'expired'] as const
export type TransferStatus = (typeof TRANSFER_STATUSES)[number]
export const TRANSFER_STATUS_LABELS: Record<TransferStatus, string> = {
  submitted: '待审核',
  returned: '退回修改',
  accepted: '已接收',
  completed: '已完成',
  rejected: '未通过',
  cancelled: '已撤回',
  expired: '已过期',
}

export const TRANSFER_ACTIONS = ['accept', 'return', 'reject', 'complete', 'cancel', 'resubmit', 'expire'] as const
export type TransferAction = (typeof TRANSFER_ACTIONS)[number]
/** Who makes a move: the reviewing branch's secretary, the person who filed it, or the clock. */
export type TransferActor = 'reviewer' | 'applicant' | 'system'

export interface TransitionRule {
  action: TransferAction
  from: TransferStatus
  to: TransferStatus
  by: TransferActor
  reasonRequired: boolean
  label: string
}

/** The whole workflow. Anything not in this table is refused (409 INVALID_TRANSITION). */
export const TRANSITIONS: readonly TransitionRule[] = [
  { action: 'accept', from: 'submitted', to: 'accepted', by: 'reviewer', reasonRequired: false, label: '接收' },
  { action: 'return', from: 'submitted', to: 'returned', by: 'reviewer', reasonRequired: true, label: '退回修改' },
  { action: 'reject', from: 'submitted', to: 'rejected', by: 'reviewer', reasonRequired: true, label: '不予接收' },
  { action: 'resubmit', from: 'returned', to: 'submitted', by: 'applicant', reasonRequired: false, label: '修改后重新提交' },
  { action: 'cancel', from: 'submitted', to: 'cancelled', by: 'applicant', reasonRequired: false, label: '撤回申请' },
  { action: 'cancel', from: 'returned', to: 'cancelled', by: 'applicant', reasonRequired: false, label: '撤回申请' },
  { action: 'complete', from: 'accepted', to: 'completed', by: 'reviewer', reasonRequired: false, label: '标记完成（回执已收到）' },
  { action: 'expire', from: 'accepted', to: 'expired', by: 'system', reasonRequired: false, label: '介绍信过期' },
]

export function findTransition(action: TransferAction, from: TransferStatus): TransitionRule | undefined {
  return TRANSITIONS.find((t) => t.action === action && t.from === from)
}

/** The moves `actor` may make from `status` — what the page offers as buttons. */
export function allowedActions(status: TransferStatus, actor: TransferActor): TransitionRule[] {
  return TRANSITIONS.filter((t) => t.from === status && t.by === actor)
}

/** 介绍信 validity when none is given: 90 days from issue (domain.md). */
export const DEFAULT_LETTER_DAYS = 90
/** Away this long at a fixed place means transferring, not registering as mobile. */
export const MOBILE_MAX_MONTHS = 6
/** A secretary should act on a submitted request within this many days, or it shows as overdue. */
export const REVIEW_DUE_DAYS = 7
/** The receiver returns the 回执 within 1 month of accepting. */
export const RECEIPT_DUE_DAYS = 30
/** No activity in the app this long while 流出: flagged 失联. */
export const LOST_CONTACT_MONTHS = 6

/**
 * The status a reader sees. An accepted request whose letter validity has passed reads as expired on
 * the day after `letterValidUntil` — on every read, whether or not anything has written it down.
 */
export function effectiveStatus(stored: TransferStatus, letterValidUntil: string | null, today: string): TransferStatus {
  if (stored === 'accepted' && letterValidUntil && today > letterValidUntil) return 'expired'
  return stored
}

// ── the request body ─────────────────────────────────────────────────────────

const dateField = (label: string) => z.string().refine(isCalendarDate, `${label}格式应为 年-月-日`)

/** An organization inside the system (`{id}`) or outside it (`{name}`). */
export const OrgRefSchema = z.union([
  z.strictObject({ id: labelled('党组织', IdSchema) }),
  z.strictObject({ name: labelled('党组织全称', line().min(2, '请填写党组织全称').max(60, '党组织名称不超过 60 个字')) }),
])
export type OrgRef = z.infer<typeof OrgRefSchema>

export const TransferBodySchema = z.strictObject({
  kind: labelled('申请类型', z.enum(TRANSFER_KINDS, { message: '请选择申请类型' })),
  fromOrg: labelled('原党组织', OrgRefSchema),
  toOrg: labelled('接收党组织', OrgRefSchema),
  reason: labelled('原因', lines().min(2, '请填写原因（至少 2 个字）').max(500, '原因不超过 500 个字')),
  contactPhone: labelled('联系电话', line().regex(PHONE_PATTERN, '请填写 11 位手机号')),
  letterNo: labelled('介绍信编号', line().max(40, '介绍信编号不超过 40 个字')).optional(),
  letterIssuedAt: labelled('开具日期', dateField('开具日期')).optional(),
  letterValidUntil: labelled('有效期', dateField('有效期')).optional(),
  leftAt: labelled('外出日期', dateField('外出日期')).optional(),
  expectedReturnAt: labelled('预计返回日期', dateField('预计返回日期')).optional(),
  /** Only for 流出: whether the destination is a relatively fixed place. */
  fixedPlace: labelled('地点是否相对固定', z.boolean()).optional(),
  /** For people not yet on a branch's roll (a 转入 or 流入 from outside the system). */
  realName: labelled('真实姓名', line().min(2, '请填写真实姓名').max(20, '姓名不超过 20 个字')).optional(),
  memberType: labelled('党员类别', z.enum(MEMBER_TYPES, { message: '请选择正式党员或预备党员' })).optional(),
  joinedAt: labelled('入党时间', dateField('入党时间')).optional(),
})
export type TransferBody = z.infer<typeof TransferBodySchema>

export const MOBILE_TOO_LONG_MESSAGE =
  '外出 6 个月以上且地点相对固定的，按规定应当转移组织关系：请改选「转出」，不要登记为流动党员'

/** Whether the kind needs a letter (介绍信): transfers do, mobile registrations use the 活动证. */
export const KIND_NEEDS_LETTER: Record<TransferKind, boolean> = {
  transfer_in: true,
  transfer_out: true,
  mobile_in: false,
  mobile_out: false,
}

/** The fields the form shows for each kind (and the server expects). */
export const KIND_FIELDS: Record<TransferKind, { leftAt: boolean; expectedReturnAt: boolean; fixedPlace: boolean }> = {
  transfer_in: { leftAt: false, expectedReturnAt: false, fixedPlace: false },
  transfer_out: { leftAt: false, expectedReturnAt: false, fixedPlace: false },
  mobile_in: { leftAt: true, expectedReturnAt: true, fixedPlace: false },
  mobile_out: { leftAt: true, expectedReturnAt: true, fixedPlace: true },
}

/** The validity a request gets when the applicant leaves it empty. */
export function defaultValidUntil(body: Pick<TransferBody, 'kind' | 'letterIssuedAt' | 'expectedReturnAt'>, today: string): string {
  if (!KIND_NEEDS_LETTER[body.kind] && body.expectedReturnAt) return body.expectedReturnAt
  return addDays(body.letterIssuedAt ?? today, DEFAULT_LETTER_DAYS)
}

/** 流出登记 for 6 months or more to a fixed place: to be done as 转出 instead (the form offers the switch). */
export function mobileTooLong(body: TransferBody): boolean {
  if (body.kind !== 'mobile_out' || !body.fixedPlace || !body.leftAt || !body.expectedReturnAt) return false
  return body.expectedReturnAt >= addMonths(body.leftAt, MOBILE_MAX_MONTHS)
}

/**
 * Rules across fields and against today's date. Empty = acceptable.
 * The server adds the rules that need the database (which side must be a branch of the system).
 */
export function transferProblems(body: TransferBody, today: string): FieldProblem[] {
  const out: FieldProblem[] = []
  const sameOrg =
    ('id' in body.fromOrg && 'id' in body.toOrg && body.fromOrg.id === body.toOrg.id) ||
    ('name' in body.fromOrg && 'name' in body.toOrg && body.fromOrg.name === body.toOrg.name)
  if (sameOrg) out.push({ path: 'toOrg', message: '转出和转入的党组织不能相同' })
  if (body.letterIssuedAt && body.letterIssuedAt > today) out.push({ path: 'letterIssuedAt', message: '介绍信开具日期不能晚于今天' })
  const issued = body.letterIssuedAt ?? today
  if (body.letterValidUntil && body.letterValidUntil < issued) {
    out.push({ path: 'letterValidUntil', message: '有效期不能早于介绍信开具日期' })
  } else if (body.letterValidUntil && body.letterValidUntil < today) {
    out.push({ path: 'letterValidUntil', message: '介绍信已过有效期，请重新开具后再提交' })
  }
  const fields = KIND_FIELDS[body.kind]
  if (fields.leftAt && body.kind === 'mobile_out' && !body.leftAt) out.push({ path: 'leftAt', message: '请填写外出日期' })
  if (body.leftAt && body.expectedReturnAt && body.expectedReturnAt < body.leftAt) {
    out.push({ path: 'expectedReturnAt', message: '预计返回日期不能早于外出日期' })
  }
  if (body.expectedReturnAt && body.expectedReturnAt < today) {
    out.push({ path: 'expectedReturnAt', message: '预计返回日期已经过去，请核对' })
  }
  if (mobileTooLong(body)) out.push({ path: 'kind', message: MOBILE_TOO_LONG_MESSAGE })
  if (body.joinedAt && body.joinedAt > today) out.push({ path: 'joinedAt', message: '入党时间不能晚于今天' })
  else if (body.joinedAt && body.joinedAt < PARTY_FOUNDED) out.push({ path: 'joinedAt', message: '入党时间不能早于 1921 年 7 月 1 日' })
  return out
}

// ── what the API returns ────────────────────────────────────────────────────

export const OrgViewSchema = z.object({ id: IdSchema.nullable(), name: z.string(), inSystem: z.boolean() })

export const TransferEventSchema = z.object({
  at: z.string(),
  actorName: z.string(),
  from: z.enum(TRANSFER_STATUSES).nullable(),
  to: z.enum(TRANSFER_STATUSES),
  note: z.string().nullable(),
})
export type TransferEvent = z.infer<typeof TransferEventSchema>

export const TransferSchema = z.object({
  id: IdSchema,
  kind: z.enum(TRANSFER_KINDS),
  kindLabel: z.string(),
  status: z.enum(TRANSFER_STATUSES).describe('读取时计算：已接收但介绍信过期的显示为 expired'),
  statusLabel: z.string(),
  applicantName: z.string(),
  contactPhone: z.string().describe('申请人本人和审核书记看到完整号码'),
  fromOrg: OrgViewSchema,
  toOrg: OrgViewSchema,
  reason: z.string(),
  letterNo: z.string().nullable(),
  letterIssuedAt: z.string().nullable(),
  letterValidUntil: z.string(),
  validityDaysLeft: z.number().int().describe('介绍信（或活动证）有效期剩余天数，负数表示已过'),
  leftAt: z.string().nullable(),
  expectedReturnAt: z.string().nullable(),
  fixedPlace: z.boolean().nullable(),
  returnReason: z.string().nullable(),
  rejectReason: z.string().nullable(),
  createdAt: z.string(),
  daysWaiting: z.number().int(),
  overdue: z.boolean(),
  /** What the viewer may do now (from TRANSITIONS), and what happens next in plain words. */
  viewerRole: z.enum(['applicant', 'reviewer', 'observer']),
  actions: z.array(z.enum(TRANSFER_ACTIONS)),
  nextStep: z.string(),
  events: z.array(TransferEventSchema),
})
export type Transfer = z.infer<typeof TransferSchema>
export const TransferListSchema = listOf(TransferSchema.omit({ events: true }))
export type TransferListItem = z.infer<typeof TransferListSchema>['items'][number]

export const TransferQuerySchema = z.strictObject({
  scope: labelled(
    '范围',
    z.enum(['mine', 'review', 'supervised']).default('mine').describe('mine：我提交的；review：涉及我负责支部的（逾期的在前）；supervised：上级党委、指导员只读查看下级支部的'),
  ),
  status: labelled('状态', z.enum(TRANSFER_STATUSES)).optional(),
  limit: labelled('每页条数', z.coerce.number().int().min(1).max(100)).default(20),
  cursor: labelled('翻页位置', line().max(200)).optional(),
})
export type TransferQuery = z.infer<typeof TransferQuerySchema>

export const TransferReasonSchema = z.strictObject({
  reason: labelled('原因', lines().min(2, '请填写原因（至少 2 个字），申请人会看到').max(200, '原因不超过 200 个字')),
})
export const TransferNoteSchema = z.strictObject({ note: labelled('备注', lines().max(200, '备注不超过 200 个字')).optional() })

export const TransferCreatedSchema = z.object({ id: IdSchema, status: z.literal('submitted') })
export const TransferStatusSchema = z.object({ id: IdSchema, status: z.enum(TRANSFER_STATUSES) })

/** The digital 流动党员活动证. */
export const MobileCardSchema = z.object({
  transferId: IdSchema,
  number: z.string().describe('证号：登记编号的前 8 位'),
  holderName: z.string(),
  homeOrgName: z.string(),
  branchId: IdSchema,
  branchName: z.string(),
  issuedAt: z.string(),
  validUntil: z.string(),
  valid: z.boolean(),
  votingRights: z.literal(false).describe('在流入地不参加表决、选举和被选举'),
})
export type MobileCard = z.infer<typeof MobileCardSchema>

export const FollowUpSchema = z.object({
  expired: z.array(
    z.object({
      transferId: IdSchema,
      kind: z.enum(TRANSFER_KINDS),
      kindLabel: z.string(),
      applicantName: z.string(),
      contactPhone: z.string(),
      branchName: z.string(),
      letterValidUntil: z.string(),
      daysSinceExpiry: z.number().int(),
    }),
  ),
  lost: z.array(
    z.object({
      transferId: IdSchema,
      applicantName: z.string(),
      contactPhone: z.string(),
      branchName: z.string(),
      destination: z.string(),
      lastSeenAt: z.string().describe('最后一次使用本应用的时间（失联起算）'),
      monthsLost: z.number().int(),
    }),
  ),
})
export type FollowUp = z.infer<typeof FollowUpSchema>

// ── plain-words guidance ────────────────────────────────────────────────────

/** What the applicant should do next, by kind and status. */
export function nextStepForApplicant(kind: TransferKind, status: TransferStatus): string {
  switch (status) {
    case 'submitted':
      return kind === 'transfer_out' || kind === 'mobile_out'
        ? '已提交，等待本支部书记审核；如需补充材料书记会退回给你'
        : '已提交，等待接收支部书记审核；请保持电话畅通'
    case 'returned':
      return '支部书记退回了申请：请按退回原因修改后重新提交，或撤回申请'
    case 'accepted':
      switch (kind) {
        case 'transfer_in':
          return '接收支部已同意接收：请在介绍信有效期内把纸质介绍信交给接收支部，并将介绍信回执交回原党组织'
        case 'transfer_out':
          return '本支部已开具介绍信：请在有效期内到新单位党组织报到，并请对方将介绍信回执寄回本支部'
        case 'mobile_in':
          return '流入登记已通过：凭流动党员活动证参加本支部的组织生活（不参加表决和选举）'
        case 'mobile_out':
          return '流出登记已通过：请在外出地参加组织生活，返回后告知支部书记'
      }
      break
    case 'completed':
      return kind === 'mobile_in' || kind === 'mobile_out' ? '流动登记已结束' : '组织关系接转已完成'
    case 'rejected':
      return '申请未通过：原因见下方记录；如有疑问请联系支部书记'
    case 'cancelled':
      return '你已撤回这份申请'
    case 'expired':
      return '介绍信已过有效期且接转未完成：请联系原党组织重新开具介绍信，不要让组织关系“装在口袋里”'
  }
  return ''
}

/** What the reviewing secretary should do next. */
export function nextStepForReviewer(kind: TransferKind, status: TransferStatus): string {
  switch (status) {
    case 'submitted':
      return '请核对申请信息后接收、退回修改或不予接收（后两者须写明原因）'
    case 'returned':
      return '已退回申请人修改，等待重新提交'
    case 'accepted':
      return kind === 'mobile_in' || kind === 'mobile_out'
        ? '流动期间请跟进其组织生活；流动结束后标记完成'
        : '收到介绍信回执后，请标记完成'
    case 'expired':
      return '介绍信过期未完成接转：请联系本人，防止成为“口袋党员”'
    default:
      return nextStepForApplicant(kind, status)
  }
}
