import { z } from 'zod'
import { BRANCH_KINDS } from './enums'

/**
 * The committee on an admin's or instructor's 首页. Apart from src/domain/park.ts so that the main
 * package (首页) does not carry the whole park module; the park subpackage does.
 */
const COVERAGE_KEYS = ['own', 'joint', 'instructor', 'none'] as const

export const ParkSummarySchema = z.object({
  orgs: z.array(
    z.object({
      orgId: z.string(),
      orgName: z.string(),
      role: z.enum(['admin', 'instructor']),
      branchesByKind: z.record(z.enum(BRANCH_KINDS), z.number().int()),
      generalBranches: z.number().int(),
      enterprisesByCoverage: z.record(z.enum(COVERAGE_KEYS), z.number().int()),
      members: z.number().int(),
      pendingInvitations: z.number().int(),
      orgCoverageRate: z.number().nullable(),
      workCoverageRate: z.number().nullable(),
    }),
  ),
})
export type ParkSummary = z.infer<typeof ParkSummarySchema>
