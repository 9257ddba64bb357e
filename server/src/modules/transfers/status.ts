import { sql, type Placeholder, type SQL } from 'drizzle-orm'
import type { TransferStatus } from '../../../../src/domain/transfers'
import { transfers } from '../../db/schema'

/**
 * SQL for "the status a reader sees on `today` is `s`": the twin of domain `effectiveStatus`, where
 * an accepted request past its validity reads as expired. Its own file so that the membership
 * module can ask it without importing the transfers service (which asks the membership module).
 */
export function statusIs(s: TransferStatus, today: string | Placeholder): SQL {
  if (s === 'accepted') return sql`(${transfers.status} = 'accepted' AND ${transfers.letterValidUntil} >= ${today})`
  if (s === 'expired') return sql`(${transfers.status} = 'expired' OR (${transfers.status} = 'accepted' AND ${transfers.letterValidUntil} < ${today}))`
  return sql`${transfers.status} = ${s}`
}
