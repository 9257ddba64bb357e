import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { BRANCH_KINDS, MEMBER_STATUSES, MEMBER_TYPES, ORG_TYPES, ROLES } from '../../../src/domain/enums'
import { DECLARATION_STATUSES, POST_KINDS } from '../../../src/domain/identity'
import { MEETING_TYPES } from '../../../src/domain/meetings'
import { TRANSFER_KINDS, TRANSFER_STATUSES } from '../../../src/domain/transfers'
import { LESSON_KINDS } from '../../../src/domain/lessons'
import { ENTERPRISE_TYPES } from '../../../src/domain/park'
import { COMPLIANCE_UNITS } from '../../../src/domain/compliance'
import { REMINDER_TEMPLATES, type ReminderPayload } from '../../../src/domain/reminders'

export const orgType = pgEnum('org_type', ORG_TYPES)
export const branchKind = pgEnum('branch_kind', BRANCH_KINDS)
export const roleName = pgEnum('role_name', ROLES)
export const memberType = pgEnum('member_type', MEMBER_TYPES)
export const memberStatus = pgEnum('member_status', MEMBER_STATUSES)

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  openid: text('openid').notNull().unique(),
  unionid: text('unionid'),
  nickname: text('nickname').notNull().default(''),
  createdAt: createdAt(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }),
  /** Bumped by 「在所有设备上退出」: every token issued before carries an older version. */
  tokenVersion: integer('token_version').notNull().default(0),
})

/** Tokens ended by 退出登录 before they expire (by their jti); rows past expiry are pruned. */
export const revokedTokens = pgTable(
  'revoked_tokens',
  {
    jti: text('jti').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('revoked_tokens_expires_idx').on(t.expiresAt)],
)

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    type: orgType('type').notNull(),
    branchKind: branchKind('branch_kind'),
    parentId: uuid('parent_id').references((): AnyPgColumn => organizations.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
    /** An 独立 branch marked 已组建 by its committee (≥ 3 full members; warned, not enforced). */
    formedAt: timestamp('formed_at', { withTimezone: true }),
    /** 撤销: kept for its records, gone from searches, pickers and every role's scope. */
    dissolvedAt: timestamp('dissolved_at', { withTimezone: true }),
  },
  (t) => [
    index('organizations_parent_idx').on(t.parentId),
    index('organizations_name_idx').on(t.name),
    check(
      'organizations_branch_kind_check',
      sql`(${t.type} = 'branch') = (${t.branchKind} IS NOT NULL)`,
    ),
  ],
)

export const enterpriseType = pgEnum('enterprise_type', ENTERPRISE_TYPES)

export const enterprises = pgTable(
  'enterprises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** 统一社会信用代码, 18 characters, check digit validated (src/domain/park.ts). */
    creditCode: text('credit_code').notNull().unique(),
    /** The branch that covers it (own, 联合 or 挂靠), or none yet. */
    branchId: uuid('branch_id').references(() => organizations.id, { onDelete: 'restrict' }),
    /** The committee whose ledger (台账) holds it. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    type: enterpriseType('type').notNull().default('non_public'),
    industry: text('industry').notNull().default(''),
    address: text('address').notNull().default(''),
    employeeCount: integer('employee_count').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    index('enterprises_branch_idx').on(t.branchId),
    index('enterprises_org_idx').on(t.orgId),
    check('enterprises_credit_code_check', sql`char_length(${t.creditCode}) = 18`),
  ],
)

export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    role: roleName('role').notNull(),
    /** A secretary's 职务: 书记, 副书记 or 组织委员 (deputies hold the same powers). */
    title: text('title'),
    /** The holder's name as the appointing invitation gave it (WeChat gives no real name). */
    holderName: text('holder_name'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('role_assignments_user_org_role_uq').on(t.userId, t.orgId, t.role),
    index('role_assignments_org_idx').on(t.orgId),
  ],
)

export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    realName: text('real_name').notNull(),
    memberType: memberType('member_type').notNull(),
    joinedAt: date('joined_at', { mode: 'string' }).notNull(),
    status: memberStatus('status').notNull().default('active'),
    createdAt: createdAt(),
    leftAt: timestamp('left_at', { withTimezone: true }),
    /** Where they work, when known: the ledger counts members per enterprise. */
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('members_enterprise_idx').on(t.enterpriseId),
    // A person is an active member of at most one branch.
    uniqueIndex('members_one_active_per_user_uq').on(t.userId).where(sql`${t.status} = 'active'`),
    index('members_branch_idx').on(t.branchId),
  ],
)

/** 党建指导员 for an enterprise (一人多企): read-only scope over it and the branch that covers it. */
export const enterpriseAssignments = pgTable(
  'enterprise_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id, { onDelete: 'cascade' }),
    /** The committee that appointed them: its admins may remove the assignment. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    holderName: text('holder_name'),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('enterprise_assignments_user_ent_uq').on(t.userId, t.enterpriseId), index('enterprise_assignments_ent_idx').on(t.enterpriseId)],
)

/**
 * 待认领: members as a committee's imported ledger lists them, until the person declares (亮身份) and
 * the secretary approves; then `member_id` points at the member. Matched on name + phone, so that
 * importing the same file twice changes nothing: the phone is kept encrypted (phone_enc) and as a
 * keyed hash (phone_hash, HMAC of APP_SECRET) to match on without decrypting.
 */
export const ledgerMembers = pgTable(
  'ledger_members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The committee whose ledger lists them. */
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    realName: text('real_name').notNull(),
    phoneHash: text('phone_hash').notNull(),
    phoneEnc: text('phone_enc').notNull(),
    phoneMasked: text('phone_masked').notNull(),
    idNumberEnc: text('id_number_enc'),
    idNumberMasked: text('id_number_masked'),
    joinedAt: date('joined_at', { mode: 'string' }).notNull(),
    memberType: memberType('member_type').notNull(),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id, { onDelete: 'set null' }),
    branchId: uuid('branch_id').references(() => organizations.id, { onDelete: 'set null' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'set null' }),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('ledger_members_org_name_phone_uq').on(t.orgId, t.realName, t.phoneHash),
    index('ledger_members_enterprise_idx').on(t.enterpriseId),
    index('ledger_members_match_idx').on(t.realName, t.phoneHash),
  ],
)

/**
 * 任命邀请: one-time, signed, 7 days. Bound to the first account that accepts (accepted_by is set
 * once, by a conditional UPDATE), so two accepts at the same moment cannot both win.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    role: roleName('role').notNull(),
    title: text('title'),
    inviteeName: text('invitee_name').notNull(),
    /** An instructor's branches and enterprises. */
    targets: jsonb('targets').$type<{ branchIds: string[]; enterpriseIds: string[] }>().notNull().default({ branchIds: [], enterpriseIds: [] }),
    /** null for the bootstrap invitation printed by `npm run admin:invite`. */
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('invitations_org_idx').on(t.orgId, t.createdAt)],
)

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index('audit_log_target_idx').on(t.targetType, t.targetId), index('audit_log_at_idx').on(t.at)],
)

// ── 亮身份 ──────────────────────────────────────────────────────────────────

export const declarationStatus = pgEnum('declaration_status', DECLARATION_STATUSES)
export const postKind = pgEnum('post_kind', POST_KINDS)

export const declarations = pgTable(
  'declarations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    realName: text('real_name').notNull(),
    phone: text('phone').notNull(),
    joinedAt: date('joined_at', { mode: 'string' }).notNull(),
    memberType: memberType('member_type').notNull(),
    originOrg: text('origin_org'),
    position: text('position'),
    pledge: text('pledge'),
    /** AES-256-GCM ciphertext (ID_ENCRYPTION_KEY); only the masked form ever leaves the server. */
    idNumberEnc: text('id_number_enc'),
    idNumberMasked: text('id_number_masked'),
    status: declarationStatus('status').notNull().default('pending'),
    rejectReason: text('reject_reason'),
    reviewerId: uuid('reviewer_id').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    // One pending declaration per person, whatever the timing of two submissions.
    uniqueIndex('declarations_one_pending_per_user_uq').on(t.userId).where(sql`${t.status} = 'pending'`),
    index('declarations_branch_status_idx').on(t.branchId, t.status, t.createdAt),
    check('declarations_reject_reason_check', sql`${t.status} <> 'rejected' OR ${t.rejectReason} IS NOT NULL`),
  ],
)

/** The member card's public side and its revocation counter, one row per member. */
export const memberCards = pgTable('member_cards', {
  memberId: uuid('member_id')
    .primaryKey()
    .references(() => members.id, { onDelete: 'cascade' }),
  /** Bumped on revocation: every code signed with an older epoch stops verifying. */
  epoch: integer('epoch').notNull().default(1),
  pledge: text('pledge'),
  position: text('position'),
  showName: boolean('show_name').notNull().default(true),
  showBranch: boolean('show_branch').notNull().default(true),
  showPosts: boolean('show_posts').notNull().default(true),
  showPledge: boolean('show_pledge').notNull().default(true),
  /** On the branch's 亮身份 wall. */
  /** 亮身份墙 is opt-in: a member appears only after turning it on (domain.md: public pages show what the member chose). */
  onWall: boolean('on_wall').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
})

export const memberPosts = pgTable(
  'member_posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id, { onDelete: 'cascade' }),
    kind: postKind('kind').notNull(),
    title: text('title').notNull(),
    assignedBy: uuid('assigned_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
  },
  (t) => [index('member_posts_member_idx').on(t.memberId)],
)

// ── 组织生活 ────────────────────────────────────────────────────────────────

export const meetingType = pgEnum('meeting_type', MEETING_TYPES)
/** `mobile`: a 流动党员 registered at the branch (attends, never counts toward a quorum or vote). */
export const checkinKind = pgEnum('checkin_kind', ['member', 'guest', 'mobile'])
export const checkinMethod = pgEnum('checkin_method', ['qr', 'manual'])

export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    type: meetingType('type').notNull(),
    title: text('title').notNull(),
    agenda: text('agenda'),
    location: text('location').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    open: boolean('open').notNull().default(false),
    capacity: integer('capacity'),
    geoLat: doublePrecision('geo_lat'),
    geoLng: doublePrecision('geo_lng'),
    geoRadiusM: integer('geo_radius_m'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
    /** The branch's word on a 疑似补记 flag (audited; the committee reads it beside the flag). */
    flagNote: text('flag_note'),
    flagNotedAt: timestamp('flag_noted_at', { withTimezone: true }),
  },
  (t) => [
    index('meetings_branch_starts_idx').on(t.branchId, t.startsAt),
    index('meetings_open_starts_idx').on(t.open, t.startsAt),
    check('meetings_time_order_check', sql`${t.endsAt} > ${t.startsAt}`),
    check('meetings_capacity_check', sql`${t.capacity} IS NULL OR ${t.capacity} > 0`),
  ],
)

/**
 * A version of each branch's meetings, for the member's meeting list kept in memory
 * (modules/meetings/listcache): every INSERT, UPDATE, DELETE or TRUNCATE of meetings gives the
 * branches it touched a new value from `meeting_versions_seq` (triggers in migration 0011), in the
 * writer's transaction. A branch without a row has version 0.
 */
export const meetingVersionsSeq = pgSequence('meeting_versions_seq')
export const meetingVersions = pgTable('meeting_versions', {
  branchId: uuid('branch_id').primaryKey(),
  v: bigint('v', { mode: 'number' }).notNull(),
})

export const checkins = pgTable(
  'checkins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'set null' }),
    kind: checkinKind('kind').notNull(),
    method: checkinMethod('method').notNull(),
    name: text('name').notNull(),
    company: text('company'),
    manualReason: text('manual_reason'),
    recordedBy: uuid('recorded_by').references(() => users.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // Exactly once per person per meeting, whatever the number of scans.
    uniqueIndex('checkins_meeting_user_uq').on(t.meetingId, t.userId),
    check('checkins_manual_reason_check', sql`${t.method} <> 'manual' OR ${t.manualReason} IS NOT NULL`),
  ],
)

export const meetingLeaves = pgTable(
  'meeting_leaves',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    reason: text('reason').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('meeting_leaves_meeting_user_uq').on(t.meetingId, t.userId)],
)

/** 会议记录: editable until it locks (7 days after the meeting ends), then only amended. */
export const meetingMinutes = pgTable('meeting_minutes', {
  meetingId: uuid('meeting_id')
    .primaryKey()
    .references(() => meetings.id, { onDelete: 'cascade' }),
  body: text('body').notNull(),
  authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  /** When the minutes were first written: written more than 7 days after the meeting is a 疑似补记 sign. */
  createdAt: createdAt(),
})

export const minuteAmendments = pgTable(
  'minute_amendments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    authorId: uuid('author_id').references(() => users.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('minute_amendments_meeting_idx').on(t.meetingId, t.at)],
)

/** 数字签到码 tries by a person for a meeting: after 10 the typed code is closed to them (scan or 补签). */
export const checkinPinAttempts = pgTable(
  'checkin_pin_attempts',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    attempts: integer('attempts').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
)

// ── 三会一课 compliance and reminders ────────────────────────────────────────

export const complianceUnit = pgEnum('compliance_unit', COMPLIANCE_UNITS)

/** A committee's tightening of a 条例 rule for its subtree (src/domain/compliance.ts effectiveRules). */
export const complianceRules = pgTable(
  'compliance_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    type: meetingType('type').notNull(),
    unit: complianceUnit('unit').notNull(),
    count: integer('count').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('compliance_rules_org_type_uq').on(t.orgId, t.type), check('compliance_rules_count_check', sql`${t.count} BETWEEN 1 AND 12`)],
)

/** A branch excused from one rule between two China dates, with the committee's reason. */
export const complianceExemptions = pgTable(
  'compliance_exemptions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    branchId: uuid('branch_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    type: meetingType('type').notNull(),
    fromDate: date('from_date', { mode: 'string' }).notNull(),
    toDate: date('to_date', { mode: 'string' }),
    reason: text('reason').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('compliance_exemptions_branch_idx').on(t.branchId)],
)

export const reminderTemplate = pgEnum('reminder_template', REMINDER_TEMPLATES)
export const reminderStatus = pgEnum('reminder_status', ['pending', 'sent', 'in_app', 'failed'])

/**
 * One-time subscriptions (一次性订阅消息) a person granted in WeChat: each allows one message of its
 * template; sending uses the oldest unused grant.
 */
export const subscribeGrants = pgTable(
  'subscribe_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    template: reminderTemplate('template').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('subscribe_grants_user_template_idx').on(t.userId, t.template).where(sql`${t.usedAt} IS NULL`)],
)

/**
 * Every reminder the server decided to give, once: `key` names the occasion (deadline, meeting,
 * leave and the person), so a second scheduler tick or a second server instance inserting the same
 * reminder does nothing. Delivery claims rows with FOR UPDATE SKIP LOCKED.
 */
export const reminders = pgTable(
  'reminders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    key: text('key').notNull().unique(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    template: reminderTemplate('template').notNull(),
    /** What the message says: title, time, place, note (src/domain/reminders.ts). */
    payload: jsonb('payload').$type<ReminderPayload>().notNull(),
    /** Where the message opens in the mini-program. */
    page: text('page').notNull(),
    status: reminderStatus('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull(),
    lastError: text('last_error'),
    createdAt: createdAt(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [
    index('reminders_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('reminders_user_idx').on(t.userId, t.createdAt),
  ],
)

// ── 流动党员 and 组织关系转接 ───────────────────────────────────────────────

export const transferKind = pgEnum('transfer_kind', TRANSFER_KINDS)
export const transferStatus = pgEnum('transfer_status', TRANSFER_STATUSES)

/**
 * One request of any of the four kinds. `status` is what was last written; an accepted request whose
 * `letter_valid_until` has passed reads as expired (src/domain/transfers effectiveStatus).
 * `reviewOrgId` is the branch of the system that decides: the receiving one for 转入/流入,
 * the member's own for 转出/流出.
 */
export const transfers = pgTable(
  'transfers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: transferKind('kind').notNull(),
    status: transferStatus('status').notNull().default('submitted'),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    applicantName: text('applicant_name').notNull(),
    contactPhone: text('contact_phone').notNull(),
    memberType: memberType('member_type'),
    joinedAt: date('joined_at', { mode: 'string' }),
    fromOrgId: uuid('from_org_id').references(() => organizations.id, { onDelete: 'restrict' }),
    fromOrgName: text('from_org_name').notNull(),
    toOrgId: uuid('to_org_id').references(() => organizations.id, { onDelete: 'restrict' }),
    toOrgName: text('to_org_name').notNull(),
    reviewOrgId: uuid('review_org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    reason: text('reason').notNull(),
    letterNo: text('letter_no'),
    letterIssuedAt: date('letter_issued_at', { mode: 'string' }),
    letterValidUntil: date('letter_valid_until', { mode: 'string' }).notNull(),
    leftAt: date('left_at', { mode: 'string' }),
    expectedReturnAt: date('expected_return_at', { mode: 'string' }),
    fixedPlace: boolean('fixed_place'),
    returnReason: text('return_reason'),
    rejectReason: text('reject_reason'),
    createdAt: createdAt(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (t) => [
    // One request in progress per person: a second tap, or a second phone, cannot file twice.
    uniqueIndex('transfers_one_open_per_user_uq').on(t.userId).where(sql`${t.status} IN ('submitted', 'returned')`),
    index('transfers_user_idx').on(t.userId, t.createdAt),
    index('transfers_review_org_status_idx').on(t.reviewOrgId, t.status),
    index('transfers_from_org_idx').on(t.fromOrgId),
    index('transfers_to_org_idx').on(t.toOrgId),
    check('transfers_reject_reason_check', sql`${t.status} <> 'rejected' OR ${t.rejectReason} IS NOT NULL`),
    check('transfers_return_reason_check', sql`${t.status} <> 'returned' OR ${t.returnReason} IS NOT NULL`),
  ],
)

/** The timeline: every move, who made it, when, from and to which status, and the note. */
export const transferEvents = pgTable(
  'transfer_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    transferId: uuid('transfer_id')
      .notNull()
      .references(() => transfers.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    actorName: text('actor_name').notNull(),
    fromStatus: transferStatus('from_status'),
    toStatus: transferStatus('to_status').notNull(),
    note: text('note'),
  },
  (t) => [index('transfer_events_transfer_idx').on(t.transferId, t.at)],
)

// ── 微党课 ──────────────────────────────────────────────────────────────────

export const lessonKind = pgEnum('lesson_kind', LESSON_KINDS)

/** A lesson belongs to an organization; members of it and of everything below it see it once published. */
export const lessons = pgTable(
  'lessons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'restrict' }),
    title: text('title').notNull(),
    category: text('category').notNull(),
    kind: lessonKind('kind').notNull(),
    lecturer: text('lecturer'),
    coverUrl: text('cover_url'),
    mediaUrl: text('media_url'),
    /** Sanitized on write (sanitize-html); never stored raw. */
    bodyHtml: text('body_html'),
    durationSec: integer('duration_sec').notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The list: newest published first, keyset-paged on (published_at, id).
    // NULLS FIRST is what a plain ORDER BY … DESC means; an index with the other null order is not used for it.
    index('lessons_published_idx').on(t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.publishedAt} IS NOT NULL`),
    index('lessons_org_created_idx').on(t.orgId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index('lessons_category_idx').on(t.category, t.publishedAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    check('lessons_duration_check', sql`${t.durationSec} > 0`),
  ],
)

/** One row per person and lesson: where they are, what the server has credited, when it last heard. */
export const lessonProgress = pgTable(
  'lesson_progress',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    lessonId: uuid('lesson_id')
      .notNull()
      .references(() => lessons.id, { onDelete: 'cascade' }),
    positionSec: doublePrecision('position_sec').notNull().default(0),
    creditedSec: doublePrecision('credited_sec').notNull().default(0),
    lastBeatAt: timestamp('last_beat_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.lessonId] }),
    index('lesson_progress_user_updated_idx').on(t.userId, t.updatedAt.desc().nullsFirst()),
    check('lesson_progress_credit_check', sql`${t.creditedSec} >= 0`),
  ],
)

/** Credited study time per person and China calendar day: the month's total and the 8-week chart. */
export const studyDays = pgTable(
  'study_days',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    creditedSec: doublePrecision('credited_sec').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
)
