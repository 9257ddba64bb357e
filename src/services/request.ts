import Taro from '@tarojs/taro'
import type { ZodType } from 'zod'
import { ErrorBodySchema } from '@/domain/errors'
import { apiBase } from './config'
import { sessionHooks } from './session'

export const REQUEST_TIMEOUT_MS = 15000

/** Anything that is not a 2xx answer, in the contract's words: pages show `message`. */
export class ApiError extends Error {
  status: number
  code: string
  requestId?: string
  /** The fields a 400 VALIDATION_FAILED names, so a form can mark them. */
  fields?: { path: string; message: string }[]
  /** CHECKIN_NOT_ELIGIBLE at an open meeting: the user may sign in as a guest instead. */
  guestAllowed?: boolean

  constructor(
    status: number,
    code: string,
    message: string,
    requestId?: string,
    fields?: { path: string; message: string }[],
    guestAllowed?: boolean,
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.requestId = requestId
    this.fields = fields
    this.guestAllowed = guestAllowed
  }
}

/**
 * Any failure as an ApiError, for stores and pages to keep: an ApiError as it is; anything else is a
 * fault of the app itself, not an answer, and reads as CLIENT_ERROR with `fallback` (never its text).
 */
/**
 * No answer came (offline, timeout) or the server failed (5xx): what a list already shows may be kept,
 * marked as not fresh. A 4xx is an answer (gone, no longer yours) and replaces it.
 */
export function keepsShownData(error: ApiError): boolean {
  return error.status === 0 || error.status >= 500
}

export function toApiError(err: unknown, fallback = '出了点问题，请稍后再试'): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'CLIENT_ERROR', fallback)
}

/** What a page says about `err` (toApiError's message): the server's or the network's words, else `fallback`. */
export const errorText = (err: unknown, fallback: string): string => toApiError(err, fallback).message

export const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type QueryValue = string | number | boolean | null | undefined

export interface RequestOptions<T> {
  method?: Method
  path: string
  query?: Record<string, QueryValue>
  data?: unknown
  /** When given, the answer is checked against the shared zod schema. */
  schema?: ZodType<T>
  /** Sends this token instead of the session's (退出登录 sends the one it has just dropped). */
  token?: string
}

/** `?a=1&b=%E4%B8%AD` — skips null/undefined/'' so optional filters vanish. */
export function buildQuery(query?: Record<string, QueryValue>): string {
  if (!query) return ''
  const parts: string[] = []
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
  }
  return parts.length ? `?${parts.join('&')}` : ''
}

function errorFromResponse(status: number, body: unknown): ApiError {
  const parsed = ErrorBodySchema.safeParse(body)
  if (parsed.success) {
    const { code, message, requestId, fields, guestAllowed } = parsed.data.error
    return new ApiError(status, code, message, requestId, fields, guestAllowed)
  }
  return new ApiError(status, `HTTP_${status}`, `服务器返回了意外的结果（${status}），请稍后再试`)
}

export async function request<T>(options: RequestOptions<T>): Promise<T> {
  const { method = 'GET', path, query, data, schema } = options
  const token = options.token ?? sessionHooks.getToken()
  const header: Record<string, string> = { Accept: 'application/json' }
  if (token) header.Authorization = `Bearer ${token}`
  if (data !== undefined) header['Content-Type'] = 'application/json'

  let res: Taro.request.SuccessCallbackResult<string | TaroGeneral.IAnyObject | ArrayBuffer>
  try {
    res = await Taro.request({
      url: `${apiBase()}${path}${buildQuery(query)}`,
      method,
      // Query already in the URL: never let Taro serialize `data` into it for GET.
      data: data === undefined ? undefined : (data as Record<string, unknown>),
      header,
      timeout: REQUEST_TIMEOUT_MS,
      dataType: 'json',
    })
  } catch {
    // Taro.request rejects only when no HTTP answer came back: offline, DNS, refused, timeout.
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR_MESSAGE)
  }

  const status = res.statusCode
  if (status < 200 || status >= 300) {
    // An expired or revoked token: drop the session so the pages send the user to login.
    const error = errorFromResponse(status, res.data)
    if (status === 401 && token) sessionHooks.onUnauthorized(error.message)
    throw error
  }
  if (!schema) return res.data as T
  const parsed = schema.safeParse(res.data)
  if (!parsed.success) {
    throw new ApiError(status, 'BAD_RESPONSE', '服务器返回的数据格式不正确，请稍后再试或升级小程序')
  }
  return parsed.data
}
