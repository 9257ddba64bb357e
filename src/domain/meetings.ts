import { z } from 'zod'
import { labelled } from './validation'
import { IdSchema, line, lines } from './common'
import { DAY_MS, HOUR_MS } from './time'

/**
 * 组织生活: meeting types with their Chinese names, and the rules of the QR sign-in that both
 * the secretary's screen and the server follow. Times are epoch milliseconds here; the wire
 * carries ISO-8601 UTC strings.
 */

export const MEETING_TYPES = ['branch_assembly', 'committee', 'group', 'lecture', 'theme_day', 'life_meeting', 'review', 'other'] as const
export type MeetingType = (typeof MEETING_TYPES)[number]
export const MEETING_TYPE_LABELS: Record<MeetingType, string> = {
  branch_assembly: '支部党员大会',
  committee: '支委会',
  group: '党小组会',
  lecture: '党课',
  theme_day: '主题党日',
  life_meeting: '组织生活会',
  review: '民主评议党员',
  other: '其他',
}

export const MAX_MEETING_HOURS = 12
export const GEOFENCE_RADIUS_M = { min: 50, max: 2000 } as const
/** Sign-in opens this long before the start (domain.md: default 30 minutes) and closes at the end. */
export const CHECKIN_OPENS_BEFORE_MS = 30 * 60 * 1000
/** One code per time step; a code is accepted during its own step and the next one. */
export const CHECKIN_STEP_MS = 20 * 1000
/** The reported GPS accuracy is added to the radius, up to this much. */
export const MAX_ACCURACY_SLACK_M = 100

export type CheckinWindowState = 'not_open' | 'open' | 'closed'

export function checkinWindow(startsAt: number, endsAt: number, now: number): CheckinWindowState {
  if (now < startsAt - CHECKIN_OPENS_BEFORE_MS) return 'not_open'
  if (now > endsAt) return 'closed'
  return 'open'
}

export function timeStep(now: number): number {
  return Math.floor(now / CHECKIN_STEP_MS)
}

/** When a code of `step` stops being accepted: the end of the following step. */
export function stepExpiresAt(step: number): number {
  return (step + 2) * CHECKIN_STEP_MS
}

/** A code of `codeStep` is good at `now` when it is the current or the previous step. */
export function stepAccepted(codeStep: number, now: number): 'ok' | 'expired' | 'future' {
  const current = timeStep(now)
  if (codeStep > current) return 'future'
  if (current - codeStep > 1) return 'expired'
  return 'ok'
}

const EARTH_RADIUS_M = 6_371_008.8

/** Great-circle distance in metres (haversine). */
export function distanceM(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180
  const dLat = rad(b.lat - a.lat)
  const dLng = rad(b.lng - a.lng)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

export function withinGeofence(
  fence: { lat: number; lng: number; radiusM: number },
  at: { lat: number; lng: number; accuracyM?: number },
): boolean {
  const slack = Math.min(Math.max(at.accuracyM ?? 0, 0), MAX_ACCURACY_SLACK_M)
  return distanceM(fence, at) <= fence.radiusM + slack
}

export const GeofenceSchema = z.strictObject({
  lat: labelled('纬度', z.number().min(-90).max(90)),
  lng: labelled('经度', z.number().min(-180).max(180)),
  radiusM: labelled(
    '签到范围半径',
    z
      .number()
      .int()
      .min(GEOFENCE_RADIUS_M.min, `签到范围半径不能小于 ${GEOFENCE_RADIUS_M.min} 米`)
      .max(GEOFENCE_RADIUS_M.max, `签到范围半径不能大于 ${GEOFENCE_RADIUS_M.max} 米`),
  ),
})

/** An instant with its offset (the pickers send it in UTC); a bad one reads 「开始时间的格式不对」. */
const IsoTime = z.string().datetime({ offset: true })

export const MeetingBodySchema = z
  .strictObject({
    branchId: labelled('支部', IdSchema),
    type: labelled('会议类型', z.enum(MEETING_TYPES, { message: '请选择会议类型' })),
    title: labelled('会议主题', line().min(2, '请填写会议主题（至少 2 个字）').max(60, '会议主题不超过 60 个字')),
    agenda: labelled('议程', lines().max(2000, '议程不超过 2000 个字')).optional(),
    location: labelled('会议地点', line().min(2, '请填写会议地点').max(100, '地点不超过 100 个字')),
    startsAt: labelled('开始时间', IsoTime),
    endsAt: labelled('结束时间', IsoTime),
    open: labelled('是否开放', z.boolean()),
    capacity: labelled('人数上限', z.number().int().positive('人数上限必须是正整数').max(10000)).optional(),
    geofence: labelled('签到范围', GeofenceSchema).optional(),
  })
  .superRefine((m, ctx) => {
    const start = Date.parse(m.startsAt)
    const end = Date.parse(m.endsAt)
    if (!(end > start)) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: '结束时间必须晚于开始时间' })
    else if (end - start > MAX_MEETING_HOURS * HOUR_MS) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: `一次会议不能超过 ${MAX_MEETING_HOURS} 小时` })
    }
  })
export type MeetingBody = z.infer<typeof MeetingBodySchema>

export const MY_STATUSES = ['not_checked_in', 'checked_in', 'on_leave', 'absent', 'guest'] as const
export type MyStatus = (typeof MY_STATUSES)[number]
export const MY_STATUS_LABELS: Record<MyStatus, string> = {
  not_checked_in: '未签到',
  checked_in: '已签到',
  on_leave: '请假',
  absent: '缺席',
  guest: '来宾',
}

export const MeetingSchema = z.object({
  id: IdSchema,
  branchId: IdSchema,
  branchName: z.string(),
  type: z.enum(MEETING_TYPES),
  typeLabel: z.string(),
  title: z.string(),
  agenda: z.string().nullable(),
  location: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  open: z.boolean(),
  capacity: z.number().int().nullable(),
  geofence: z.object({ lat: z.number(), lng: z.number(), radiusM: z.number() }).nullable(),
  cancelled: z.boolean(),
  cancelReason: z.string().nullable(),
  myStatus: z.enum(MY_STATUSES).nullable().describe('非本支部党员且未签到时为 null'),
  myCheckedInAt: z.string().nullable(),
  canManage: z.boolean(),
  /** May open its attendance and minutes: its secretary, or read-only a committee's admin or instructor above it. */
  canInspect: z.boolean(),
})
export type Meeting = z.infer<typeof MeetingSchema>

/** mine 我的支部; open 开放的组织生活; supervised 下级组织（上级党委、指导员只读查看）. */
export const MEETING_LIST_SCOPES = ['mine', 'open', 'supervised'] as const
export type MeetingListScope = (typeof MEETING_LIST_SCOPES)[number]

export const MeetingQuerySchema = z.strictObject({
  scope: labelled('范围', z.enum(MEETING_LIST_SCOPES)).default('mine'),
  limit: labelled('每页条数', z.coerce.number().int().min(1).max(100)).default(20),
  cursor: labelled('翻页位置', line().max(200)).optional(),
})

/** 常用地点: where the branch held geofenced meetings before, to pick again (and, on H5, the place search). */
export const PlacesQuerySchema = z.strictObject({
  branchId: labelled('支部', IdSchema),
  q: labelled('地点名称', line().max(50)).optional(),
})
export const PlaceSchema = z.object({
  name: z.string(),
  lat: z.number(),
  lng: z.number(),
  radiusM: z.number(),
  /** When a meeting last used it (ISO-8601). */
  lastUsedAt: z.string(),
})
export type Place = z.infer<typeof PlaceSchema>
export const PlacesSchema = z.object({ items: z.array(PlaceSchema) })
/** How many 常用地点 come back: the latest first. */
export const PLACES_LIMIT = 10

export const LocationSchema = z.strictObject({
  lat: labelled('纬度', z.number().min(-90).max(90)),
  lng: labelled('经度', z.number().min(-180).max(180)),
  accuracyM: labelled('定位精度', z.number().min(0).max(100000)).optional(),
})

export const CheckinBodySchema = z.strictObject({
  code: labelled('签到码', line().min(1, '请扫描或输入签到码').max(200)),
  location: labelled('位置', LocationSchema).optional(),
})

export const GuestCheckinBodySchema = z.strictObject({
  code: labelled('签到码', line().min(1, '请扫描或输入签到码').max(200)),
  name: labelled('姓名', line().min(2, '请填写姓名').max(20)),
  company: labelled('单位', line().max(60)).optional(),
  location: labelled('位置', LocationSchema).optional(),
})

/** member: on the branch's roll; mobile: a registered 流动党员 (attends, never votes here); guest: open sessions. */
export const CHECKIN_KINDS = ['member', 'mobile', 'guest'] as const
export type CheckinKind = (typeof CHECKIN_KINDS)[number]

/**
 * 表决 quorum: more than half of the members entitled to vote. Probationary members and 流动党员
 * registered at the branch attend but do not vote (党章 art. 7; domain.md "流动党员").
 */
export function quorumRequired(eligible: number): number {
  return Math.floor(eligible / 2) + 1
}

export const CheckinResultSchema = z.object({
  meetingId: IdSchema,
  meetingTitle: z.string(),
  checkedInAt: z.string(),
  kind: z.enum(CHECKIN_KINDS),
  alreadyCheckedIn: z.boolean().optional(),
})
export type CheckinResult = z.infer<typeof CheckinResultSchema>

export const LeaveBodySchema = z.strictObject({
  reason: labelled('请假原因', lines().min(2, '请填写请假原因').max(200, '原因不超过 200 个字')),
})

export const CancelBodySchema = z.strictObject({
  reason: labelled('取消原因', lines().min(2, '请填写取消的原因（至少 2 个字），党员会看到').max(200, '原因不超过 200 个字')),
})

export const ManualCheckinBodySchema = z.strictObject({
  memberId: labelled('党员', IdSchema),
  reason: labelled('补签原因', lines().min(2, '补签必须填写原因（至少 2 个字）').max(200, '原因不超过 200 个字')),
})

export const AttendanceSchema = z.object({
  expected: z.number().int().describe('应到：本支部党员和在此登记的流动党员'),
  checkedIn: z.number().int(),
  onLeave: z.number().int(),
  absent: z.number().int(),
  guests: z.number().int(),
  records: z.array(
    z.object({
      name: z.string(),
      company: z.string().nullable(),
      kind: z.enum(CHECKIN_KINDS),
      voting: z.boolean().describe('是否有表决权（正式党员）'),
      method: z.enum(['qr', 'manual']),
      at: z.string(),
      manualReason: z.string().nullable(),
    }),
  ),
  leaves: z.array(z.object({ name: z.string(), reason: z.string(), at: z.string() })),
  absentees: z.array(
    z.object({
      memberId: IdSchema.nullable().describe('流动党员为 null（补签只对本支部党员）'),
      name: z.string(),
      mobile: z.boolean(),
    }),
  ),
  mobile: z.number().int().describe('应到中的流动党员人数'),
  voting: z
    .object({
      eligible: z.number().int().describe('有表决权的应到人数（正式党员，不含预备党员和流动党员）'),
      present: z.number().int(),
      required: z.number().int().describe('过半数所需人数'),
      reached: z.boolean(),
    })
    .describe('表决、选举的到会人数：流动党员和预备党员不计入'),
})
export type Attendance = z.infer<typeof AttendanceSchema>

/** Minutes lock this long after the meeting ends; later changes are appended amendments. */
export const MINUTES_LOCK_MS = 7 * DAY_MS

export const MinutesBodySchema = z.strictObject({
  body: labelled('会议记录', lines().min(2, '会议记录不能为空').max(20000, '会议记录不超过 20000 字')),
})

export const MinutesSchema = z.object({
  body: z.string().nullable(),
  authorName: z.string().nullable(),
  updatedAt: z.string().nullable(),
  locksAt: z.string(),
  locked: z.boolean(),
  amendments: z.array(z.object({ body: z.string(), authorName: z.string(), at: z.string() })),
})
export type Minutes = z.infer<typeof MinutesSchema>
