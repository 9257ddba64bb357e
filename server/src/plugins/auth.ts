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
    /**
     * On a route with `config.confirmsSession`: a validly signed, unexpired token whose session was
     * not looked up yet (user null). The handler confirms it inside its own statement (see
     * `UnconfirmedSession`) or calls `app.authenticate` before anything else.
     */
    unconfirmed: UnconfirmedSession | null
  }
  interface FastifyContextConfig {
    /**
     * The handler can confirm the session in the same statement that does its work (the scan of a
     * sign-in burst: 2,000 new tokens, each otherwise one more round trip before the INSERT).
     */
    confirmsSession?: boolean
  }
  interface FastifyInstance {
    /**
     * 401 UNAUTHENTICATED unless the request carries a valid, unexpired token of a known user; run
     * for every non-public /api route by plugins/access. With `allowUnconfirmed` (routes with
     * `confirmsSession`) a signature-checked token that is not among the recently checked sessions
     * is left in `request.unconfirmed` instead of being looked up.
     */
    authenticate(request: FastifyRequest, allowUnconfirmed?: boolean): Promise<void>
    /** A statement confirmed `request.unconfirmed` (user, token version, not revoked): notes the user as seen. */
    sessionConfirmed(request: FastifyRequest): void
    /** Forgets this instance's checked sessions of a user at once (退出登录); other instances hear of it through `SESSIONS_CHANNEL`. */
    forgetSessions(userId: string): void
  }
}

/** How often a user's last_seen_at is refreshed (it feeds the 失联 check of 流动党员). */
const SEEN_RESOLUTION_MS = 60 * 60 * 1000
/** How often the people seen meanwhile get their last_seen_at, in one UPDATE. */
const SEEN_FLUSH_MS = 5000

const MESSAGES = {
  missing: '请先登录',
  malformed: '登录凭证无效，请重新登录',
  signature: '登录凭证无效，请重新登录',
  expired: '登录已过期，请重新登录',
  unknown: '账号不存在或已停用，请重新登录',
  revoked: '已退出登录，请重新登录',
} as const

/**
 * Sent with `pg_notify(SESSIONS_CHANNEL, userId)` in the transaction that revokes a user's tokens,
 * so that every instance forgets the sessions it had checked.
 */
export const SESSIONS_CHANNEL = 're_sessions'

/** How long a checked session is trusted without asking the database again. */
const SESSION_CACHE_MS = 30_000
const SESSION_CACHE_MAX = 100_000

/**
 * A signed token not yet checked against the database. A statement that acts on it must hold only
 * while `users.token_version = ver` for `userId` and `jti` is not in `revoked_tokens`
 * (`sessionHolds`), in the same snapshot as its write.
 */
export interface UnconfirmedSession {
  userId: string
  ver: number
  jti: string
}

interface Checked {
  user: SessionUser
  until: number
}

/**
 * Sessions checked recently, by token id: a member's next requests skip the lookup, which was one
 * of the two round trips of GET /me. Trusted only while revocations from every instance can reach
 * this one (the LISTEN connection is up); emptied when it drops, when a user is revoked, and when
 * a revocation may have happened while a lookup was under way.
 */
class SessionCache {
  private byJti = new Map<string, Checked>()
  /** Bumped by every forget: a lookup that overlaps one does not fill the cache. */
  generation = 0
  live = false

  get(jti: string, now: number): SessionUser | null {
    if (!this.live) return null
    const hit = this.byJti.get(jti)
    if (!hit) return null
    if (hit.until < now) {
      this.byJti.delete(jti)
      return null
    }
    return hit.user
  }

  set(jti: string, user: SessionUser, now: number, generation: number) {
    if (!this.live || generation !== this.generation) return
    if (this.byJti.size >= SESSION_CACHE_MAX) this.byJti.delete(this.byJti.keys().next().value!)
    this.byJti.set(jti, { user, until: now + SESSION_CACHE_MS })
  }

  forgetUser(userId: string) {
    this.generation++
    for (const [jti, c] of this.byJti) if (c.user.id === userId) this.byJti.delete(jti)
  }

  clear() {
    this.generation++
    this.byJti.clear()
  }
}

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
  app.decorateRequest('unconfirmed', null)

  // Every signed-in request runs this one query: a named prepared statement, so PostgreSQL parses
  // and plans it once per connection instead of once per request.
  let lookup: ReturnType<typeof prepareLookup> | undefined
  const cache = new SessionCache()
  const subscription = app.deps.listen(SESSIONS_CHANNEL, {
    ready() {
      cache.clear()
      cache.live = true
    },
    lost() {
      if (cache.live) app.log.warn('session notifications lost: every request checks its token in the database until they are back')
      cache.live = false
      cache.clear()
    },
    message: (userId) => cache.forgetUser(userId),
  })
  app.addHook('onClose', async () => subscription.close())
  app.decorate('forgetSessions', (userId: string) => cache.forgetUser(userId))

  // last_seen_at (hour resolution, for the 失联 check) is written for everyone seen in the last few
  // seconds at once, not by the request that noticed it: a sign-in burst of 2,000 new faces made
  // 2,000 extra UPDATEs, each waiting for its own commit.
  const seen = new Map<string, Date>()
  const flushSeen = async () => {
    if (seen.size === 0) return
    const batch = JSON.stringify([...seen].map(([id, at]) => ({ id, at: at.toISOString() })))
    seen.clear()
    // (at hour resolution here too: a session confirmed in a statement did not read last_seen_at)
    await app.deps.db.execute(sql`
      UPDATE users SET last_seen_at = v.at
      FROM json_to_recordset(${batch}::json) AS v(id uuid, at timestamptz)
      WHERE users.id = v.id AND (users.last_seen_at IS NULL OR users.last_seen_at < v.at - ${`${SEEN_RESOLUTION_MS} milliseconds`}::interval)`)
  }
  const flushing = setInterval(() => flushSeen().catch((err) => app.log.warn({ err }, 'last_seen_at not written')), SEEN_FLUSH_MS)
  flushing.unref()
  // (onClose hooks run in reverse order: this one before the database is closed)
  app.addHook('onClose', async () => {
    clearInterval(flushing)
    await flushSeen().catch((err) => app.log.warn({ err }, 'last_seen_at not written'))
  })

  app.decorate('sessionConfirmed', (request: FastifyRequest) => {
    if (request.unconfirmed) seen.set(request.unconfirmed.userId, app.deps.clock.now())
  })

  app.decorate('authenticate', async function authenticate(request: FastifyRequest, allowUnconfirmed = false) {
    if (request.user) return // checked once per request
    const header = request.headers.authorization
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null
    if (!match) throw unauthenticated(MESSAGES.missing)
    const now = app.deps.clock.now()
    const check = verifyToken(app.deps.config.appSecret, match[1], now.getTime())
    if (!check.ok) throw unauthenticated(MESSAGES[check.reason])

    const { sub, ver, jti, exp } = check.payload
    request.unconfirmed = null
    const known = cache.get(jti, now.getTime())
    if (known && known.id === sub) {
      request.user = known
      request.token = { jti, exp }
      return
    }
    // An id that is not a uuid is nobody (and must not reach PostgreSQL as one).
    if (allowUnconfirmed && UUID.test(sub)) {
      request.unconfirmed = { userId: sub, ver, jti }
      return
    }
    const generation = cache.generation
    const db = app.deps.db
    lookup ??= prepareLookup(db)
    const [row] = UUID.test(sub) ? await lookup.execute({ id: sub, jti }) : []
    if (!row) throw unauthenticated(MESSAGES.unknown)
    if (row.tokenVersion !== ver || row.revoked) throw unauthenticated(MESSAGES.revoked)
    if (!row.lastSeenAt || now.getTime() - row.lastSeenAt.getTime() > SEEN_RESOLUTION_MS) seen.set(row.id, now)
    request.user = { id: row.id, openid: row.openid, nickname: row.nickname }
    request.token = { jti, exp }
    cache.set(jti, request.user, now.getTime(), generation)
  })
})

/**
 * The condition under which a statement may act for `request.unconfirmed`: the user exists, the
 * token's version is still theirs, and the token was not ended by 退出登录. With placeholders
 * `userId`, `ver` and `jti`.
 */
export const sessionHolds = sql`EXISTS (SELECT 1 FROM ${users} WHERE ${users.id} = ${sql.placeholder('userId')}::uuid AND ${users.tokenVersion} = ${sql.placeholder('ver')}::int)
  AND NOT EXISTS (SELECT 1 FROM ${revokedTokens} WHERE ${revokedTokens.jti} = ${sql.placeholder('jti')})`

/** The signed-in user of a route guarded by `app.authenticate`. */
export function sessionUser(request: FastifyRequest): SessionUser {
  if (!request.user) throw unauthenticated()
  return request.user
}
