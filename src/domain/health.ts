import { z } from 'zod'

/** GET /api/health. */
export const HealthSchema = z.object({
  status: z.literal('ok'),
  db: z.enum(['pglite', 'postgres']),
})
