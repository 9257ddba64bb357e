import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { HealthSchema } from '../../../../src/domain/health'
import { errorResponses } from '../../lib/openapi'
import { unavailable } from '../../lib/errors'
import { ErrorCodes } from '../../../../src/domain/errors'
import { PUBLIC } from '../../plugins/access'

export default async function healthRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/health',
    { ...PUBLIC, schema: { tags: ['health'], summary: '健康检查（含数据库）', response: { 200: HealthSchema, ...errorResponses(503) } } },
    async (request) => {
      try {
        await app.deps.db.execute(sql`SELECT 1`)
      } catch (err) {
        request.log.error({ err }, 'health check: database unreachable')
        throw unavailable('数据库暂时不可用', ErrorCodes.DB_UNAVAILABLE)
      }
      return { status: 'ok' as const, db: app.deps.dbKind }
    },
  )
}
