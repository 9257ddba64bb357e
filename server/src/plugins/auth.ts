import { eq, sql } from 'drizzle-orm'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Db } from '../db/client'
import { revokedTokens, users } from '../db/schema'
import { unauthenticated } from '../lib/errors'
import { verifyToken } from '../lib/token'

export interface SessionUser {
  id: string
  openid: string
  nickname: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `app.authenticate`; null on routes that do not require a session. */
    user: SessionUser | null
    /** The token the session came with (for 退出登录). */
    token: { jti: string; exp: number } | null
  }
  interface FastifyInstance {
    /** 401 UNAUTHENTICATED unless the request carries a valid, unexpired token of a known user; run for every non-public /api route by plugins/access. */
    authenticate(request: FastifyRequest): Promise<void>
  }
}

/** How often a user's last_seen_at is refreshed (it feeds the 失联 check of 流动党员). */
const SEEN_RESOLUTION_MS = 60 * 60 * 1000

const MESSAGES = {
  missing: '请先登录',
  malformed: '登录凭证无效，请重新登录',
  signature: '登录凭证无效，请重新登录',
  expired: '登录已过期，请重新登录',
  unknown: '账号不存在或已停用，请重新登录',
  revoked: '已退出登录，请重新登录',
} as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function prepareLookup(db: Db) {
  return db
    .select({
      id: users.id,
      openid: users.openid,
      nickname: users.nickname,
      lastSeenAt: users.lastSeenAt,
      tokenVersion: users.tokenVersion,
      revoked: sql<boolean>`EXISTS (SELECT 1 FROM ${revokedTokens} WHERE ${revokedTokens.jti} = ${sql.placeholder('jti')})`,
    })
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .limit(1)
    .prepare('session_user')
}

/** Signed-token authentication: stateless, so any instance can check any token. */
export default fp(async function authPlugin(app: FastifyInstance) {
  app.decorateRequest('user', null)
  app.decorateRequest('token', null)

  // Every signed-in request runs this one query: a named prepared statement, so PostgreSQL parses
  // and plans it once per connection instead of once per request.
  let lookup: ReturnType<typeof prepareLookup> | undefined
  app.decorate('authenticate', async function authenticate(request: FastifyRequest) {
    if (request.user) return // checked once per request
    const header = request.headers.authorization
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null
    if (!match) throw unauthenticated(MESSAGES.missing)
    const now = app.deps.clock.now()
    const check = verifyToken(app.deps.config.appSecret, match[1], now.getTime())
    if (!check.ok) throw unauthenticated(MESSAGES[check.reason])

    const db = app.deps.db
    const { sub, ver, jti, exp } = check.payload
    lookup ??= prepareLookup(db)
    // An id that is not a uuid is nobody (and must not reach PostgreSQL as one).
    const [row] = UUID.test(sub) ? await lookup.execute({ id: sub, jti }) : []
    if (!row) throw unauthenticated(MESSAGES.unknown)
    if (row.tokenVersion !== ver || row.revoked) throw unauthenticated(MESSAGES.revoked)
    if (!row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() > SEEN_RESOLUTION_MS) {
      await db.update(users).set({ lastSeenAt: now }).where(eq(users.id, row.id))
    }
    request.user = { id: row.id, openid: row.openid, nickname: row.nickname }
    request.token = { jti, exp }
  })
})

/** The signed-in user of a route guarded by `app.authenticate`. */
export function sessionUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthenticated()
  return request.user
}
