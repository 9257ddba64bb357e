import {
  AuthOptionsSchema,
  AuthResponseSchema,
  type AuthOptions,
  type AuthResponse,
  type DevLoginBody,
} from '@/domain/auth'
import { z } from 'zod'
import { request } from './request'

export function getAuthOptions(): Promise<AuthOptions> {
  return request({ path: '/api/v1/auth/options', schema: AuthOptionsSchema })
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
