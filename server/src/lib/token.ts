import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Signed session tokens: `v1.<base64url(payload)>.<base64url(HMAC-SHA256)>`.
 * The signature is checked without the database; `ver` (the user's token version) and `jti`
 * (this token's id) let 退出登录 end one token, or all of a user's, before they expire.
 */
export interface TokenPayload {
  sub: string
  iat: number
  exp: number
  ver: number
  jti: string
}

const PREFIX = 'v1'

function sign(secret: string, data: string): string {
  return createHmac('sha256', secret).update(data).digest('base64url')
}

export function issueToken(secret: string, userId: string, ttlSec: number, nowMs: number, version = 0): { token: string; expiresAt: Date } {
  const iat = Math.floor(nowMs / 1000)
  const payload: TokenPayload = { sub: userId, iat, exp: iat + ttlSec, ver: version, jti: randomBytes(12).toString('base64url') }
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url')
  const data = `${PREFIX}.${body}`
  return { token: `${data}.${sign(secret, data)}`, expiresAt: new Date(payload.exp * 1000) }
}

export type TokenCheck = { ok: true; payload: TokenPayload } | { ok: false; reason: 'malformed' | 'signature' | 'expired' }

export function verifyToken(secret: string, token: string, nowMs: number): TokenCheck {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed' }
  const expected = Buffer.from(sign(secret, `${parts[0]}.${parts[1]}`))
  const given = Buffer.from(parts[2])
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'signature' }
  let payload: TokenPayload
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (typeof payload?.sub !== 'string' || typeof payload.exp !== 'number' || typeof payload.ver !== 'number' || typeof payload.jti !== 'string') {
    return { ok: false, reason: 'malformed' }
  }
  if (payload.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' }
  return { ok: true, payload }
}
