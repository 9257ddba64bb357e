import { badRequest, unavailable } from '../../lib/errors'
import { ErrorCodes } from '../../../../src/domain/errors'

/** What the server needs from WeChat's login: who the code belongs to. */
export interface WechatSession {
  openid: string
  unionid: string | null
}

/**
 * WeChat's code2session, behind an interface so tests can point the real client at a
 * local fake server (WECHAT_API_BASE) or inject another implementation.
 */
export interface WechatClient {
  code2session(code: string): Promise<WechatSession>
}

export const wechatCodeInvalid = () =>
  badRequest('微信登录凭证无效或已被使用，请重新点击登录', ErrorCodes.WECHAT_CODE_INVALID)
export const wechatUnavailable = () =>
  unavailable('微信登录服务暂时不可用，请稍后再试', ErrorCodes.WECHAT_UNAVAILABLE)

/** errcodes of jscode2session that mean "this code is no good", as opposed to "WeChat is unwell". */
const CODE_ERRORS = new Set([40029, 40163, 40226])

interface Code2SessionReply {
  openid?: string
  unionid?: string
  session_key?: string
  errcode?: number
  errmsg?: string
}

export interface HttpWechatClientOptions {
  apiBase: string
  appId: string
  secret: string
  timeoutMs?: number
  log?: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void }
}

/** The real client: GET {apiBase}/sns/jscode2session over HTTPS (or whatever apiBase says). */
export class HttpWechatClient implements WechatClient {
  constructor(private readonly opts: HttpWechatClientOptions) {}

  async code2session(code: string): Promise<WechatSession> {
    const url = new URL('/sns/jscode2session', this.opts.apiBase)
    url.searchParams.set('appid', this.opts.appId)
    url.searchParams.set('secret', this.opts.secret)
    url.searchParams.set('js_code', code)
    url.searchParams.set('grant_type', 'authorization_code')

    let reply: Code2SessionReply
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000) })
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      reply = (await res.json()) as Code2SessionReply
    } catch (err) {
      // The URL holds the secret: log only the reason.
      this.opts.log?.warn({ reason: (err as Error).message }, 'wechat code2session unreachable')
      throw wechatUnavailable()
    }

    if (reply.errcode && reply.errcode !== 0) {
      if (CODE_ERRORS.has(reply.errcode)) throw wechatCodeInvalid()
      this.opts.log?.error({ errcode: reply.errcode, errmsg: reply.errmsg }, 'wechat code2session failed')
      throw wechatUnavailable()
    }
    if (typeof reply.openid !== 'string' || reply.openid.length === 0) {
      this.opts.log?.error({}, 'wechat code2session replied without openid')
      throw wechatUnavailable()
    }
    return { openid: reply.openid, unionid: reply.unionid ?? null }
  }
}
