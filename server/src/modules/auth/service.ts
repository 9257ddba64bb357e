import { sql } from 'drizzle-orm'
import type { AuthResponse } from '../../../../src/domain/auth'
import type { Db } from '../../db/client'
import { rowsOf } from '../../db/client'
import { issueToken } from '../../lib/token'
import { audit } from '../../plugins/audit'
import { SESSIONS_CHANNEL } from '../../plugins/auth'

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
    const [row] = rowsOf<{ id: string; nickname: string; token_version: number; inserted: boolean }>(
      await tx.execute(sql`
        INSERT INTO users (openid, unionid, nickname, last_seen_at)
        VALUES (${input.openid}, ${input.unionid ?? null}, ${input.nickname}, ${now.toISOString()})
        ON CONFLICT (openid) DO UPDATE
          SET last_seen_at = EXCLUDED.last_seen_at,
              unionid = COALESCE(EXCLUDED.unionid, users.unionid)
        RETURNING id, nickname, token_version, (xmax = 0) AS inserted`),
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
  const { token, expiresAt } = issueToken(tokens.appSecret, user.id, tokens.tokenTtlSec, now.getTime(), user.token_version)
  return { token, expiresAt: expiresAt.toISOString(), user: { id: user.id, nickname: user.nickname } }
}

/** 退出登录: this token stops working at once (and expired revocations are pruned). */
export async function logout(db: Db, userId: string, token: { jti: string; exp: number }, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`DELETE FROM revoked_tokens WHERE expires_at < ${now.toISOString()}`)
    await tx.execute(sql`INSERT INTO revoked_tokens (jti, expires_at) VALUES (${token.jti}, ${new Date(token.exp * 1000).toISOString()}) ON CONFLICT DO NOTHING`)
    await audit(tx, { actorId: userId, action: 'user.logout', targetType: 'user', targetId: userId, details: {} })
    await tx.execute(sql`SELECT pg_notify(${SESSIONS_CHANNEL}, ${userId})`)
  })
}

/** 在所有设备上退出: every token issued so far carries an older version and stops working. */
export async function logoutAll(db: Db, userId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`UPDATE users SET token_version = token_version + 1 WHERE id = ${userId}`)
    await audit(tx, { actorId: userId, action: 'user.logout_all', targetType: 'user', targetId: userId, details: {} })
    await tx.execute(sql`SELECT pg_notify(${SESSIONS_CHANNEL}, ${userId})`)
  })
}
