/**
 * The links inside our QR codes, shared by the pages (which draw and read them) and the server
 * (which answers them for ordinary browsers).
 *
 * A link is path-based on the public https base, e.g. `https://dj.example.cn/s/<code>`, so that a
 * 「扫普通链接二维码打开小程序」 rule (prefix `https://dj.example.cn/s/`) opens the mini-program
 * page below when WeChat's own scanner reads it; the page then receives the whole link, encoded,
 * as its `q` option. Without the mini-program (another scanner, a browser) the server redirects
 * the same path to the H5 page.
 */
export type LinkKind = 'checkin' | 'verify' | 'declare' | 'invite'

export const LINKS: Record<LinkKind, { prefix: string; page: string; param: string; label: string; formerPages?: string[] }> = {
  // formerPages: where the page lived when older QR codes were printed (the subpackage was `meeting`).
  checkin: { prefix: '/s/', page: '/packages/meetings/pages/checkin/index', param: 'code', label: '签到码', formerPages: ['/packages/meeting/pages/checkin/index'] },
  verify: { prefix: '/v/', page: '/packages/identity/pages/verify/index', param: 'code', label: '党员证验证码' },
  declare: { prefix: '/b/', page: '/packages/identity/pages/declare/index', param: 'branchId', label: '支部二维码' },
  invite: { prefix: '/i/', page: '/packages/park/pages/accept/index', param: 'code', label: '任命邀请' },
}

/** What a link may carry: base64url codes and UUIDs; nothing that needs escaping. */
export const LINK_VALUE = /^[A-Za-z0-9_-]{1,200}$/

export function appLink(base: string, kind: LinkKind, value: string): string {
  return `${base.replace(/\/+$/, '')}${LINKS[kind].prefix}${encodeURIComponent(value)}`
}

/**
 * Reads a scanned or typed text. Accepts the path links above and the hash links printed before
 * them (`…/#/packages/meeting/pages/checkin/index?code=…`, the page's former path, or its present one);
 * anything else is not ours → null.
 */
export function parseAppLink(text: string): { kind: LinkKind; value: string } | null {
  const s = text.trim()
  const path = /^https?:\/\/[^/?#\s]+(\/[^?#\s]*)(?:[?#]\S*)?$/i.exec(s)
  if (path) {
    for (const kind of Object.keys(LINKS) as LinkKind[]) {
      const { prefix } = LINKS[kind]
      if (!path[1].startsWith(prefix)) continue
      const value = path[1].slice(prefix.length).replace(/\/$/, '')
      if (LINK_VALUE.test(value)) return { kind, value }
    }
  }
  if (/^https?:\/\//i.test(s)) {
    for (const kind of Object.keys(LINKS) as LinkKind[]) {
      const { page, param, formerPages = [] } = LINKS[kind]
      const at = [page, ...formerPages].map((p) => s.indexOf(`#${p}?`)).find((i) => i >= 0) ?? -1
      if (at < 0) continue
      const m = new RegExp(`[?&]${param}=([^&#]*)`).exec(s.slice(at))
      if (m && LINK_VALUE.test(m[1])) return { kind, value: m[1] }
    }
  }
  return null
}

/**
 * What the check-in page got: a link of ours (new or old), or a bare code typed by hand.
 * Returns null for a text that is neither (another app's QR, a web address, a sentence).
 */
export function readCheckinInput(text: string): { kind: LinkKind; value: string } | null {
  const link = parseAppLink(text)
  if (link) return link
  const s = text.trim()
  return LINK_VALUE.test(s) ? { kind: 'checkin', value: s } : null
}
