import { invalid } from './errors'

/**
 * The one cursor codec: a cursor is the JSON of where the next page starts, in base64url, opaque to
 * clients. Keyset lists (orgs, lessons) put the sort key of the last row in it; short,
 * secretary-sized lists (review queues, a branch's meetings) an offset. Each list says what a
 * cursor of its own looks like; anything else — garbled, forged, huge — is 400 VALIDATION_FAILED.
 */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url')
}

const invalidCursor = () => invalid('翻页位置已失效，请从第一页重新加载')

/** The position in `cursor`, or null without one; 400 unless `isValid` accepts it. */
export function decodeCursor<T>(cursor: string | undefined, isValid: (v: unknown) => v is T): T | null {
  if (!cursor) return null
  let v: unknown
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalidCursor()
  }
  if (!isValid(v)) throw invalidCursor()
  return v
}

const UUID = /^[0-9a-f-]{36}$/i

/** A keyset position: the last row's sort value (text the database can take, as `isKey` accepts it) and its id. */
export function isKeyset(isKey: (key: string) => boolean) {
  return (v: unknown): v is [string, string] =>
    Array.isArray(v) &&
    v.length === 2 &&
    typeof v[0] === 'string' &&
    !v[0].includes('\u0000') &&
    isKey(v[0]) &&
    typeof v[1] === 'string' &&
    UUID.test(v[1])
}

/** Deeper than any list a person pages through; beyond it a cursor is forged. */
const MAX_OFFSET = 1_000_000
const isOffset = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_OFFSET

export function decodeOffsetCursor(cursor: string | undefined): number {
  return decodeCursor(cursor, isOffset) ?? 0
}

/** `rows` fetched with `limit + 1`: the page and the cursor of the next one. */
export function offsetPage<T>(rows: T[], offset: number, limit: number): { page: T[]; nextCursor: string | null } {
  return keysetPage(rows, limit, () => offset + limit)
}

/** `rows` fetched with `limit + 1`: the page and the cursor after its last row (`positionOf` it). */
export function keysetPage<T>(rows: T[], limit: number, positionOf: (last: T) => unknown): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit)
  return { page, nextCursor: rows.length > limit ? encodeCursor(positionOf(page[page.length - 1])) : null }
}
