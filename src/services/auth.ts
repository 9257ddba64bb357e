import {
  AuthOptionsSchema,
  AuthResponseSchema,
  type AuthOptions,
  type AuthResponse,
  type DevLoginBody,
} from '@/domain/auth'
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
