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

/** One subscribe message (订阅消息) to send. */
export interface SubscribeMessage {
  openid: string
  templateId: string
  /** The mini-program page it opens, with its query. */
  page: string
  data: Record<string, { value: string }>
}

/** What became of a send: delivered; the person has no subscription left (no retry); WeChat failed (retry later). */
export type SendOutcome = 'sent' | 'refused' | 'failed'

/** WeChat's subscribeMessage.send, behind an interface: tests point the real client at a fake WeChat server. */
export interface WechatMessenger {
  sendSubscribeMessage(message: SubscribeMessage): Promise<SendOutcome>
}

/** errcodes that mean "this person cannot receive it" (43101: not subscribed or used up; 40003: bad openid). */
const REFUSED = new Set([43101, 40003, 47003])
/** errcodes that mean the access token is no good: fetch a new one and try once more. */
const TOKEN_ERRORS = new Set([40001, 42001, 40014])

/**
 * The real sender: an access token from {apiBase}/cgi-bin/token, cached until 5 minutes before it
 * expires, then POST {apiBase}/cgi-bin/message/subscribe/send. One instance per server; several
 * instances each hold their own token (WeChat allows several valid tokens during a refresh).
 */
export class HttpWechatMessenger implements WechatMessenger {
  private token: { value: string; until: number } | null = null
  private pending: Promise<string> | null = null

  constructor(
    private readonly opts: HttpWechatClientOptions,
    private readonly now: () => number = Date.now,
  ) {}

  private async accessToken(): Promise<string> {
    if (this.token && this.token.until > this.now()) return this.token.value
    // One refresh at a time: concurrent sends wait for the same token.
    this.pending ??= (async () => {
      try {
        const url = new URL('/cgi-bin/token', this.opts.apiBase)
        url.searchParams.set('grant_type', 'client_credential')
        url.searchParams.set('appid', this.opts.appId)
        url.searchParams.set('secret', this.opts.secret)
        const res = await fetch(url, { signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000) })
        const reply = (await res.json()) as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string }
        if (!reply.access_token) throw new Error(`token errcode ${reply.errcode ?? res.status}`)
        this.token = { value: reply.access_token, until: this.now() + Math.max(60, (reply.expires_in ?? 7200) - 300) * 1000 }
        return reply.access_token
      } finally {
        this.pending = null
      }
    })()
    return this.pending
  }

  async sendSubscribeMessage(message: SubscribeMessage): Promise<SendOutcome> {
    for (let attempt = 0; attempt < 2; attempt++) {
      let reply: { errcode?: number; errmsg?: string }
      try {
        const url = new URL('/cgi-bin/message/subscribe/send', this.opts.apiBase)
        url.searchParams.set('access_token', await this.accessToken())
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ touser: message.openid, template_id: message.templateId, page: message.page, data: message.data, miniprogram_state: 'formal', lang: 'zh_CN' }),
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
        })
        reply = (await res.json()) as { errcode?: number; errmsg?: string }
      } catch (err) {
        this.opts.log?.warn({ reason: (err as Error).message }, 'wechat subscribe send unreachable')
        return 'failed'
      }
      if (!reply.errcode) return 'sent'
      if (TOKEN_ERRORS.has(reply.errcode) && attempt === 0) {
        this.token = null
        continue
      }
      if (REFUSED.has(reply.errcode)) return 'refused'
      this.opts.log?.warn({ errcode: reply.errcode, errmsg: reply.errmsg }, 'wechat subscribe send failed')
      return 'failed'
    }
    return 'failed'
  }
}
