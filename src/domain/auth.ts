import { z } from 'zod'
import { labelled } from './validation'
import { IdSchema, line } from './common'

export const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

export const WechatLoginBodySchema = z.strictObject({
  code: labelled('微信登录凭证', line().min(1, '缺少微信登录凭证').max(128)),
})
export type WechatLoginBody = z.infer<typeof WechatLoginBodySchema>

export const DevLoginBodySchema = z.strictObject({
  openid: labelled('账号', z.string().regex(OPENID_PATTERN, '账号只能包含字母、数字、下划线和短横线，长度 1–64')),
  nickname: labelled('昵称', line().min(1).max(32)).optional(),
})
export type DevLoginBody = z.infer<typeof DevLoginBodySchema>

export const UserSchema = z.object({ id: IdSchema, nickname: z.string() })
export type User = z.infer<typeof UserSchema>

export const AuthResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string().describe('ISO-8601 UTC'),
  user: UserSchema,
})
export type AuthResponse = z.infer<typeof AuthResponseSchema>

export const AuthOptionsSchema = z.object({
  devLogin: z.boolean().describe('服务器是否开启了开发登录'),
  wechat: z.boolean().describe('服务器是否配置了微信登录'),
})
export type AuthOptions = z.infer<typeof AuthOptionsSchema>
