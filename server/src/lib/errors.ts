import { ErrorCodes, type ErrorBody } from '../../../src/domain/errors'

/** Facts a client acts on without reading the message; sent beside `code` in the error body. */
export type ErrorDetails = Pick<ErrorBody['error'], 'guestAllowed'>

/** A failure the client caused or must be told about: becomes `{error:{code,message}}` with `status`. */
export class AppError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields?: { path: string; message: string }[],
    public readonly details?: ErrorDetails,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const unauthenticated = (message = '请先登录') =>
  new AppError(401, ErrorCodes.UNAUTHENTICATED, message)
export const forbidden = (message = '你没有权限进行这个操作') =>
  new AppError(403, ErrorCodes.FORBIDDEN, message)
export const notFound = (message = '找不到要访问的内容') => new AppError(404, ErrorCodes.NOT_FOUND, message)
