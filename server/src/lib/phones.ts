import { createHmac } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { rowsOf, type Db } from '../db/client'
import type { FieldCipher } from './fieldcrypto'

/**
 * Phone numbers at rest are encrypted like ID numbers (AES-256-GCM, ID_ENCRYPTION_KEY): a copy of
 * the database, or a query that reads the column, shows ciphertext. They are shown in full only
 * to the person and to the secretary who reviews them; anyone else sees 138****1234.
 */
const PLAIN = /^1\d{10}$/

export const maskPhone = (p: string) => `${p.slice(0, 3)}****${p.slice(-4)}`

export const sealPhone = (cipher: FieldCipher, phone: string) => cipher.encrypt(phone)

/** The number, from a sealed value (or from a plain one written before encryption). */
export const openPhone = (cipher: FieldCipher, stored: string) => (PLAIN.test(stored) ? stored : cipher.decrypt(stored))

/** Seals numbers stored in plain text before this version (run at start; idempotent). */
export async function sealLegacyPhones(db: Db, cipher: FieldCipher): Promise<number> {
  let sealed = 0
  for (const [table, column] of [
    ['declarations', 'phone'],
    ['transfers', 'contact_phone'],
  ] as const) {
    const rows = rowsOf<{ id: string; phone: string }>(
      await db.execute(sql.raw(`SELECT id::text AS id, ${column} AS phone FROM ${table} WHERE ${column} ~ '^1[0-9]{10}$'`)),
    )
    for (const r of rows) {
      await db.execute(sql`UPDATE ${sql.raw(table)} SET ${sql.raw(column)} = ${sealPhone(cipher, r.phone)} WHERE id = ${r.id}::uuid AND ${sql.raw(column)} = ${r.phone}`)
      sealed++
    }
  }
  return sealed
}

/**
 * HMAC of a phone number under a key derived from APP_SECRET: imported ledgers match people on it
 * without decrypting, and it says nothing without the key.
 */
export function phoneHasher(appSecret: string): (phone: string) => string {
  const key = createHmac('sha256', appSecret).update('red-engine/ledger-phone/v1').digest()
  return (phone) => createHmac('sha256', key).update(phone).digest('base64url')
}
