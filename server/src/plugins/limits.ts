import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Config } from '../config'
import { tooManyRequests } from '../lib/errors'

/**
 * Rate limits (@fastify/rate-limit), all per minute and set in config (RATE_LIMIT_*):
 * - every request: a ceiling per IP address (a factory's whole Wi-Fi shares one address behind
 *   NAT, so it is generous: 300 people signing in within a minute stay far below it);
 * - logins: per IP (each bad WeChat code costs a call to WeChat);
 * - sign-in and guest sign-in: per user; card verification: per IP; heartbeats: per user;
 * - unknown paths (scanning for files): per IP.
 * A route with its own rule counts under that rule instead of the ceiling. Over a limit: 429
 * RATE_LIMITED in the contract's shape, in Chinese, with Retry-After.
 */
type Rule = { max: number; per: 'ip' | 'user' }

const byIp = (request: FastifyRequest) => `ip:${request.ip}`
// (a token not yet looked up counts for the user it was signed for: its signature was checked)
const byUser = (request: FastifyRequest) => {
  const id = request.user?.id ?? request.unconfirmed?.userId
  return id ? `user:${id}` : `ip:${request.ip}`
}

function tooMany(_request: FastifyRequest, context: { after: string; ttl: number }) {
  const seconds = Math.max(1, Math.ceil(context.ttl / 1000))
  return tooManyRequests(`操作太频繁了，请 ${seconds} 秒后再试`)
}

export function routeRules(limits: Config['rateLimits']): Record<string, Rule> {
  return {
    'POST /api/v1/auth/dev-login': { max: limits.login, per: 'ip' },
    'POST /api/v1/auth/wechat': { max: limits.login, per: 'ip' },
    'POST /api/v1/checkins': { max: limits.checkin, per: 'user' },
    'POST /api/v1/checkins/guest': { max: limits.checkin, per: 'user' },
    'POST /api/v1/meetings/:id/checkin-pin': { max: limits.checkin, per: 'user' },
    'GET /api/v1/identity/verify/:verifyCode': { max: limits.verify, per: 'ip' },
    'POST /api/v1/lessons/:id/progress': { max: limits.heartbeat, per: 'user' },
  }
}

export default fp(async function limitsPlugin(app: FastifyInstance, opts: { limits: Config['rateLimits'] }) {
  const { limits } = opts
  if (!limits.enabled) return
  const rules = routeRules(limits)
  // Before the plugin's own onRoute hook reads it: a route with a rule gets that rule.
  app.addHook('onRoute', (route) => {
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      const rule = rules[`${method} ${route.url}`]
      if (rule) route.config = { ...route.config, rateLimit: { max: rule.max, timeWindow: 60_000, keyGenerator: rule.per === 'ip' ? byIp : byUser } }
    }
  })
  await app.register(rateLimit, {
    global: true,
    max: limits.perIp,
    timeWindow: 60_000,
    keyGenerator: byIp,
    errorResponseBuilder: tooMany,
  })
})

/** For the not-found handler: scanning unknown paths is limited per IP. */
export function notFoundLimiter(app: FastifyInstance, limits: Config['rateLimits']) {
  if (!limits.enabled) return undefined
  return app.rateLimit({ max: limits.notFound, timeWindow: 60_000, keyGenerator: byIp, errorResponseBuilder: tooMany })
}
