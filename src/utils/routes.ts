import Taro from '@tarojs/taro'

/** Page paths in one place, so a moved page breaks the build here and nowhere else. */
export const ROUTES = {
  home: '/pages/home/index',
  me: '/pages/me/index',
  meetings: '/pages/meetings/index',
  lessons: '/pages/lessons/index',
  lesson: '/packages/lesson/pages/detail/index',
  lessonManage: '/packages/lesson/pages/manage/index',
  lessonEdit: '/packages/lesson/pages/edit/index',
  meetingDetail: '/packages/meeting/pages/detail/index',
  meetingCode: '/packages/meeting/pages/code/index',
  checkin: '/packages/meeting/pages/checkin/index',
  meetingCreate: '/packages/meeting/pages/create/index',
  login: '/packages/account/pages/login/index',
  orgSearch: '/packages/org/pages/search/index',
  declare: '/packages/identity/pages/declare/index',
  declarations: '/packages/identity/pages/declarations/index',
  review: '/packages/identity/pages/review/index',
  card: '/packages/identity/pages/card/index',
  verify: '/packages/identity/pages/verify/index',
  wall: '/packages/identity/pages/wall/index',
  posts: '/packages/identity/pages/posts/index',
  transferApply: '/packages/mobility/pages/apply/index',
  transfers: '/packages/mobility/pages/list/index',
  transferDetail: '/packages/mobility/pages/detail/index',
  transferReview: '/packages/mobility/pages/review/index',
  followUp: '/packages/mobility/pages/followup/index',
  mobileCard: '/packages/mobility/pages/card/index',
} as const

function currentRoute(): string {
  const pages = Taro.getCurrentPages()
  const top = pages[pages.length - 1]
  return top?.route ? `/${top.route.replace(/^\//, '')}` : ''
}

let leavingUntil = 0

/**
 * Send the user to login. Both tab pages may notice a lost session at once (they stay
 * mounted behind the tab bar), so only the first call within a second navigates.
 */
export function goLogin(): void {
  const now = Date.now()
  if (now < leavingUntil || currentRoute().startsWith(ROUTES.login)) return
  leavingUntil = now + 1000
  Taro.redirectTo({ url: ROUTES.login }).catch(() => {
    leavingUntil = 0
  })
}

/** After login, back to the home tab (switchTab is the only way onto a tab page). */
export function goHome(): Promise<unknown> {
  return Taro.switchTab({ url: ROUTES.home })
}

/** Router params arrive decoded on some platforms and encoded on others. */
export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}
