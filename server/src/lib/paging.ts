import { ErrorCodes } from '../../../src/domain/errors'
import { AppError } from './errors'

/**
 * Opaque offset cursors for short, secretary-sized lists (review queues, a branch's meetings).
 * Large lists use keyset cursors instead (see orgs).
 */
/** Deeper than any list a person pages through; beyond it a cursor is forged. */
const MAX_OFFSET = 1_000_000

export function decodeOffsetCursor(cursor: string | undefined): number {
  if (!cursor) return 0
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const n = /^\d{1,7}$/.test(text) ? Number(text) : NaN
  if (!(n >= 0 && n <= MAX_OFFSET)) throw new AppError(400, ErrorCodes.VALIDATION_FAILED, '分页参数 cursor 无效，请从第一页重新加载')
  return n
}

/** `rows` fetched with `limit + 1`: the page and the cursor of the next one. */
export function offsetPage<T>(rows: T[], offset: number, limit: number): { page: T[]; nextCursor: string | null } {
  return {
    page: rows.slice(0, limit),
    nextCursor: rows.length > limit ? Buffer.from(String(offset + limit)).toString('base64url') : null,
  }
}
