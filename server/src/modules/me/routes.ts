import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { MeResponseSchema } from '../../../../src/domain/me'
import { errorResponses } from '../../lib/openapi'
import { sessionUser } from '../../plugins/auth'
import { getMe } from './service'

export default async function meRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/me',
    {
      schema: {
        tags: ['me'],
        summary: '当前用户：昵称、职务、党员身份',
        security: [{ bearer: [] }],
        response: { 200: MeResponseSchema, ...errorResponses(401) },
      },
    },
    async (request) => getMe(app.deps.db, sessionUser(request)),
  )
}
