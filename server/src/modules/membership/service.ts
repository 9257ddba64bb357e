import { and, asc, eq, isNotNull, sql, type AnyColumn, type Placeholder, type SQL } from 'drizzle-orm'
import type { MemberSummary } from '../../../../src/domain/me'
import type { DbOrTx } from '../../db/client'
import { members, organizations, transfers } from '../../db/schema'
import { chinaDate } from '../../../../src/domain/time'
import { statusIs } from '../transfers/status'

/**
 * The one answer to "who belongs where". A person is an active member of at most one branch
 * (members_one_active_per_user_uq); a 流动党员 registered at a branch (an accepted 流入登记 still
 * within validity) attends its meetings and studies its lessons there, but never votes there.
 * Every module asks here; nobody reads `members` or mobile registrations for this on their own.
 * (Roles — who may act where — are the scope module's.)
 */

export type MemberRow = typeof members.$inferSelect
export interface Membership {
  member: MemberRow
  branchName: string
}

// 'active' and 'mobile_in' are written into the SQL, not sent as values: a prepared statement's
// generic plan can then use the partial index on active members.
/** An active membership of the user, as a condition on `members`. */
export const activeMemberOf = (userId: string | Placeholder) => and(eq(members.userId, userId), sql`${members.status} = 'active'`)

/** The user's active membership, with the branch's name; null when they are on no branch's roll. */
export async function activeMembership(db: DbOrTx, userId: string): Promise<Membership | null> {
  const [m] = await db
    .select({ member: members, branchName: organizations.name })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.branchId))
    .where(activeMemberOf(userId))
  return m ?? null
}

/** The same as one JSON value (`MemberSummary` of /me, or null), to select inside another statement. */
export function activeMembershipJson(db: DbOrTx, userId: string | Placeholder) {
  const q = db
    .select({
      j: sql`json_build_object('id', ${members.id}, 'realName', ${members.realName}, 'branchId', ${members.branchId}, 'branchName', ${organizations.name},
        'memberType', ${members.memberType}, 'joinedAt', ${members.joinedAt})`,
    })
    .from(members)
    .innerJoin(organizations, eq(organizations.id, members.branchId))
    .where(activeMemberOf(userId))
  return sql<MemberSummary | null>`(${q})`
}

/** The branch's active members, longest in the Party first. */
export async function branchRoster(db: DbOrTx, branchId: string): Promise<MemberRow[]> {
  return db
    .select()
    .from(members)
    .where(and(eq(members.branchId, branchId), eq(members.status, 'active')))
    .orderBy(asc(members.joinedAt), asc(members.id))
}

/** Transfers that make their applicant a registered 流动党员 of `to_org_id` on `today`. */
function registeredMobile(today: string | Placeholder): SQL {
  return and(sql`${transfers.kind} = 'mobile_in'`, statusIs('accepted', today), isNotNull(transfers.toOrgId))!
}

/** The branches where the user is a registered 流动党员 on `now`'s day, as a query: await it, or embed it in SQL. */
export function mobileBranchesQuery(db: DbOrTx, userId: string, now: Date) {
  return mobileBranchesOn(db, userId, chinaDate(now))
}

/** The same, for a day given as YYYY-MM-DD or as a placeholder of a prepared statement (with the user's id). */
export function mobileBranchesOn(db: DbOrTx, userId: string | Placeholder, today: string | Placeholder) {
  return db
    .select({ id: transfers.toOrgId })
    .from(transfers)
    .where(and(eq(transfers.userId, userId), registeredMobile(today)))
}

/** The branch of the user's active membership, as a query to embed in SQL. */
export function memberBranchQuery(db: DbOrTx, userId: string | Placeholder) {
  return db.select({ id: members.branchId }).from(members).where(activeMemberOf(userId))
}

export async function mobileBranchIds(db: DbOrTx, userId: string, now: Date): Promise<string[]> {
  return (await mobileBranchesQuery(db, userId, now)).map((r) => r.id!)
}

/** 流动党员 registered at `branchId` today, for attendance rosters (they attend but never vote there). */
export async function mobileRoster(db: DbOrTx, branchId: string, now: Date) {
  return db
    .select({ userId: transfers.userId, name: transfers.applicantName, transferId: transfers.id })
    .from(transfers)
    .where(and(eq(transfers.toOrgId, branchId), registeredMobile(chinaDate(now))))
    .orderBy(asc(transfers.acceptedAt))
}

/** The user's registration as a 流动党员 of `branchId` today (the name they registered with), or null. */
export async function mobileRegistration(db: DbOrTx, userId: string, branchId: string, now: Date) {
  const [r] = await db
    .select({ name: transfers.applicantName, transferId: transfers.id })
    .from(transfers)
    .where(and(eq(transfers.userId, userId), eq(transfers.toOrgId, branchId), registeredMobile(chinaDate(now))))
    .limit(1)
  return r ?? null
}

/**
 * The user's standing at one branch, as two JSON columns to select beside a row of that branch
 * (`branchId`: its column) — no round trip of its own: the active membership (anywhere: its
 * branchId says whether it is this branch) and the 流动党员 registration at this branch today.
 */
export function standingColumns(db: DbOrTx, userId: string | Placeholder, branchId: AnyColumn, today: string | Placeholder) {
  const member = db
    .select({ j: sql`json_build_object('id', ${members.id}, 'branchId', ${members.branchId}, 'realName', ${members.realName})` })
    .from(members)
    .where(activeMemberOf(userId))
  const mobile = db
    .select({ j: sql`json_build_object('name', ${transfers.applicantName}, 'transferId', ${transfers.id})` })
    .from(transfers)
    .where(and(eq(transfers.userId, userId), eq(transfers.toOrgId, branchId), registeredMobile(today)))
    .limit(1)
  return {
    member: sql<{ id: string; branchId: string; realName: string } | null>`(${member})`,
    mobile: sql<{ name: string; transferId: string } | null>`(${mobile})`,
  }
}

/** Does the user attend `branchId`'s meetings: an active member of it, or a 流动党员 registered there? */
export async function attends(db: DbOrTx, userId: string, branchId: string, now: Date): Promise<boolean> {
  const [member] = await db
    .select({ id: members.id })
    .from(members)
    .where(and(activeMemberOf(userId), eq(members.branchId, branchId)))
  return !!member || (await mobileRegistration(db, userId, branchId, now)) !== null
}

