import { z } from 'zod'

export const IdSchema = z.string().uuid({ message: '编号格式不正确' })

/** `?limit=&cursor=` of every list (api.md conventions). */
export const PageQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
})

export function listOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}
