import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Default-deny: every route under /api needs a session unless it says `config: { public: true }`.
 * A new route is therefore private until someone decides otherwise, in its own declaration.
 * The check runs on request, before the body is parsed or validated, so an anonymous caller
 * learns nothing about a private route but 401.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answered without a session: health, docs, logins, card verification. */
    public?: boolean
  }
}

export const PUBLIC = { config: { public: true } } as const

export default fp(async function accessPlugin(app: FastifyInstance) {
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url
    if (!url || !url.startsWith('/api/')) return // 404s, static files, media, QR links
    if (request.routeOptions.config.public) return
    await app.authenticate(request, request.routeOptions.config.confirmsSession === true)
  })
})
