import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { OrgListSchema, OrgSearchQuerySchema } from '../../../../src/domain/auth'
import { errorResponses } from '../../lib/openapi'
import { searchOrgs } from './service'

export default async function orgRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/orgs',
    {
      preHandler: app.authenticate,
      schema: {
        tags: ['orgs'],
        summary: '按名称搜索党组织',
        security: [{ bearer: [] }],
        querystring: OrgSearchQuerySchema,
        response: { 200: OrgListSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => searchOrgs(app.deps.db, request.query),
  )
}
