import { z } from 'zod'

/**
 * The counts on the secretary's 首页. Apart from the rest of src/domain/transfers so that the main
 * package (首页) does not carry the whole transfer module; the transfers subpackage does.
 */
export const TransferSummarySchema = z.object({
  pendingReview: z.number().int().describe('待我审核的（已提交）'),
  overdue: z.number().int(),
  followUp: z.number().int().describe('待跟进：介绍信过期未完成接转'),
  lost: z.number().int().describe('失联的流出党员'),
})
export type TransferSummary = z.infer<typeof TransferSummarySchema>
