import Taro from '@tarojs/taro'
import { LINKS, LINK_VALUE, parseAppLink, type LinkKind } from '@/domain/links'

/** Page paths in one place, so a moved page breaks the build here and nowhere else. */
export const ROUTES = {
  home: '/pages/home/index',
  me: '/pages/me/index',
  meetings: '/pages/meetings/index',
  lessons: '/pages/lessons/index',
  lesson: '/packages/lessons/pages/detail/index',
  lessonManage: '/packages/lessons/pages/manage/index',
  lessonEdit: '/packages/lessons/pages/edit/index',
  meetingDetail: '/packages/meetings/pages/detail/index',
  meetingCode: '/packages/meetings/pages/code/index',
  checkin: LINKS.checkin.page,
  meetingCreate: '/packages/meetings/pages/create/index',
  login: '/packages/auth/pages/login/index',
  orgSearch: '/packages/orgs/pages/search/index',
  declare: LINKS.declare.page,
  declarations: '/packages/identity/pages/declarations/index',
  review: '/packages/identity/pages/review/index',
  card: '/packages/identity/pages/card/index',
  verify: LINKS.verify.page,
  wall: '/packages/identity/pages/wall/index',
  posts: '/packages/identity/pages/posts/index',
  transferApply: '/packages/transfers/pages/apply/index',
  transfers: '/packages/transfers/pages/list/index',
  transferDetail: '/packages/transfers/pages/detail/index',
  transferReview: '/packages/transfers/pages/review/index',
  followUp: '/packages/transfers/pages/followup/index',
  mobileCard: '/packages/transfers/pages/card/index',
  parkTree: '/packages/park/pages/tree/index',
  parkOrg: '/packages/park/pages/org/index',
  parkLedger: '/packages/park/pages/ledger/index',
  parkEnterprise: '/packages/park/pages/enterprise/index',
  parkAppoint: '/packages/park/pages/appoint/index',
  parkAccept: LINKS.invite.page,
  parkMeetings: '/packages/park/pages/meetings/index',
  parkImport: '/packages/park/pages/import/index',
  parkRecords: '/packages/park/pages/records/index',
  complianceCommittee: '/packages/compliance/pages/committee/index',
  // complianceBranch: '/packages/compliance/pages/branch/index' is opened from the committee page and the
  // server's 待办 only; kept out of this main-package table (packages/compliance/pages/committee/useCommittee).
} as const

const TAB_PAGES: readonly string[] = [ROUTES.home, ROUTES.meetings, ROUTES.lessons, ROUTES.me]

function topPage(): { route: string; options: Record<string, string | undefined> } | null {
  const pages = Taro.getCurrentPages()
  const top = pages[pages.length - 1] as { route?: string; options?: Record<string, string | undefined> } | undefined
  if (!top?.route) return null
  // WeChat gives the query as the page's options; Taro's H5 pages have none, its router has them.
  const router = Taro.getCurrentInstance()?.router
  return { route: `/${top.route.replace(/^\//, '')}`, options: { ...(top.options ?? {}), ...(router?.params ?? {}) } }
}

/**
 * The page that needs a session, as it was opened (a scanned sign-in link keeps its code), to come
 * back to after login. Null for tab pages (login ends on 首页 anyway) and for login itself.
 */
function returnTo(): string | null {
  const top = topPage()
  if (!top || TAB_PAGES.includes(top.route) || top.route.startsWith(ROUTES.login)) return null
  const query = Object.entries(top.options)
    .filter(([k, v]) => !k.startsWith('$') && typeof v === 'string')
    .map(([k, v]) => `${k}=${encodeURIComponent(safeDecode(v as string))}`)
    .join('&')
  return query ? `${top.route}?${query}` : top.route
}

let leavingUntil = 0

/**
 * Send the user to login, remembering where they were (`back`). Both tab pages may notice a lost
 * session at once (they stay mounted behind the tab bar), so only the first call within a second navigates.
 */
export function goLogin(): void {
  const now = Date.now()
  if (now < leavingUntil || topPage()?.route.startsWith(ROUTES.login)) return
  leavingUntil = now + 1000
  const back = returnTo()
  Taro.redirectTo({ url: back ? `${ROUTES.login}?back=${encodeURIComponent(back)}` : ROUTES.login }).catch(() => {
    leavingUntil = 0
  })
}

/** After login, back to the home tab (switchTab is the only way onto a tab page). */
export function goHome(): Promise<unknown> {
  return Taro.switchTab({ url: ROUTES.home })
}

/**
 * After login: the page that sent the user to login (`back`, see goLogin) when it is one of ours,
 * else 首页. A scanned sign-in link thus ends signed in, not on 首页 with the sign-in lost.
 */
export function goAfterLogin(back: string | undefined): Promise<unknown> {
  const url = back ? safeDecode(back) : ''
  const path = url.split('?')[0]
  const ours = (Object.values(ROUTES) as string[]).includes(path) && !path.startsWith(ROUTES.login)
  if (!ours) return goHome()
  if (TAB_PAGES.includes(path)) return Taro.switchTab({ url: path })
  return Taro.redirectTo({ url })
}

/** Router params arrive decoded on some platforms and encoded on others. */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/**
 * What a QR-link target page was opened with: its own option (`?code=…`, in-app navigation and
 * H5), or WeChat's `q` — the whole scanned link, URL-encoded — when WeChat's scanner opened the
 * page through a 「扫普通链接二维码打开小程序」 rule. '' when neither carries a value of this kind.
 */
export function linkValue(params: Partial<Record<string, string>>, kind: LinkKind): string {
  const own = safeDecode(params[LINKS[kind].param] ?? '')
  if (LINK_VALUE.test(own)) return own
  if (params.q) {
    const link = parseAppLink(safeDecode(params.q))
    if (link?.kind === kind) return link.value
  }
  return ''
}

/** The page a link of ours leads to, with its value encoded into the url. */
export function linkPage(link: { kind: LinkKind; value: string }): string {
  const { page, param } = LINKS[link.kind]
  return `${page}?${param}=${encodeURIComponent(link.value)}`
}
