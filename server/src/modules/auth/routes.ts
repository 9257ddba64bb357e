import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import {
  AuthOptionsSchema,
  AuthResponseSchema,
  DevLoginBodySchema,
  WechatLoginBodySchema,
} from '../../../../src/domain/auth'
import { ErrorCodes } from '../../../../src/domain/errors'
import { unavailable } from '../../lib/errors'
import { errorResponses } from '../../lib/openapi'
import { z } from 'zod'
import { logout, logoutAll, signIn } from './service'
import { PUBLIC } from '../../plugins/access'
import { sessionUser } from '../../plugins/auth'

export default async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const { config, wechat, clock } = app.deps

  r.get(
    '/api/v1/auth/options',
    { ...PUBLIC, schema: { tags: ['auth'], summary: '可用的登录方式', response: { 200: AuthOptionsSchema } } },
    async () => ({ devLogin: config.devLogin, wechat: wechat !== null }),
  )

  r.post(
    '/api/v1/auth/wechat',
    {
      ...PUBLIC,
      schema: {
        tags: ['auth'],
        summary: '微信登录（wx.login 的 code 换取会话）',
        body: WechatLoginBodySchema,
        response: { 200: AuthResponseSchema, ...errorResponses(400, 503) },
      },
    },
    async (request) => {
      if (!wechat) {
        throw unavailable('服务器未配置微信登录（WECHAT_APPID / WECHAT_SECRET），请联系管理员', ErrorCodes.WECHAT_NOT_CONFIGURED)
      }
      const session = await wechat.code2session(request.body.code)
      return signIn(app.deps.db, config, clock.now(), {
        openid: session.openid,
        unionid: session.unionid,
        nickname: '微信用户',
        method: 'wechat',
      })
    },
  )

  // Registered only when enabled: otherwise the path does not exist (404).
  if (config.devLogin) {
    r.post(
      '/api/v1/auth/dev-login',
      {
        ...PUBLIC,
        schema: {
          tags: ['auth'],
          summary: '开发登录（仅 AUTH_DEV_LOGIN=true 时存在）',
          body: DevLoginBodySchema,
          response: { 200: AuthResponseSchema, ...errorResponses(400) },
        },
      },
      async (request) =>
        signIn(app.deps.db, config, clock.now(), {
          openid: request.body.openid,
          nickname: request.body.nickname ?? request.body.openid,
          method: 'dev',
        }),
    )
  }

  const Done = z.object({ status: z.literal('ok') })
  r.post(
    '/api/v1/auth/logout',
    {
      schema: { tags: ['auth'], summary: '退出登录（只结束这个令牌）', security: [{ bearer: [] }], response: { 200: Done, ...errorResponses(401) } },
    },
    async (request) => {
      await logout(app.deps.db, sessionUser(request).id, request.token!, clock.now())
      app.forgetSessions(sessionUser(request).id) // this instance at once; the others by notification
      return { status: 'ok' as const }
    },
  )
  r.post(
    '/api/v1/auth/logout-all',
    {
      schema: { tags: ['auth'], summary: '在所有设备上退出（结束我的全部令牌）', security: [{ bearer: [] }], response: { 200: Done, ...errorResponses(401) } },
    },
    async (request) => {
      await logoutAll(app.deps.db, sessionUser(request).id)
      app.forgetSessions(sessionUser(request).id)
      return { status: 'ok' as const }
    },
  )
}
