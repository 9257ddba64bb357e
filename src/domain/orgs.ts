import { z } from 'zod'
import { labelled } from './validation'
import { IdSchema, line, listOf, PageQuerySchema } from './common'
import { BRANCH_KINDS, ORG_TYPES } from './enums'

/** Organizations as search results and pickers show them. */
export const OrgSchema = z.object({
  id: IdSchema,
  name: z.string(),
  type: z.enum(ORG_TYPES),
  branchKind: z.enum(BRANCH_KINDS).nullable(),
  parentId: IdSchema.nullable(),
  parentName: z.string().nullable(),
})
export type Org = z.infer<typeof OrgSchema>

export const OrgSearchQuerySchema = PageQuerySchema.extend({
  q: labelled('搜索词', line().max(50, '搜索词不能超过 50 个字')).default(''),
})
export type OrgSearchQuery = z.infer<typeof OrgSearchQuerySchema>

export const OrgListSchema = listOf(OrgSchema)
export type OrgList = z.infer<typeof OrgListSchema>
