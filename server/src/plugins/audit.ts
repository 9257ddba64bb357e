import { auditLog } from '../db/schema'
import type { DbOrTx } from '../db/client'

export interface AuditEntry {
  actorId: string | null
  action: string
  targetType: string
  targetId?: string | null
  details?: Record<string, unknown>
}

/**
 * Records a change. Call it inside the same transaction as the change itself,
 * so that there is never a change without its record or a record without its change.
 */
export async function audit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    details: entry.details ?? {},
  })
}
