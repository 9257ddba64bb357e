import { ErrorCodes, type ErrorBody, type ErrorCode } from '../../../src/domain/errors'

/** Facts a client acts on without reading the message; sent beside `code` in the error body. */
export type ErrorDetails = Pick<ErrorBody['error'], 'guestAllowed' | 'problems' | 'problemCount'>

/** One field a 400 names, so a form can mark it (the same shape the forms use). */
export type { FieldProblem } from '../../../src/domain/validation'
import type { FieldProblem } from '../../../src/domain/validation'

/**
 * A failure the client caused or must be told about: becomes `{error:{code,message}}` with `status`.
 * Services and routes build it with the helpers below (one per kind of answer), never by hand.
 */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields?: FieldProblem[],
    public readonly details?: ErrorDetails,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

/** 400 VALIDATION_FAILED with `message` as it is, and the fields when they are known. */
export const invalid = (message: string, fields?: FieldProblem[]) => new AppError(400, ErrorCodes.VALIDATION_FAILED, message, fields)
/** 400 VALIDATION_FAILED for a request body with `problems` (at least one): says the first, lists them all. */
export const invalidBody = (problems: readonly FieldProblem[]) => invalid(problems[0].message, [...problems])
/** 400 VALIDATION_FAILED for one field of a request body. */
export const invalidField = (path: string, message: string) => invalidBody([{ path, message }])
/** A 400 with a code of its own (a code that does not read, a spent WeChat login code). */
export const badRequest = (message: string, code: ErrorCode) => new AppError(400, code, message)
export const unauthenticated = (message = '请先登录') => new AppError(401, ErrorCodes.UNAUTHENTICATED, message)
export const forbidden = (message = '你没有权限进行这个操作', code: ErrorCode = ErrorCodes.FORBIDDEN, details?: ErrorDetails) =>
  new AppError(403, code, message, undefined, details)
export const notFound = (message = '找不到要访问的内容', code: ErrorCode = ErrorCodes.NOT_FOUND) => new AppError(404, code, message)
/** 409: the request is fine, the state of things does not allow it. */
export const conflict = (message: string, code: ErrorCode = ErrorCodes.CONFLICT) => new AppError(409, code, message)
/** 410: it was valid once and no longer is. */
export const gone = (message: string, code: ErrorCode) => new AppError(410, code, message)
/** 422: well-formed, but what it says cannot be accepted (out of range, missing location). */
export const unprocessable = (message: string, code: ErrorCode, details?: ErrorDetails) => new AppError(422, code, message, undefined, details)
export const tooManyRequests = (message: string) => new AppError(429, ErrorCodes.RATE_LIMITED, message)
/** 503: a part the server depends on is missing or down; the client may try again later. */
export const unavailable = (message: string, code: ErrorCode) => new AppError(503, code, message)
