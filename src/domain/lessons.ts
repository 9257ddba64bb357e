import { z } from 'zod'
import { labelled } from './validation'
import { IdSchema, line, lines } from './common'

/**
 * 微党课: lesson kinds, categories, and the crediting rules. The server credits study time from
 * heartbeats by its own clock; the numbers here are the whole policy (domain.md "微党课").
 */

export const LESSON_KINDS = ['video', 'audio', 'article'] as const
export type LessonKind = (typeof LESSON_KINDS)[number]
export const LESSON_KIND_LABELS: Record<LessonKind, string> = { video: '视频', audio: '音频', article: '图文' }

/** Shown first, in this order; any other category the data holds follows. */
export const LESSON_CATEGORIES = ['理论学习', '党史学习', '党章党规', '业务融合'] as const

/** The client sends a heartbeat about this often while playing or reading. */
export const HEARTBEAT_INTERVAL_SEC = 15
/** At most this much is credited for one heartbeat, however long the gap since the previous one. */
export const MAX_CREDIT_PER_BEAT_SEC = 30
/** Playback up to this speed counts; a jump further than this is a seek, not study. */
export const MAX_PLAYBACK_RATE = 2
/** Slack for timer jitter between what the player reports and the server's clock. */
export const POSITION_SLACK_SEC = 3
/** Video and audio: completed once this share of the length has been credited. */
export const MEDIA_COMPLETION_RATIO = 0.9
/** Articles: completed once read to the end and credited this share of the reading time. */
export const ARTICLE_DWELL_RATIO = 0.6
/** Reading speed used to estimate an article's reading time (Chinese characters per minute). */
export const READING_CHARS_PER_MINUTE = 300

export function articleSeconds(textLength: number): number {
  return Math.max(60, Math.ceil((textLength / READING_CHARS_PER_MINUTE) * 60))
}

export interface ProgressState {
  positionSec: number
  creditedSec: number
  /** The server's time of the previous heartbeat (ms), or null before the first. */
  lastBeatAt: number | null
  completed: boolean
}

/**
 * One heartbeat. Credits at most the real time elapsed since the previous one (capped), only when the
 * position moved plausibly (media) or the reader is on the page (articles), never beyond the length.
 * Pure: the server calls it with its clock and the stored row; tests call it directly too.
 */
export function applyHeartbeat(
  prev: ProgressState,
  beat: { positionSec: number; nowMs: number },
  lesson: { kind: LessonKind; durationSec: number },
): ProgressState & { creditedNowSec: number } {
  const position = Math.min(Math.max(0, beat.positionSec), lesson.durationSec)
  let credit = 0
  if (prev.lastBeatAt !== null) {
    const elapsed = Math.min(Math.max(0, (beat.nowMs - prev.lastBeatAt) / 1000), MAX_CREDIT_PER_BEAT_SEC)
    if (lesson.kind === 'article') {
      // Reading is dwelling: time on the page counts while the reader has not jumped back to the top.
      credit = position + POSITION_SLACK_SEC >= prev.positionSec ? elapsed : 0
    } else {
      const moved = position - prev.positionSec
      const plausible = moved > 0 && moved <= elapsed * MAX_PLAYBACK_RATE + POSITION_SLACK_SEC
      credit = plausible ? Math.min(elapsed, moved) : 0
    }
  }
  const creditedSec = Math.min(lesson.durationSec, prev.creditedSec + credit)
  const completed =
    prev.completed ||
    (lesson.kind === 'article'
      ? position >= lesson.durationSec - POSITION_SLACK_SEC && creditedSec >= lesson.durationSec * ARTICLE_DWELL_RATIO
      : creditedSec >= lesson.durationSec * MEDIA_COMPLETION_RATIO)
  return { positionSec: position, creditedSec, lastBeatAt: beat.nowMs, completed, creditedNowSec: creditedSec - prev.creditedSec }
}

/** What a list item says about my progress: 未学 / 学到 mm:ss / 已完成. */
export function progressLabel(p: { positionSec: number; completed: boolean; creditedSec: number } | null, kind?: LessonKind): string {
  if (!p) return '未学'
  if (p.completed) return '已完成'
  // An article's position is how far the text on screen reaches: its first screenful is not
  // "学到 1:00" a second after opening. What it has is the reading time the server counted.
  if (kind === 'article') return p.creditedSec < 1 ? '未学' : `已读 ${clock(p.creditedSec)}`
  if (p.positionSec < 1) return '未学'
  return `学到 ${clock(p.positionSec)}`
}

/** 754 → '12:34'; 3754 → '1:02:34'. */
export function clock(sec: number): string {
  const s = Math.max(0, Math.floor(sec))
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const r = String(s % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`
}

// ── API shapes ──────────────────────────────────────────────────────────────

export const MyProgressSchema = z.object({
  creditedSec: z.number().int(),
  completed: z.boolean(),
  positionSec: z.number().int(),
})
export type MyProgress = z.infer<typeof MyProgressSchema>

export const LessonItemSchema = z.object({
  id: IdSchema,
  title: z.string(),
  category: z.string(),
  kind: z.enum(LESSON_KINDS),
  lecturer: z.string().nullable(),
  durationSec: z.number().int(),
  coverUrl: z.string().nullable(),
  orgName: z.string(),
  publishedAt: z.string().nullable(),
  myProgress: MyProgressSchema.nullable(),
})
export type LessonItem = z.infer<typeof LessonItemSchema>

export const LessonListSchema = z.object({ items: z.array(LessonItemSchema), nextCursor: z.string().nullable() })
export type LessonList = z.infer<typeof LessonListSchema>

export const LessonSchema = LessonItemSchema.extend({
  mediaUrl: z.string().nullable(),
  bodyHtml: z.string().nullable().describe('服务端清洗过的 HTML（图文课）'),
  orgId: IdSchema,
  published: z.boolean(),
  canEdit: z.boolean(),
})
export type Lesson = z.infer<typeof LessonSchema>

export const LessonQuerySchema = z.strictObject({
  category: labelled('分类', line().max(20)).optional(),
  q: labelled('搜索词', line().max(50)).optional(),
  scope: labelled('范围', z.enum(['study', 'manage']).default('study').describe('study：可学习的（已发布）；manage：我能管理的（含未发布）')),
  limit: labelled('每页条数', z.coerce.number().int().min(1).max(50)).default(20),
  cursor: labelled('翻页位置', line().max(200)).optional(),
})
export type LessonQuery = z.infer<typeof LessonQuerySchema>

const urlish = (label: string) =>
  z
    .string()
    .trim()
    .max(500, `${label}不超过 500 个字符`)
    // Phones load media over https only (plain http is blocked on iOS and in release builds).
    .refine((s) => /^(https:\/\/[^\s/]+\/|\/media\/)/.test(s), `${label}应以 https:// 开头（或为本服务的 /media/ 文件）`)

export const LessonBodySchema = z
  .strictObject({
    orgId: labelled('所属组织', IdSchema),
    title: labelled('标题', line().min(2, '请填写标题（至少 2 个字）').max(60, '标题不超过 60 个字')),
    category: labelled('分类', line().min(2, '请填写分类').max(20, '分类不超过 20 个字')),
    kind: labelled('课程类型', z.enum(LESSON_KINDS, { message: '请选择视频、音频或图文' })),
    lecturer: labelled('主讲人', line().max(20, '主讲人不超过 20 个字')).optional(),
    coverUrl: labelled('封面地址', urlish('封面地址')).optional(),
    mediaUrl: labelled('音视频地址', urlish('音视频地址')).optional(),
    bodyHtml: labelled('正文', lines().max(50_000, '正文不超过 5 万字')).optional(),
    durationSec: labelled('时长', z.number().int().min(10, '时长至少 10 秒').max(4 * 3600, '时长不超过 4 小时')).optional(),
    publish: labelled('是否发布', z.boolean()).default(false),
  })
  .superRefine((b, ctx) => {
    if (b.kind === 'article') {
      if (!b.bodyHtml?.trim()) ctx.addIssue({ code: 'custom', path: ['bodyHtml'], message: '图文课请填写正文' })
    } else {
      if (!b.mediaUrl) ctx.addIssue({ code: 'custom', path: ['mediaUrl'], message: '音视频课请填写音视频地址' })
      if (!b.durationSec) ctx.addIssue({ code: 'custom', path: ['durationSec'], message: '音视频课请填写时长' })
    }
  })
export type LessonBody = z.infer<typeof LessonBodySchema>

export const HeartbeatSchema = z.strictObject({
  positionSec: labelled('播放位置', z.number({ message: '播放位置应为数字' }).min(0, '播放位置不能为负数').max(24 * 3600, '播放位置不合理')),
})

export const HeartbeatResultSchema = z.object({
  creditedSec: z.number().int(),
  completed: z.boolean(),
  positionSec: z.number().int(),
})

export const CategoriesSchema = z.object({ items: z.array(z.object({ name: z.string(), count: z.number().int() })) })

export const StudySummarySchema = z.object({
  totalSec: z.number().int(),
  thisMonthSec: z.number().int(),
  completedCount: z.number().int(),
  weeks: z
    .array(z.object({ weekStart: z.string(), sec: z.number().int() }))
    .describe('最近 8 周（周一开始，北京时间），最早的在前'),
  continueLesson: z
    .object({ id: IdSchema, title: z.string(), kind: z.enum(LESSON_KINDS), positionSec: z.number().int(), durationSec: z.number().int() })
    .nullable()
    .describe('最近学过、尚未完成的一课'),
  recent: z
    .array(z.object({ id: IdSchema, title: z.string(), kind: z.enum(LESSON_KINDS), positionSec: z.number().int(), creditedSec: z.number().int(), completed: z.boolean() }))
    .describe('最近学习的 5 课'),
})
export type StudySummary = z.infer<typeof StudySummarySchema>
