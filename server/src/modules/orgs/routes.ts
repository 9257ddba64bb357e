import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { OrgListSchema, OrgSchema, OrgSearchQuerySchema } from '../../../../src/domain/orgs'
import { IdSchema } from '../../../../src/domain/common'
import { errorResponses } from '../../lib/openapi'
import { getOrg, searchOrgs } from './service'

export default async function orgRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/orgs',
    {
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
  // A branch's QR names only its id (/b/<id>); the declaration form shows its name from here.
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/orgs/:id',
    {
      schema: {
        tags: ['orgs'],
        summary: '一个党组织（名称、类型、上级）',
        security: [{ bearer: [] }],
        params: z.strictObject({ id: IdSchema }),
        response: { 200: OrgSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => getOrg(app.deps.db, request.params.id),
  )
}
