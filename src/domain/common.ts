import { z } from 'zod'
import { labelled } from './validation'

export const IdSchema = z.string().uuid({ message: '编号格式不正确' })

/**
 * The text the system accepts, decided once for every field: no NUL or other control characters
 * (PostgreSQL cannot store NUL, and the rest only hide text), no lone surrogate halves (not
 * valid UTF-8). Single-line fields (names, titles, places) take no line breaks or tabs either;
 * multi-line fields (agenda, minutes, reasons, pledges) keep newlines and tabs.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
const BREAKS = /[\t\n\r\u2028\u2029]/

/** A surrogate half without its partner. (A loop, not a lookbehind: older phones' engines lack those.) */
function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1)
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true
      i++
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return true
    }
  }
  return false
}

export const isCleanText = (s: string, multiline: boolean): boolean => !CONTROL.test(s) && !hasLoneSurrogate(s) && (multiline || !BREAKS.test(s))

/** A single-line text field, trimmed. Chain .min/.max/.regex as with z.string(). */
export const line = () => z.string().trim().refine((s) => isCleanText(s, false), { message: '不能包含换行或无法显示的控制字符' })

/** A multi-line text field, trimmed; newlines and tabs allowed. */
export const lines = () => z.string().trim().refine((s) => isCleanText(s, true), { message: '不能包含无法显示的控制字符' })

/** `?limit=&cursor=` of every list (api.md conventions). */
export const PageQuerySchema = z.strictObject({
  limit: labelled('每页条数', z.coerce.number().int().min(1).max(100)).default(20),
  cursor: labelled('翻页位置', line().max(200)).optional(),
})

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}
