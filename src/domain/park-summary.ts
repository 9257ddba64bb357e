import { z } from 'zod'

/**
 * The committee on an admin's or instructor's 首页. Apart from src/domain/park.ts so that the main
 * package (首页) does not carry the whole park module; the park subpackage does.
 */
const count = z.number().int()

export const ParkSummarySchema = z.object({
  orgs: z.array(
    z.object({
      orgId: z.string(),
      orgName: z.string(),
      role: z.enum(['admin', 'instructor']),
      // Plain objects, not z.record: the main package carries no code for records.
      branchesByKind: z.object({ independent: count, joint: count, affiliated: count }),
      generalBranches: count,
      enterprisesByCoverage: z.object({ own: count, joint: count, instructor: count, none: count }),
      members: count,
      pendingInvitations: count,
      orgCoverageRate: z.number().nullable(),
      workCoverageRate: z.number().nullable(),
    }),
  ),
})
export type ParkSummary = z.infer<typeof ParkSummarySchema>
