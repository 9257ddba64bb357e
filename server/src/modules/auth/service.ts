import { sql } from 'drizzle-orm'
import type { AuthResponse } from '../../../../src/domain/auth'
import type { Db } from '../../db/client'
import { rowsOf } from '../../db/client'
import { issueToken } from '../../lib/token'
import { audit } from '../../plugins/audit'

export interface SignInInput {
  openid: string
  unionid?: string | null
  /** Used only when the user is created. */
  nickname: string
  method: 'wechat' | 'dev'
}

export interface TokenSettings {
  appSecret: string
  tokenTtlSec: number
}

/**
 * Finds or creates the user of an openid and issues a session token.
 * The upsert makes two simultaneous first logins of one person produce one user.
 */
export async function signIn(db: Db, tokens: TokenSettings, now: Date, input: SignInInput): Promise<AuthResponse> {
  const user = await db.transaction(async (tx) => {
    const [row] = rowsOf<{ id: string; nickname: string; inserted: boolean }>(
      await tx.execute(sql`
        INSERT INTO users (openid, unionid, nickname, last_seen_at)
        VALUES (${input.openid}, ${input.unionid ?? null}, ${input.nickname}, ${now.toISOString()})
        ON CONFLICT (openid) DO UPDATE
          SET last_seen_at = EXCLUDED.last_seen_at,
              unionid = COALESCE(EXCLUDED.unionid, users.unionid)
        RETURNING id, nickname, (xmax = 0) AS inserted`),
    )
    await audit(tx, {
      actorId: row.id,
      action: row.inserted ? 'user.created' : 'user.signed_in',
      targetType: 'user',
      targetId: row.id,
      details: { method: input.method },
    })
    return row
  })
  const { token, expiresAt } = issueToken(tokens.appSecret, user.id, tokens.tokenTtlSec, now.getTime())
  return { token, expiresAt: expiresAt.toISOString(), user: { id: user.id, nickname: user.nickname } }
}
