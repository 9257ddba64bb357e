import { z } from 'zod'

/** Every error the API returns: `{"error":{"code":"UPPER_SNAKE","message":"中文"}}`. */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('UPPER_SNAKE 错误码'),
    message: z.string().describe('给用户看的中文说明'),
    requestId: z.string().optional().describe('请求编号，反馈问题时提供'),
    fields: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('校验失败的字段'),
    guestAllowed: z
      .boolean()
      .optional()
      .describe('CHECKIN_NOT_ELIGIBLE 时给出：true 表示这是开放式组织生活，可以改用来宾签到（POST /api/v1/checkins/guest）'),
    problems: z
      .array(z.object({ sheet: z.string(), row: z.number().int(), column: z.string(), message: z.string() }))
      .optional()
      .describe('IMPORT_INVALID 时给出：表格里每一处问题（工作表、行号、列名、原因），最多 200 条'),
    problemCount: z.number().int().optional().describe('IMPORT_INVALID 时给出：问题总数（可能多于列出的条数）'),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBodySchema>

/** Codes used across modules; feature modules add their own. */
export const ErrorCodes = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  INVALID_JSON: 'INVALID_JSON',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  INTERNAL: 'INTERNAL',
  WECHAT_NOT_CONFIGURED: 'WECHAT_NOT_CONFIGURED',
  WECHAT_CODE_INVALID: 'WECHAT_CODE_INVALID',
  WECHAT_UNAVAILABLE: 'WECHAT_UNAVAILABLE',
  DECLARATION_PENDING: 'DECLARATION_PENDING',
  DECLARATION_NOT_PENDING: 'DECLARATION_NOT_PENDING',
  ALREADY_MEMBER: 'ALREADY_MEMBER',
  NOT_A_MEMBER: 'NOT_A_MEMBER',
  CARD_INVALID: 'CARD_INVALID',
  CHECKIN_CODE_INVALID: 'CHECKIN_CODE_INVALID',
  CHECKIN_CODE_EXPIRED: 'CHECKIN_CODE_EXPIRED',
  CHECKIN_WINDOW_CLOSED: 'CHECKIN_WINDOW_CLOSED',
  CHECKIN_NOT_ELIGIBLE: 'CHECKIN_NOT_ELIGIBLE',
  CHECKIN_LOCATION_REQUIRED: 'CHECKIN_LOCATION_REQUIRED',
  CHECKIN_OUT_OF_RANGE: 'CHECKIN_OUT_OF_RANGE',
  CHECKIN_FULL: 'CHECKIN_FULL',
  CHECKIN_PIN_LOCKED: 'CHECKIN_PIN_LOCKED',
  LEAVE_NOT_ALLOWED: 'LEAVE_NOT_ALLOWED',
  MINUTES_LOCKED: 'MINUTES_LOCKED',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  TRANSFER_PENDING: 'TRANSFER_PENDING',
  ORG_NAME_TAKEN: 'ORG_NAME_TAKEN',
  ORG_CYCLE: 'ORG_CYCLE',
  ORG_HAS_MEMBERS: 'ORG_HAS_MEMBERS',
  ORG_HAS_CHILDREN: 'ORG_HAS_CHILDREN',
  CREDIT_CODE_TAKEN: 'CREDIT_CODE_TAKEN',
  INVITATION_INVALID: 'INVITATION_INVALID',
  INVITATION_USED: 'INVITATION_USED',
  INVITATION_REVOKED: 'INVITATION_REVOKED',
  INVITATION_EXPIRED: 'INVITATION_EXPIRED',
  LAST_ADMIN: 'LAST_ADMIN',
  IMPORT_INVALID: 'IMPORT_INVALID',
  RATE_LIMITED: 'RATE_LIMITED',
  DB_UNAVAILABLE: 'DB_UNAVAILABLE',
} as const
export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes]

/** The one answer to every card code that does not verify, so that forgeries learn nothing. */
export const CARD_INVALID_MESSAGE = '无效：这张电子党员证无法验证（可能已作废、被篡改或不存在）'
