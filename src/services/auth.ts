import {
  AuthOptionsSchema,
  AuthResponseSchema,
  type AuthOptions,
  type AuthResponse,
  type DevLoginBody,
} from '@/domain/auth'
import { z } from 'zod'
import { request } from './request'

let early: Promise<AuthOptions> | null = null

/**
 * How one may log in. `prefetchAuthOptions()` (the app, when it sends a signed-out person to login)
 * starts the request while the login page's code is still downloading; the page then takes that
 * answer instead of asking again — one round trip less before the first screen on a weak network.
 */
export function getAuthOptions(): Promise<AuthOptions> {
  const answer = early ?? request({ path: '/api/v1/auth/options', schema: AuthOptionsSchema })
  early = null
  return answer
}

export function prefetchAuthOptions(): void {
  early ??= request({ path: '/api/v1/auth/options', schema: AuthOptionsSchema })
  // A failure is the page's to show (it asks again with 重试); never an unhandled rejection here.
  early.catch(() => undefined)
}

export function wechatLogin(code: string): Promise<AuthResponse> {
  return request({ method: 'POST', path: '/api/v1/auth/wechat', data: { code }, schema: AuthResponseSchema })
}

export function devLogin(openid: string, nickname?: string): Promise<AuthResponse> {
  const body: DevLoginBody = nickname ? { openid, nickname } : { openid }
  return request({ method: 'POST', path: '/api/v1/auth/dev-login', data: body, schema: AuthResponseSchema })
}

const Done = z.object({ status: z.literal('ok') })

/** Ends this token on the server (the app has already forgotten it). */
export function logout(token: string): Promise<unknown> {
  return request({ method: 'POST', path: '/api/v1/auth/logout', token, schema: Done })
}

/** Ends every token of mine, on every phone. */
export function logoutAll(): Promise<unknown> {
  return request({ method: 'POST', path: '/api/v1/auth/logout-all', schema: Done })
}
