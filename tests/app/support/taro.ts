/**
 * Stand-in for @tarojs/taro in jsdom: in-memory storage, navigation that records where the
 * app tried to go, and a `request` that really goes over HTTP (node's http module; jsdom
 * hides fetch) so services are tested against a real server, as on the phone.
 */
import http from 'http'
import { useEffect } from 'react'
import { act } from '@testing-library/react'

type Json = string | Record<string, unknown> | ArrayBuffer

interface RequestOptions {
  url: string
  method?: string
  data?: unknown
  header?: Record<string, string>
  timeout?: number
  dataType?: string
}

interface RequestResult {
  statusCode: number
  data: Json
  header: Record<string, string>
}

function request(options: RequestOptions): Promise<RequestResult> {
  const { url, method = 'GET', data, header = {}, timeout = 60000, dataType = 'json' } = options
  return new Promise((resolve, reject) => {
    let body: string | undefined
    if (data !== undefined && method !== 'GET') body = typeof data === 'string' ? data : JSON.stringify(data)
    const req = http.request(url, { method, headers: { ...header, ...(body ? { 'Content-Length': Buffer.byteLength(body) } : {}) } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: Json = text
        // Like wx.request: JSON when it parses, the raw text otherwise.
        if (dataType === 'json' && text) {
          try {
            parsed = JSON.parse(text) as Json
          } catch {
            parsed = text
          }
        }
        const headers: Record<string, string> = {}
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = String(v)
        resolve({ statusCode: res.statusCode ?? 0, data: parsed, header: headers })
      })
    })
    req.setTimeout(timeout, () => req.destroy(new Error('timeout')))
    // Like wx.request's fail: no HTTP answer at all.
    req.on('error', (err) => reject({ errMsg: `request:fail ${err.message}` }))
    if (body) req.write(body)
    req.end()
  })
}

// --- storage -------------------------------------------------------------------------
const storage = new Map<string, unknown>()

function getStorageSync(key: string): unknown {
  // wx returns '' for a missing key.
  return storage.has(key) ? storage.get(key) : ''
}
function setStorageSync(key: string, value: unknown): void {
  storage.set(key, value)
}
function removeStorageSync(key: string): void {
  storage.delete(key)
}

// --- navigation ----------------------------------------------------------------------
export type NavKind = 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch' | 'navigateBack'
/** Every navigation the app asked for, in order. */
export const navigations: { kind: NavKind; url?: string }[] = []

const nav = (kind: NavKind) => (opts: { url?: string } = {}) => {
  navigations.push({ kind, url: opts.url })
  return Promise.resolve({ errMsg: `${kind}:ok` })
}

let loginCode = 'test-wx-code'
function login(): Promise<{ code: string; errMsg: string }> {
  return Promise.resolve({ code: loginCode, errMsg: 'login:ok' })
}

// --- location: what the phone reports, or why it refuses --------------------------------
type LocationAnswer = { latitude: number; longitude: number; accuracy: number } | { errMsg: string; errno?: number }
let locationAnswer: LocationAnswer = { errMsg: 'getLocation:fail auth deny' }
/** Every getLocation the app asked for. */
export const locationRequests: unknown[] = []
function getLocation(opts: unknown): Promise<LocationAnswer> {
  locationRequests.push(opts)
  return 'latitude' in locationAnswer ? Promise.resolve(locationAnswer) : Promise.reject(locationAnswer)
}
export function setLocation(answer: LocationAnswer): void {
  locationAnswer = answer
}

/** Clears storage, recorded navigation and location between tests. */
export function resetTaro(): void {
  storage.clear()
  navigations.length = 0
  loginCode = 'test-wx-code'
  locationAnswer = { errMsg: 'getLocation:fail auth deny' }
  locationRequests.length = 0
  toasts.length = 0
  clipboard.data = ''
  titles.length = 0
  observers.length = 0
  // A page opened in one test never sees the previous test's ?id= or ?code=.
  for (const k of Object.keys(routerParams)) delete routerParams[k]
  tabBadge.text = ''
  currentPage.route = ''
  pullDownHandler = null
}

const observers: { selector: string; cb: (res: { intersectionRatio: number }) => void }[] = []
/** What an IntersectionObserver of the page watches for comes into view. */
export function bringIntoView(selector: string): void {
  for (const o of observers.filter((x) => x.selector === selector)) o.cb({ intersectionRatio: 1 })
}

/** Every title a page put in the title bar, in order. */
export const titles: string[] = []

/** Every toast shown, in order. */
export const toasts: { title: string; icon?: string }[] = []
/** What was put on the clipboard, last first ('' = nothing). */
export const clipboard = { data: '' }
export function setLoginCode(code: string): void {
  loginCode = code
}
export { storage as taroStorage }

// --- page hooks: a test renders a page once, so "shown" means "mounted" ---------------
export function useDidShow(fn: () => void): void {
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => fn(), [])
}
export const useLoad = useDidShow
export const useReady = useDidShow
export const useLaunch = useDidShow
/** The badge on 首页's tab. */
export const tabBadge = { text: '' }
/** Query parameters of the page under test (`routerParams.branchId = …`). */
export const routerParams: Record<string, string> = {}
/** The route of the page under test, without the leading slash as WeChat reports it ('' = none). */
export const currentPage = { route: '' }
export function useRouter(): { params: Record<string, string> } {
  return { params: routerParams }
}
export function useDidHide(_fn: () => void): void {}
let pullDownHandler: (() => void) | null = null
export function usePullDownRefresh(fn: () => void): void {
  pullDownHandler = fn
}
/** The member pulls the page down to refresh it (an event from outside React, as Taro delivers it: inside act). */
export function pullDown(): void {
  const handler = pullDownHandler
  if (!handler) throw new Error('this page does not refresh on pull-down')
  act(() => handler())
}
/** NutUI asks which platform it draws for; the pages under test are the weapp's. */
export const ENV_TYPE = { WEAPP: 'WEAPP', WEB: 'WEB' } as const
export function getEnv(): string {
  return ENV_TYPE.WEAPP
}
export function usePageScroll(_fn: (e: { scrollTop: number }) => void): void {}

const Taro = {
  request,
  getStorageSync,
  setStorageSync,
  removeStorageSync,
  login,
  navigateTo: nav('navigateTo'),
  redirectTo: nav('redirectTo'),
  switchTab: nav('switchTab'),
  reLaunch: nav('reLaunch'),
  navigateBack: nav('navigateBack'),
  // The page under test as the top of the stack, with its query (currentPage.route = …).
  getCurrentPages: () => (currentPage.route ? [{ route: currentPage.route, options: { ...routerParams } }] : []),
  // 首页's badge on its tab (tabBadge.text is what the tab shows; '' = none).
  setTabBarBadge: (opts: { index: number; text: string }) => {
    tabBadge.text = opts.text
    return Promise.resolve()
  },
  removeTabBarBadge: () => {
    tabBadge.text = ''
    return Promise.resolve()
  },
  showToast: (opts: { title: string; icon?: string }) => {
    toasts.push({ title: opts.title, icon: opts.icon })
    return Promise.resolve()
  },
  getLocation,
  setClipboardData: (opts: { data: string }) => {
    clipboard.data = opts.data
    return Promise.resolve({ errMsg: 'setClipboardData:ok' })
  },
  // An article page measures what was read; jsdom has no layout, so nothing is ever in view.
  createSelectorQuery: () => {
    const q = { select: () => q, boundingClientRect: () => q, exec: () => undefined }
    return q
  },
  // jsdom has no layout: a test says when something comes into view (bringIntoView).
  createIntersectionObserver: () => {
    const o = {
      relativeToViewport: () => o,
      observe: (selector: string, cb: (res: { intersectionRatio: number }) => void) => void observers.push({ selector, cb }),
      disconnect: () => undefined,
    }
    return o
  },
  getCurrentInstance: () => ({ page: {} }),
  showModal: () => Promise.resolve({ confirm: true, cancel: false }),
  setNavigationBarTitle: (opts: { title: string }) => {
    titles.push(opts.title)
    return Promise.resolve()
  },
  pxTransform: (n: number) => `${n / 2}px`,
  stopPullDownRefresh: () => undefined,
  getEnv,
  ENV_TYPE,
}

export default Taro
