import { z } from 'zod'
import { labelled, type FieldProblem } from './validation'
import { IdSchema, line, lines, listOf } from './common'
import { DECLARATION_STATUSES, MEMBER_TYPES } from './enums'
import { addYears, isCalendarDate, wholeYearsBetween } from './time'

/**
 * 亮身份: the rules of a membership declaration, shared by the form and the server.
 * Dates are `YYYY-MM-DD` strings compared as calendar dates ("today" is passed in,
 * so the same rule gives the same answer on the phone, on the server and in tests).
 */

export const PARTY_FOUNDED = '1921-07-01'
/** A probationary member becomes full after one year; two years is the outer bound we accept. */
export const PROBATION_MAX_YEARS = 2
export const MIN_AGE_AT_JOIN = 18

export const PHONE_PATTERN = /^1[3-9]\d{9}$/

export const POST_KINDS = ['pioneer_post', 'model_post', 'responsibility_area'] as const
export type PostKind = (typeof POST_KINDS)[number]
export const POST_KIND_LABELS: Record<PostKind, string> = {
  pioneer_post: '党员先锋岗',
  model_post: '党员示范岗',
  responsibility_area: '党员责任区',
}

// In enums.ts (the main package's) so that pages outside this feature can name a status without it.
export { DECLARATION_STATUSES, DECLARATION_STATUS_LABELS, type DeclarationStatus } from './enums'

/** 党龄: whole years since joining for a full member; null while probationary (shown as 预备期). */
export function partyAgeYears(joinedAt: string, memberType: (typeof MEMBER_TYPES)[number], today: string): number | null {
  if (memberType === 'probationary') return null
  return wholeYearsBetween(joinedAt, today)
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** GB 11643-1999: 18 characters, a valid birth date, and the ISO 7064 MOD 11-2 check character. */
export function idNumberProblem(id: string): string | null {
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号应为 18 位，最后一位可以是数字或 X'
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  if (!isCalendarDate(birth)) return '身份证号中的出生日期不正确'
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(id[i]), 0)
  if (ID_CHECK[sum % 11] !== id[17]) return '身份证号校验位不正确，请核对'
  return null
}

export function birthDateOf(id: string): string {
  return `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
}

/** `110101199001011234` → `1101**********1234`. */
export function maskIdNumber(id: string): string {
  return `${id.slice(0, 4)}${'*'.repeat(Math.max(0, id.length - 8))}${id.slice(-4)}`
}

export const DeclarationBodySchema = z.strictObject({
  realName: labelled('真实姓名', line().min(2, '请填写真实姓名').max(20, '姓名不超过 20 个字')),
  phone: labelled('手机号', line().regex(PHONE_PATTERN, '请填写 11 位手机号')),
  joinedAt: labelled('入党时间', z.string().refine(isCalendarDate, '入党时间格式应为 年-月-日')),
  memberType: labelled('党员类别', z.enum(MEMBER_TYPES, { message: '请选择正式党员或预备党员' })),
  branchId: labelled('所在支部', IdSchema),
  originOrg: labelled('原组织', line().max(60, '原组织名称不超过 60 个字')).optional(),
  position: labelled('岗位', line().max(30, '岗位不超过 30 个字')).optional(),
  pledge: labelled('承诺', lines().max(200, '承诺不超过 200 个字')).optional(),
  idNumber: labelled(
    '身份证号',
    z
      .string()
      .trim()
      .transform((s) => s.toUpperCase()),
  ).optional(),
})
export type DeclarationBody = z.infer<typeof DeclarationBodySchema>

export type { FieldProblem }

/**
 * The rules that depend on today's date or on several fields together.
 * Empty array = acceptable. Used by the form before submitting and by the server before writing.
 */
export function declarationProblems(body: DeclarationBody, today: string): FieldProblem[] {
  const out: FieldProblem[] = []
  if (body.joinedAt > today) out.push({ path: 'joinedAt', message: '入党时间不能晚于今天' })
  else if (body.joinedAt < PARTY_FOUNDED) out.push({ path: 'joinedAt', message: '入党时间不能早于 1921 年 7 月 1 日' })
  else if (body.memberType === 'probationary' && body.joinedAt < addYears(today, -PROBATION_MAX_YEARS)) {
    out.push({ path: 'memberType', message: '预备期一般为一年：两年前入党的应为正式党员，请核对' })
  }
  if (body.idNumber) {
    const problem = idNumberProblem(body.idNumber)
    if (problem) out.push({ path: 'idNumber', message: problem })
    else if (isCalendarDate(body.joinedAt) && wholeYearsBetween(birthDateOf(body.idNumber), body.joinedAt) < MIN_AGE_AT_JOIN) {
      out.push({ path: 'idNumber', message: '按身份证号计算，入党时未满 18 周岁，请核对身份证号或入党时间' })
    }
  }
  return out
}

export const DeclarationSchema = z.object({
  id: IdSchema,
  status: z.enum(DECLARATION_STATUSES),
  realName: z.string(),
  phoneMasked: z.string(),
  joinedAt: z.string(),
  memberType: z.enum(MEMBER_TYPES),
  branchId: IdSchema,
  branchName: z.string(),
  originOrg: z.string().nullable(),
  position: z.string().nullable(),
  pledge: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  rejectReason: z.string().nullable(),
  createdAt: z.string(),
  reviewedAt: z.string().nullable(),
  daysWaiting: z.number().int(),
})
export type Declaration = z.infer<typeof DeclarationSchema>
export const DeclarationListSchema = listOf(DeclarationSchema)

export const DeclarationQuerySchema = z.strictObject({
  scope: labelled(
    '范围',
    z.enum(['mine', 'review', 'supervised']).default('mine').describe('mine：我提交的；review：我审核范围内的；supervised：上级党委、指导员只读查看下级支部的（最新的在前，手机号打码）'),
  ),
  status: labelled('状态', z.enum(DECLARATION_STATUSES)).optional(),
  limit: labelled('每页条数', z.coerce.number().int().min(1).max(100)).default(20),
  cursor: labelled('翻页位置', line().max(200)).optional(),
})
export type DeclarationQuery = z.infer<typeof DeclarationQuerySchema>

export const RejectBodySchema = z.strictObject({
  reason: labelled('不通过的原因', lines().min(2, '请填写不通过的原因（至少 2 个字）').max(200, '原因不超过 200 个字')),
})

export const DeclarationCreatedSchema = z.object({ id: IdSchema, status: z.literal('pending') })

export const PostSchema = z.object({
  id: IdSchema,
  kind: z.enum(POST_KINDS),
  kindLabel: z.string(),
  title: z.string(),
})
export type Post = z.infer<typeof PostSchema>

export const PostBodySchema = z.strictObject({
  memberId: labelled('党员', IdSchema),
  kind: labelled('岗位类型', z.enum(POST_KINDS, { message: '请选择岗位类型' })),
  title: labelled('岗位名称', line().min(2, '请填写岗位名称（至少 2 个字）').max(30, '岗位名称不超过 30 个字')),
})

export const CardPrivacySchema = z.object({
  showName: z.boolean(),
  showBranch: z.boolean(),
  showPosts: z.boolean(),
  showPledge: z.boolean(),
  onWall: z.boolean(),
})
export type CardPrivacy = z.infer<typeof CardPrivacySchema>

export const CardUpdateSchema = CardPrivacySchema.partial()
  .extend({ pledge: lines().max(200, '承诺不超过 200 个字').nullable().optional() })
  .strict()

export const CardSchema = z.object({
  memberId: IdSchema,
  realName: z.string(),
  avatarText: z.string().describe('头像占位：姓名的最后一个字'),
  branchName: z.string(),
  memberType: z.enum(MEMBER_TYPES),
  joinedAt: z.string(),
  partyAgeYears: z.number().int().nullable().describe('正式党员的党龄；预备党员为 null（显示“预备期”）'),
  posts: z.array(PostSchema),
  pledge: z.string().nullable(),
  position: z.string().nullable(),
  privacy: CardPrivacySchema,
  verifyCode: z.string().max(64),
})
export type Card = z.infer<typeof CardSchema>

export const VerifyResultSchema = z.object({
  valid: z.literal(true),
  displayName: z.string(),
  branchName: z.string().nullable(),
  memberType: z.enum(MEMBER_TYPES),
  posts: z.array(PostSchema),
  pledge: z.string().nullable(),
  checkedAt: z.string(),
})
export type VerifyResult = z.infer<typeof VerifyResultSchema>

export const WallEntrySchema = z.object({
  memberId: IdSchema,
  displayName: z.string(),
  memberType: z.enum(MEMBER_TYPES),
  posts: z.array(PostSchema),
  pledge: z.string().nullable(),
})
export const WallSchema = z.object({ branchId: IdSchema, branchName: z.string(), items: z.array(WallEntrySchema) })
export type Wall = z.infer<typeof WallSchema>

/** Shown when a name is hidden: the surname followed by ＊ for each other character. */
export function maskName(name: string): string {
  const chars = Array.from(name)
  return chars.length <= 1 ? '＊' : chars[0] + '＊'.repeat(chars.length - 1)
}
