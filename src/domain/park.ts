import { z } from 'zod'
import { labelled } from './validation'
import { IdSchema, line, listOf } from './common'
import { BRANCH_KINDS, DECLARATION_STATUSES, ORG_TYPES, type BranchKind, type OrgType } from './enums'

/**
 * 园区党委：组织、企业与任命 — the committee's own work (README 「园区党委：组织、企业与任命」):
 * its organization tree, the enterprises it must cover (两个覆盖) and the people it appoints.
 * One name end to end: `park` (domain, server module, service, subpackage, tests).
 */

// ── 统一社会信用代码 (GB 32100-2015) ─────────────────────────────────────────

/** The 31 characters a credit code is written in: digits and capitals without I, O, S, V, Z. */
export const CREDIT_CODE_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
/** Weight of position i (0-based, the first 17) is 3^i mod 31. */
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The 18th character that the first 17 call for, or null when they hold a character outside the set. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_CHARS.indexOf(first17[i])
    if (v < 0) return null
    sum += v * CREDIT_CODE_WEIGHTS[i]
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]
}

/** Why `code` (already upper-cased and trimmed) is not a valid credit code, in Chinese; null when it is. */
export function creditCodeProblem(code: string): string | null {
  if (code.length !== 18) return `统一社会信用代码应为 18 位，现在是 ${code.length} 位`
  const bad = [...code].find((c) => !CREDIT_CODE_CHARS.includes(c))
  if (bad) return `统一社会信用代码里不能有“${bad}”（只用数字和除 I、O、S、V、Z 以外的大写字母）`
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) return '统一社会信用代码第 3–8 位应为行政区划代码（数字）'
  const want = creditCodeCheckChar(code.slice(0, 17))
  if (want !== code[17]) return '统一社会信用代码的校验位不对，请对照营业执照逐位核对'
  return null
}

export const CreditCodeSchema = labelled(
  '统一社会信用代码',
  z
    .string()
    .transform((s) => s.trim().toUpperCase())
    .superRefine((s, ctx) => {
      const problem = creditCodeProblem(s)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    }),
)

// ── Enterprises and the 两个覆盖 ledger ─────────────────────────────────────

export const ENTERPRISE_TYPES = ['non_public', 'social_org', 'platform'] as const
export type EnterpriseType = (typeof ENTERPRISE_TYPES)[number]
export const ENTERPRISE_TYPE_LABELS: Record<EnterpriseType, string> = {
  non_public: '非公企业',
  social_org: '社会组织',
  platform: '新就业平台',
}

/**
 * How an enterprise is covered, derived (never typed in): its branch's kind, else an instructor.
 * `own` 单独建立党组织 (its branch is 独立); `joint` 联合/挂靠 党组织; `instructor` only a 党建指导员
 * (工作覆盖 without 组织覆盖); `none` 未覆盖.
 */
export const COVERAGES = ['own', 'joint', 'instructor', 'none'] as const
export type Coverage = (typeof COVERAGES)[number]
export const COVERAGE_LABELS: Record<Coverage, string> = {
  own: '单独建立党组织',
  joint: '联合或挂靠党组织',
  instructor: '仅选派党建指导员',
  none: '未覆盖',
}

export function coverageOf(branchKind: BranchKind | null, hasInstructor: boolean): Coverage {
  if (branchKind === 'independent') return 'own'
  if (branchKind) return 'joint'
  return hasInstructor ? 'instructor' : 'none'
}

/** The rule of domain.md: an enterprise with this many full members forms its own branch. */
export const OWN_BRANCH_FULL_MEMBERS = 3
/** A 联合 branch normally unites at most this many units (warn above, don't block). */
export const JOINT_BRANCH_MAX_UNITS = 5

/** The figures' definitions, shown next to them. */
export const COVERAGE_DEFINITIONS = {
  org: '组织覆盖率 = 已建立党组织（单独建立，或纳入联合、挂靠党支部）的企业数 ÷ 台账内企业总数',
  work: '工作覆盖率 = 已组织覆盖或已选派党建指导员的企业数 ÷ 台账内企业总数',
} as const

export const EnterpriseInputSchema = z.strictObject({
  name: labelled('企业名称', line().min(2, '企业名称至少 2 个字').max(100, '企业名称不能超过 100 个字')),
  creditCode: CreditCodeSchema,
  type: labelled('单位类型', z.enum(ENTERPRISE_TYPES)),
  industry: labelled('所属行业', line().max(50, '所属行业不能超过 50 个字')).default(''),
  address: labelled('地址', line().max(200, '地址不能超过 200 个字')).default(''),
  employeeCount: labelled('从业人员数', z.number().int('从业人员数应为整数').min(0, '从业人员数不能为负').max(1_000_000, '从业人员数不能超过 100 万')),
  /** The branch that covers it (its own, a 联合 or a 挂靠 one), or null. */
  branchId: labelled('所属党支部', IdSchema.nullable()).default(null),
  /** The committee whose ledger holds it: the branch's committee when there is a branch. */
  orgId: labelled('所属党委', IdSchema),
})
export type EnterpriseInput = z.input<typeof EnterpriseInputSchema>

export const EnterpriseSchema = z.object({
  id: IdSchema,
  name: z.string(),
  creditCode: z.string(),
  type: z.enum(ENTERPRISE_TYPES),
  industry: z.string(),
  address: z.string(),
  employeeCount: z.number().int(),
  orgId: IdSchema,
  orgName: z.string(),
  branchId: IdSchema.nullable(),
  branchName: z.string().nullable(),
  branchKind: z.enum(BRANCH_KINDS).nullable(),
  coverage: z.enum(COVERAGES),
  instructors: z.array(z.string()),
  /** Registered members working there, and imported ones not yet claimed (待认领). */
  members: z.number().int(),
  fullMembers: z.number().int(),
  unclaimed: z.number().int(),
  /** ≥ 3 full members and no own branch: it should form one (domain.md). */
  shouldFormBranch: z.boolean(),
})
export type Enterprise = z.infer<typeof EnterpriseSchema>

export const LedgerQuerySchema = z.strictObject({
  orgId: labelled('党委', IdSchema),
  coverage: labelled('覆盖情况', z.enum([...COVERAGES, 'should_form'])).optional(),
  q: labelled('搜索词', line().max(50, '搜索词不能超过 50 个字')).default(''),
})
export type LedgerQuery = z.input<typeof LedgerQuerySchema>

export const LedgerSchema = z.object({
  orgId: IdSchema,
  orgName: z.string(),
  figures: z.object({
    enterprises: z.number().int(),
    // An object of the four keys rather than z.record: the mini-program's shared zod carries no record code.
    byCoverage: z.object({ own: z.number().int(), joint: z.number().int(), instructor: z.number().int(), none: z.number().int() }),
    shouldFormBranch: z.number().int(),
    members: z.number().int(),
    /** Percent with one decimal, null when there are no enterprises. */
    orgCoverageRate: z.number().nullable(),
    workCoverageRate: z.number().nullable(),
  }),
  definitions: z.object({ org: z.string(), work: z.string() }),
  /** The enterprises the filter matched; `items` holds the first LEDGER_ITEMS_LIMIT of them. */
  matched: z.number().int(),
  items: z.array(EnterpriseSchema),
})

/** A ledger page lists at most this many enterprises; the figures always count them all. */
export const LEDGER_ITEMS_LIMIT = 500
export type Ledger = z.infer<typeof LedgerSchema>

/** Share in percent with one decimal; null for an empty ledger (no 0 ÷ 0). */
export function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10
}

// ── The organization tree ───────────────────────────────────────────────────

/** What may hang below what: branches are leaves, 党总支 sit under a committee. */
export const CHILD_TYPES: Record<OrgType, readonly OrgType[]> = {
  committee: ['committee', 'general_branch', 'branch'],
  general_branch: ['branch'],
  branch: [],
}

export const OrgCreateSchema = z
  .strictObject({
    parentId: labelled('上级组织', IdSchema),
    name: labelled('组织名称', line().min(2, '组织名称至少 2 个字').max(60, '组织名称不能超过 60 个字')),
    type: labelled('组织类型', z.enum(ORG_TYPES)),
    branchKind: labelled('支部类型', z.enum(BRANCH_KINDS).nullable()).default(null),
  })
  .superRefine((o, ctx) => {
    if (o.type === 'branch' && !o.branchKind) ctx.addIssue({ code: 'custom', path: ['branchKind'], message: '请选择党支部的类型：独立、联合或挂靠' })
    if (o.type !== 'branch' && o.branchKind) ctx.addIssue({ code: 'custom', path: ['branchKind'], message: '只有党支部有类型（独立、联合、挂靠）' })
  })
export type OrgCreate = z.input<typeof OrgCreateSchema>

export const OrgUpdateSchema = z
  .strictObject({
    name: labelled('组织名称', line().min(2, '组织名称至少 2 个字').max(60, '组织名称不能超过 60 个字')).optional(),
    parentId: labelled('上级组织', IdSchema).optional(),
    /** 独立党支部 marked 已组建 (formed). */
    formed: labelled('已组建', z.boolean()).optional(),
  })
  .refine((o) => o.name !== undefined || o.parentId !== undefined || o.formed !== undefined, { message: '没有要修改的内容' })
export type OrgUpdate = z.input<typeof OrgUpdateSchema>

export const TreeNodeSchema = z.object({
  id: IdSchema,
  name: z.string(),
  type: z.enum(ORG_TYPES),
  branchKind: z.enum(BRANCH_KINDS).nullable(),
  parentId: IdSchema.nullable(),
  depth: z.number().int(),
  formed: z.boolean(),
  members: z.number().int(),
  fullMembers: z.number().int(),
  enterprises: z.number().int(),
  /** Rules the record breaks today, in Chinese (warn, don't block). */
  warnings: z.array(z.string()),
  /** The admin may rename, move and dissolve it (it lies strictly below one of their committees). */
  canManage: z.boolean(),
})
export type TreeNode = z.infer<typeof TreeNodeSchema>

export const TreeSchema = z.object({
  items: z.array(TreeNodeSchema),
  /** The caller administers the tree's top (creates below it, appoints); false for an instructor, who only reads. */
  canAdmin: z.boolean(),
})
export type Tree = z.infer<typeof TreeSchema>

/** What a branch's record says against the rules, for the tree and for the answer to a change. */
export function orgWarnings(o: { type: OrgType; branchKind: BranchKind | null; formed: boolean; fullMembers: number; enterprises: number }): string[] {
  const out: string[] = []
  if (o.type !== 'branch') return out
  if (o.branchKind === 'independent' && o.fullMembers < OWN_BRANCH_FULL_MEMBERS) {
    out.push(
      o.formed
        ? `已标记为组建，但只有 ${o.fullMembers} 名正式党员：独立党支部需有 ${OWN_BRANCH_FULL_MEMBERS} 名以上`
        : `还有 ${o.fullMembers} 名正式党员，满 ${OWN_BRANCH_FULL_MEMBERS} 名才能正式组建独立党支部`,
    )
  }
  if (o.branchKind === 'joint' && o.enterprises > JOINT_BRANCH_MAX_UNITS) {
    out.push(`联合党支部一般不超过 ${JOINT_BRANCH_MAX_UNITS} 家单位，现在有 ${o.enterprises} 家`)
  }
  return out
}

/** The answer to a create or change: the node as it stands, with its warnings. */
export const OrgChangeResultSchema = TreeNodeSchema

// ── Appointments by invitation ──────────────────────────────────────────────

export const SECRETARY_TITLES = ['书记', '副书记', '组织委员'] as const
export type SecretaryTitle = (typeof SECRETARY_TITLES)[number]

export const INVITE_ROLES = ['admin', 'secretary', 'instructor'] as const
export type InviteRole = (typeof INVITE_ROLES)[number]
export const INVITE_ROLE_LABELS: Record<InviteRole, string> = {
  admin: '党委管理员',
  secretary: '支部书记',
  instructor: '党建指导员',
}

/** An invitation is good for this long after it is made. */
export const INVITATION_DAYS = 7

export const InvitationCreateSchema = z
  .strictObject({
    role: labelled('任命角色', z.enum(INVITE_ROLES)),
    /** admin: a committee or 党总支; secretary: a branch; instructor: the committee that sends them. */
    orgId: labelled('任命到的组织', IdSchema),
    title: labelled('职务', z.enum(SECRETARY_TITLES)).nullable().default(null),
    inviteeName: labelled('被任命人姓名', line().min(2, '请填写被任命人的姓名').max(30, '姓名不能超过 30 个字')),
    /** instructor only: the branches and enterprises they cover (一人多企). */
    branchIds: labelled('指导的党支部', z.array(IdSchema).max(50, '一次最多指导 50 个党支部')).default([]),
    enterpriseIds: labelled('指导的企业', z.array(IdSchema).max(50, '一次最多指导 50 家企业')).default([]),
  })
  .superRefine((o, ctx) => {
    if (o.role === 'secretary' && !o.title) ctx.addIssue({ code: 'custom', path: ['title'], message: '请选择职务：书记、副书记或组织委员' })
    if (o.role !== 'secretary' && o.title) ctx.addIssue({ code: 'custom', path: ['title'], message: '只有支部书记的任命有职务' })
    if (o.role === 'instructor' && o.branchIds.length + o.enterpriseIds.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['enterpriseIds'], message: '请至少选择一家企业或一个党支部由这位指导员负责' })
    }
    if (o.role !== 'instructor' && o.branchIds.length + o.enterpriseIds.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['enterpriseIds'], message: '只有党建指导员需要选择负责的企业和支部' })
    }
  })
export type InvitationCreate = z.input<typeof InvitationCreateSchema>

export const INVITATION_STATUSES = ['pending', 'accepted', 'expired', 'revoked'] as const
export type InvitationStatus = (typeof INVITATION_STATUSES)[number]
export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
  pending: '待接受',
  accepted: '已接受',
  expired: '已过期',
  revoked: '已撤回',
}

export const InvitationSchema = z.object({
  id: IdSchema,
  role: z.enum(INVITE_ROLES),
  title: z.enum(SECRETARY_TITLES).nullable(),
  orgId: IdSchema,
  orgName: z.string(),
  inviteeName: z.string(),
  /** The branches and enterprises an instructor covers, by name. */
  covers: z.array(z.string()),
  status: z.enum(INVITATION_STATUSES),
  expiresAt: z.string(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  acceptedByName: z.string().nullable(),
  /** Only to the admin who may hand it out, and only while pending: the link inside the QR. */
  link: z.string().nullable(),
  code: z.string().nullable(),
})
export type Invitation = z.infer<typeof InvitationSchema>
export const InvitationListSchema = listOf(InvitationSchema)

/** What the invited person sees before accepting (no codes, no one else's data). */
export const InvitationPreviewSchema = z.object({
  role: z.enum(INVITE_ROLES),
  roleLabel: z.string(),
  title: z.enum(SECRETARY_TITLES).nullable(),
  orgName: z.string(),
  inviteeName: z.string(),
  covers: z.array(z.string()),
  status: z.enum(INVITATION_STATUSES),
  expiresAt: z.string(),
  /** True when the signed-in account is the one that accepted it. */
  acceptedByYou: z.boolean(),
})
export type InvitationPreview = z.infer<typeof InvitationPreviewSchema>

export const AppointmentSchema = z.object({
  id: IdSchema,
  userId: IdSchema,
  name: z.string(),
  role: z.enum(INVITE_ROLES),
  title: z.string().nullable(),
  orgId: IdSchema,
  orgName: z.string(),
  since: z.string(),
  /** The caller may remove it. */
  canRemove: z.boolean(),
})
export type Appointment = z.infer<typeof AppointmentSchema>
export const AppointmentListSchema = z.object({ items: z.array(AppointmentSchema) })


// ── Importing the existing ledger (.xlsx) ───────────────────────────────────

/** The template's two sheets and their columns, in order; `*` marks the required ones on the sheet. */
export const IMPORT_SHEETS = { enterprises: '企业', members: '党员' } as const
export type ImportSheet = (typeof IMPORT_SHEETS)[keyof typeof IMPORT_SHEETS]

export const ENTERPRISE_COLUMNS = [
  { key: 'name', header: '企业名称', required: true, example: '星火科技有限公司' },
  { key: 'creditCode', header: '统一社会信用代码', required: true, example: '91110108551385082Q' },
  { key: 'type', header: '单位类型', required: true, example: '非公企业' },
  { key: 'industry', header: '所属行业', required: false, example: '软件和信息技术服务业' },
  { key: 'address', header: '地址', required: false, example: '园区星火路 8 号' },
  { key: 'employeeCount', header: '从业人员数', required: true, example: '120' },
  { key: 'branch', header: '所属党支部', required: false, example: '星火科技有限公司党支部' },
] as const
export const MEMBER_COLUMNS = [
  { key: 'realName', header: '姓名', required: true, example: '张明' },
  { key: 'phone', header: '手机号', required: true, example: '13812345678' },
  { key: 'idNumber', header: '身份证号', required: false, example: '' },
  { key: 'joinedAt', header: '入党时间', required: true, example: '2015-07-01' },
  { key: 'memberType', header: '党员类别', required: true, example: '正式党员' },
  { key: 'enterprise', header: '所在企业统一社会信用代码', required: false, example: '91110108551385082Q' },
  { key: 'branch', header: '所在党支部', required: false, example: '星火科技有限公司党支部' },
] as const

/** An upload larger than this is refused before it is read (413), as is a sheet longer than the row limit. */
export const IMPORT_MAX_BYTES = 10 * 1024 * 1024
export const IMPORT_MAX_ROWS = 10_000
/** At most this many problems are listed (the total is given); a file with more is better fixed in bulk. */
export const IMPORT_MAX_PROBLEMS = 200

const pad2 = (n: number) => String(n).padStart(2, '0')

/**
 * A date cell as spreadsheets hold it: a date value, Excel's day number (days since 1899-12-30), or
 * text in the three ways people write dates — `2015-07-01`, `2015/7/1` (or `2015.7.1`), `2015年7月1日`
 * (and `20150701`). Returns `YYYY-MM-DD`, or null when it is not a real calendar date.
 */
export function sheetDate(v: unknown): string | null {
  let y: number, m: number, d: number
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return null
    // Spreadsheet dates carry no zone: exceljs hands them over as UTC midnight.
    ;[y, m, d] = [v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate()]
  } else if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1 || v > 2_958_465) return null
    const t = new Date(Date.UTC(1899, 11, 30) + v * 86_400_000)
    ;[y, m, d] = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()]
  } else if (typeof v === 'string') {
    const s = v.trim()
    const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s)
    if (!match) return null
    ;[y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])]
  } else return null
  const iso = `${y}-${pad2(m)}-${pad2(d)}`
  const check = new Date(`${iso}T00:00:00Z`)
  return check.getUTCFullYear() === y && check.getUTCMonth() + 1 === m && check.getUTCDate() === d ? iso : null
}

export const ImportProblemSchema = z.object({
  sheet: z.string(),
  /** The spreadsheet's own row number (the header is row 1); 0 for the file or a sheet as a whole. */
  row: z.number().int(),
  column: z.string(),
  message: z.string(),
})
export type ImportProblem = z.infer<typeof ImportProblemSchema>

const Tally = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() })
export const ImportResultSchema = z.object({
  enterprises: Tally,
  members: Tally,
  /** Rows read, both sheets. */
  rows: z.number().int(),
})
export type ImportResult = z.infer<typeof ImportResultSchema>

/** 待认领: imported members waiting for the person to declare (亮身份) and the secretary to confirm. */
export const MEMBER_CLAIM_LABELS = { unclaimed: '待认领', claimed: '已认领' } as const

// ── The branches' records, read-only ────────────────────────────────────────

/**
 * What 下级亮身份与接转 shows of a declaration and of a transfer: the same answers as
 * `?scope=supervised` of their own lists, read through these narrower schemas so that this
 * subpackage carries neither feature's module (shared modules would move into the main package).
 */
export const SupervisedDeclarationListSchema = listOf(
  z.object({
    id: IdSchema,
    status: z.enum(DECLARATION_STATUSES),
    realName: z.string(),
    phoneMasked: z.string(),
    branchName: z.string(),
    createdAt: z.string(),
    daysWaiting: z.number().int(),
  }),
)
export const SupervisedTransferListSchema = listOf(
  z.object({
    id: IdSchema,
    applicantName: z.string(),
    kindLabel: z.string(),
    statusLabel: z.string(),
    fromOrg: z.object({ name: z.string() }),
    toOrg: z.object({ name: z.string() }),
  }),
)
