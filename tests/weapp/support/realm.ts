import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import vm from 'node:vm'
import { readTemplates, type NodeTemplate } from './templates'
import { createWx, type WxScript } from './wx'

/**
 * A WeChat-like JS realm for the production `dist/weapp` package.
 *
 * It offers only what WeChat's logic-layer engine (JavaScriptCore / V8 on phones) offers:
 * ECMAScript built-ins, `wx`, `App`, `Page`, `Component`, `Behavior`, `getApp`,
 * `getCurrentPages`, a `require` over the package's own files, timers and `console`; no
 * `window`, `document`, `TextEncoder`, `TextDecoder`, `fetch`, `XMLHttpRequest`, `URL`,
 * `URLSearchParams`, `atob`, `btoa`, `Blob`, `FormData`, `localStorage`, and no code generation
 * from strings (mini-programs refuse `eval` and `new Function`). Each file is wrapped the way
 * WeChat wraps it, with the browser names bound to undefined.
 *
 * Pages are instantiated from what `Page()` registered, their lifecycles run, and what
 * `setData` sends is applied to the page's data — the same tree the view layer would render
 * through Taro's base.wxml. Events go in through the page's `eh`, as the view layer sends them.
 */

/** Names a WeChat module sees as undefined parameters (WeChat's own wrapper does the same). */
const SHADOWED = [
  'window', 'document', 'frames', 'self', 'location', 'navigator', 'localStorage', 'history', 'Caches', 'screen',
  'alert', 'confirm', 'prompt', 'XMLHttpRequest', 'WebSocket', 'Reporter', 'webkit', 'WeixinJSCore',
]

export type Node = { nn?: string; sid?: string; uid?: string; v?: string; cn?: Node[]; cl?: string; [k: string]: unknown }

export interface PageInstance {
  route: string
  options: Record<string, string>
  data: { root?: Node; [k: string]: unknown }
  setData: (patch: Record<string, unknown>, cb?: () => void) => void
  [k: string]: unknown
}

export interface RealmOptions {
  /** The built package, e.g. dist/weapp. */
  dir: string
  /** The https base the build calls (TARO_APP_API_BASE); requests there go to `server`. */
  apiBase: string
  /** The real server that answers for it, e.g. http://127.0.0.1:40123. */
  server: string
}

export class WeappRealm {
  readonly dir: string
  readonly appJson: {
    pages: string[]
    subPackages?: { root: string; pages: string[] }[]
    tabBar?: { list: { pagePath: string }[] }
    requiredPrivateInfos?: string[]
    permission?: Record<string, { desc?: string }>
  }
  /** Uncaught errors, unhandled rejections and console.error lines from inside the realm. */
  readonly errors: string[] = []
  /** Breaches of WeChat's platform rules (undeclared APIs, requests outside the API base …). */
  readonly violations: string[] = []
  /** Every wx API call, in order. */
  readonly calls: { api: string; args: unknown }[] = []
  readonly toasts: string[] = []
  readonly modals: { title: string; content: string }[] = []
  readonly script: WxScript = {}
  /** True while a tap's handlers run: WeChat lets some APIs (订阅消息) be called only then. */
  tapping = false
  readonly storage = new Map<string, unknown>()
  readonly stack: PageInstance[] = []
  readonly templates: Map<string, NodeTemplate>
  readonly downloads: string[] = []
  readonly tmpDir: string
  inflight = 0

  private context: vm.Context
  private modules = new Map<string, { exports: unknown }>()
  private loadingRoute: string | null = null
  private pageConfigs = new Map<string, Record<string, unknown>>()
  private tabInstances = new Map<string, PageInstance>()
  private appConfig: Record<string, unknown> | null = null
  private appInstance: Record<string, unknown> | null = null
  private timers = new Map<number, NodeJS.Timeout>()
  private nextTimer = 1
  private closed = false
  readonly wx: Record<string, unknown>

  constructor(readonly options: RealmOptions) {
    this.dir = path.resolve(options.dir)
    this.appJson = JSON.parse(fs.readFileSync(path.join(this.dir, 'app.json'), 'utf8'))
    this.templates = readTemplates(this.dir)
    this.tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 're-weapp-'))
    this.wx = createWx(this)
    this.context = vm.createContext(Object.create(null), { name: 'weapp', codeGeneration: { strings: false, wasm: false } })
    const g = vm.runInContext('globalThis', this.context) as Record<string, unknown>
    const console_ = {
      log: () => undefined,
      info: () => undefined,
      debug: () => undefined,
      warn: () => undefined,
      error: (...args: unknown[]) => this.errors.push(`console.error: ${args.map(describe).join(' ')}`),
    }
    Object.assign(g, {
      wx: this.wx,
      console: console_,
      App: (config: Record<string, unknown>) => {
        this.appConfig = config
      },
      Page: (config: Record<string, unknown>) => {
        if (!this.loadingRoute) throw new Error('Page() called outside a page file')
        this.pageConfigs.set(this.loadingRoute, config)
      },
      Component: () => undefined, // comp.js: Taro's recursion component; its data lives in the page tree
      Behavior: (b: unknown) => b,
      getApp: () => this.appInstance,
      getCurrentPages: () => [...this.stack],
      setTimeout: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => this.timer(fn, ms, args, false),
      setInterval: (fn: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) => this.timer(fn, ms, args, true),
      clearTimeout: (id: number) => this.clear(id),
      clearInterval: (id: number) => this.clear(id),
    })
    // V8 gives every context a built-in console that prints nowhere; ours replaces it above.
    // A promise the app leaves rejected surfaces on this process: count it against every open realm.
    if (OPEN.size === 0) process.on('unhandledRejection', onRejection)
    OPEN.add(this)
  }

  // ── timers ────────────────────────────────────────────────────────────────
  private timer(fn: (...a: unknown[]) => void, ms: number | undefined, args: unknown[], repeat: boolean): number {
    const id = this.nextTimer++
    if (this.closed) return id
    const run = () => {
      if (!repeat) this.timers.delete(id)
      this.guard(() => fn(...args))
    }
    this.timers.set(id, repeat ? setInterval(run, ms ?? 0) : setTimeout(run, ms ?? 0))
    return id
  }

  private clear(id: number) {
    const h = this.timers.get(id)
    if (h) {
      clearTimeout(h)
      clearInterval(h)
      this.timers.delete(id)
    }
  }

  /** Runs realm code the way WeChat's event loop does: a throw is reported, not fatal. */
  guard(fn: () => unknown): unknown {
    try {
      return fn()
    } catch (err) {
      this.errors.push(`uncaught: ${describe(err)}`)
      return undefined
    }
  }

  // ── modules ───────────────────────────────────────────────────────────────
  require(request: string, from = ''): unknown {
    let rel = request.startsWith('/') ? request.slice(1) : path.posix.normalize(path.posix.join(path.posix.dirname(from), request))
    if (!rel.endsWith('.js')) rel += '.js'
    const cached = this.modules.get(rel)
    if (cached) return cached.exports
    const file = path.join(this.dir, rel)
    if (!fs.existsSync(file)) throw new Error(`module "${rel}" is not defined`)
    const module = { exports: {} as unknown }
    this.modules.set(rel, module)
    const src = fs.readFileSync(file, 'utf8')
    const wrapped = `(function (require, module, exports, ${SHADOWED.join(', ')}) {${src}\n})`
    const fn = new vm.Script(wrapped, { filename: file }).runInContext(this.context) as (...a: unknown[]) => void
    fn((r: string) => this.require(r, rel), module, module.exports)
    return module.exports
  }

  // ── app and pages ─────────────────────────────────────────────────────────
  /** Loads app.js, runs onLaunch/onShow, and opens the first page (or `url`). */
  async launch(url?: string, scene = 1001): Promise<PageInstance> {
    const target = url ?? `/${this.appJson.pages[0]}`
    const { route, query } = parseUrl(target)
    this.guard(() => this.require('app.js'))
    if (!this.appConfig) throw new Error('app.js did not call App()')
    this.appInstance = Object.assign(Object.create(null), this.appConfig)
    const launchOptions = { path: route, query, scene, referrerInfo: {} }
    this.launchOptions = launchOptions
    const app = this.appInstance as Record<string, (o: unknown) => void>
    if (app.onLaunch) this.guard(() => app.onLaunch.call(this.appInstance, launchOptions))
    if (app.onShow) this.guard(() => app.onShow.call(this.appInstance, launchOptions))
    return this.openPage(route, query)
  }

  launchOptions: { path: string; query: Record<string, string>; scene: number; referrerInfo: object } = {
    path: '',
    query: {},
    scene: 1001,
    referrerInfo: {},
  }

  isTab(route: string): boolean {
    return Boolean(this.appJson.tabBar?.list.some((t) => t.pagePath === route))
  }

  allPages(): string[] {
    return [...this.appJson.pages, ...(this.appJson.subPackages ?? []).flatMap((s) => s.pages.map((p) => `${s.root}/${p}`))]
  }

  private pageConfig(route: string): Record<string, unknown> {
    if (!this.allPages().includes(route)) throw new Error(`页面 ${route} 不在 app.json 中`)
    if (!this.pageConfigs.has(route)) {
      this.loadingRoute = route
      try {
        this.require(`${route}.js`)
      } finally {
        this.loadingRoute = null
      }
    }
    const config = this.pageConfigs.get(route)
    if (!config) throw new Error(`${route}.js did not call Page()`)
    return config
  }

  private openPage(route: string, query: Record<string, string>): PageInstance {
    const config = this.pageConfig(route)
    const page: PageInstance = {} as PageInstance
    for (const [k, v] of Object.entries(config)) if (k !== 'data') page[k] = v
    page.data = JSON.parse(JSON.stringify(config.data ?? {}))
    page.route = route
    page.__route__ = route
    page.is = route
    page.options = query
    page.setData = (patch, cb) => this.setData(page, patch, cb)
    page.selectComponent = () => null
    page.selectAllComponents = () => []
    page.createSelectorQuery = (this.wx.createSelectorQuery as () => unknown).bind(this.wx)
    page.getOpenerEventChannel = () => ({ emit: () => undefined, on: () => undefined, once: () => undefined, off: () => undefined })
    page.setDataLog = [] as unknown[]
    page.lifecycleLog = [] as string[]
    this.stack.push(page)
    if (this.isTab(route)) this.tabInstances.set(route, page)
    this.lifecycle(page, 'onLoad', { ...query })
    this.lifecycle(page, 'onShow')
    // The view layer's first render comes back a moment later.
    this.timer(() => this.lifecycle(page, 'onReady'), 0, [], false)
    return page
  }

  private lifecycle(page: PageInstance, name: string, arg?: unknown) {
    const fn = page[name]
    if (typeof fn !== 'function') return
    ;(page.lifecycleLog as string[]).push(name)
    this.guard(() => (fn as (a?: unknown) => void).call(page, arg))
  }

  private setData(page: PageInstance, patch: Record<string, unknown>, cb?: () => void) {
    if (this.closed) return
    // WeChat serialises setData's payload to send it to the view layer.
    const sent = JSON.parse(JSON.stringify(patch)) as Record<string, unknown>
    ;(page.setDataLog as unknown[]).push(sent)
    for (const [key, value] of Object.entries(sent)) setPath(page.data, key, value)
    if (cb) this.timer(cb, 0, [], false)
  }

  // ── navigation (wx.navigateTo & co. call these) ───────────────────────────
  navigate(kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch', url: string): string | null {
    const current = this.stack[this.stack.length - 1]
    const resolved = url.startsWith('/') || !current ? url : `/${path.posix.join(path.posix.dirname(current.route), url)}`
    const { route, query } = parseUrl(resolved)
    if (!this.allPages().includes(route)) return `page "${route}" is not found`
    const tab = this.isTab(route)
    if ((kind === 'navigateTo' || kind === 'redirectTo') && tab) return `can not ${kind} a tabbar page`
    if (kind === 'switchTab' && !tab) return 'can not switchTab to a non-tabbar page'
    if (kind === 'navigateTo' && this.stack.length >= 10) return 'webview count limit exceed'
    if (kind === 'navigateTo') {
      if (current) this.lifecycle(current, 'onHide')
    } else if (kind === 'redirectTo') {
      const gone = this.stack.pop()
      if (gone) this.unload(gone)
    } else {
      while (this.stack.length) {
        const gone = this.stack.pop()!
        if (kind === 'switchTab' && this.isTab(gone.route) && this.tabInstances.get(gone.route) === gone) this.lifecycle(gone, 'onHide')
        else this.unload(gone)
      }
    }
    if (kind === 'switchTab' && this.tabInstances.has(route)) {
      const page = this.tabInstances.get(route)!
      this.stack.push(page)
      this.lifecycle(page, 'onShow')
      return null
    }
    this.openPage(route, query)
    return null
  }

  navigateBack(delta = 1): string | null {
    if (this.stack.length <= 1) return 'cannot navigate back at first page.'
    for (let i = 0; i < delta && this.stack.length > 1; i++) this.unload(this.stack.pop()!)
    this.lifecycle(this.stack[this.stack.length - 1], 'onShow')
    return null
  }

  private unload(page: PageInstance) {
    if (this.isTab(page.route)) this.tabInstances.delete(page.route)
    this.lifecycle(page, 'onHide')
    this.lifecycle(page, 'onUnload')
  }

  // ── what the user sees and does ───────────────────────────────────────────
  get page(): PageInstance {
    const p = this.stack[this.stack.length - 1]
    if (!p) throw new Error('no page is open')
    return p
  }

  /** Every text the page shows, in document order. */
  texts(page = this.page): string[] {
    const out: string[] = []
    walk(page.data.root, (n) => {
      if (typeof n.v === 'string' && n.v.trim()) out.push(n.v)
    })
    return out
  }

  text(page = this.page): string {
    return this.texts(page).join('\n')
  }

  /** Waits until `check` holds (polling the realm's own event loop), or fails with what the page shows. */
  async waitFor<T>(check: () => T | undefined | false | null, what: string, timeoutMs = 10000): Promise<T> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const v = check()
      if (v) return v
      // An uncaught error means the page will not get there: say so now, not at the deadline.
      if (Date.now() > deadline || this.errors.length > 0) {
        const shown = this.stack.length ? this.text().slice(0, 1500) : '(no page)'
        throw new Error(`等待「${what}」${this.errors.length ? "时出现了未捕获的错误" : "超时"}。当前页面 ${this.stack.length ? this.page.route : ''}：\n${shown}\nerrors: ${this.errors.join('\n')}`)
      }
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  waitForText(pattern: RegExp | string, timeoutMs?: number): Promise<string> {
    const re = typeof pattern === 'string' ? new RegExp(escapeRe(pattern)) : pattern
    return this.waitFor(() => this.texts().find((t) => re.test(t)), String(pattern), timeoutMs)
  }

  waitForRoute(route: string, timeoutMs?: number): Promise<PageInstance> {
    return this.waitFor(() => this.stack.length > 0 && this.page.route === route && this.page, `页面 ${route}`, timeoutMs)
  }

  /** Finds the element that shows `label` (the nearest element around the matching text). */
  find(label: RegExp | string, page = this.page): { node: Node; chain: Node[] } | undefined {
    const re = typeof label === 'string' ? new RegExp(`^\\s*${escapeRe(label)}\\s*$`) : label
    let found: { node: Node; chain: Node[] } | undefined
    walk(page.data.root, (n, chain) => {
      if (!found && typeof n.v === 'string' && re.test(n.v)) found = { node: chain[chain.length - 1], chain }
    })
    return found
  }

  /** Finds an element whose class list contains `cls`. */
  findByClass(cls: string, page = this.page): { node: Node; chain: Node[] } | undefined {
    let found: { node: Node; chain: Node[] } | undefined
    walk(page.data.root, (n, chain) => {
      if (!found && typeof n.cl === 'string' && n.cl.split(/\s+/).includes(cls)) found = { node: n, chain: [...chain, n] }
    })
    return found
  }

  template(node: Node): NodeTemplate | undefined {
    return node.nn === undefined ? undefined : this.templates.get(String(node.nn))
  }

  attr(node: Node, name: string): unknown {
    const key = this.template(node)?.attrs[name]
    return key ? node[key] : undefined
  }

  /**
   * Sends an event the way the view layer does: to every element from the target up whose
   * template binds it (`bind…`), stopping at one that catches it (`catch…`).
   */
  dispatch(hit: { node: Node; chain: Node[] }, type: string, detail: Record<string, unknown> = {}) {
    const page = this.page
    const eh = page.eh as ((e: unknown) => void) | undefined
    if (typeof eh !== 'function') throw new Error(`${page.route} has no event handler`)
    const target = hit.node
    const ids = (n: Node) => ({ id: n.uid ?? n.sid, dataset: { sid: n.sid } })
    const chain = hit.chain.slice(0, hit.chain.indexOf(target) + 1).reverse()
    let delivered = false
    for (const el of chain) {
      const t = this.template(el)
      if (!t) continue
      const bound = t.bind.has(type)
      const caught = t.catch.has(type)
      if (!bound && !caught) continue
      if (t.tag === 'button' && this.attr(el, 'disabled')) return false
      delivered = true
      this.guard(() => eh.call(page, { type, timeStamp: Date.now(), target: ids(target), currentTarget: ids(el), detail, touches: [], changedTouches: [] }))
      if (caught) break
    }
    return delivered
  }

  /** A tap on the element showing `label`. Fails if nothing there listens to taps. */
  tap(label: RegExp | string | { node: Node; chain: Node[] }) {
    const hit = typeof label === 'object' && 'node' in label ? label : this.find(label)
    if (!hit) throw new Error(`页面上没有「${String(label)}」。当前页面：\n${this.text().slice(0, 1500)}`)
    // A label inside a <button> (NutUI's Button wraps its text in views) is a tap on that button, as on a phone.
    const inside = hit.chain.slice(0, hit.chain.indexOf(hit.node) + 1).reverse()
    const button = inside.find((n) => this.template(n)?.tag === 'button')
    if (button) {
      const openType = this.attr(button, 'open-type')
      if (openType === 'agreePrivacyAuthorization') (this.wx.__agreePrivacy as () => void)()
      if (this.attr(button, 'disabled')) throw new Error(`「${String(label)}」按钮不可用`)
    }
    this.tapping = true
    let handled: boolean
    try {
      handled = this.dispatch(hit, 'tap')
    } finally {
      this.tapping = false
    }
    if (!handled) throw new Error(`「${String(label)}」不响应点击`)
    if (button && this.attr(button, 'open-type') === 'agreePrivacyAuthorization') {
      this.dispatch({ node: button, chain: hit.chain }, 'agreeprivacyauthorization')
    }
  }

  /** Types into the input or textarea with class `cls` (an `input` event, as the keyboard sends). */
  type(cls: string, value: string) {
    const hit = this.findByClass(cls)
    if (!hit) throw new Error(`页面上没有输入框 .${cls}`)
    let field = hit
    if (!['input', 'textarea'].includes(this.template(hit.node)?.tag ?? '')) {
      let inner: { node: Node; chain: Node[] } | undefined
      walk(hit.node, (n, chain) => {
        if (!inner && ['input', 'textarea'].includes(this.template(n)?.tag ?? '')) inner = { node: n, chain: [...hit.chain.slice(0, -1), ...chain, n] }
      })
      if (!inner) throw new Error(`.${cls} 里没有输入框`)
      field = inner
    }
    this.dispatch(field, 'input', { value, cursor: value.length, keyCode: 0 })
  }

  /** Waits until no request is in flight and nothing was rendered for `quietMs`. */
  async settle(quietMs = 60, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs
    let last = -1
    let since = Date.now()
    while (Date.now() < deadline) {
      const n = this.stack.reduce((s, p) => s + (p.setDataLog as unknown[]).length, 0)
      if (n !== last || this.inflight > 0) {
        last = n
        since = Date.now()
      } else if (Date.now() - since >= quietMs) return
      await new Promise((r) => setTimeout(r, 10))
    }
  }

  close() {
    this.closed = true
    for (const id of [...this.timers.keys()]) this.clear(id)
    OPEN.delete(this)
    if (OPEN.size === 0) process.off('unhandledRejection', onRejection)
    fs.rmSync(this.tmpDir, { recursive: true, force: true })
  }
}

const OPEN = new Set<WeappRealm>()
function onRejection(reason: unknown) {
  for (const realm of OPEN) realm.errors.push(`unhandled rejection: ${describe(reason)}`)
}

export function parseUrl(url: string): { route: string; query: Record<string, string> } {
  const [p, q = ''] = url.split(/\?(.*)/s)
  const query: Record<string, string> = {}
  // WeChat hands page options over as written in the url: not decoded.
  for (const part of q.split('&')) {
    if (!part) continue
    const i = part.indexOf('=')
    query[i < 0 ? part : part.slice(0, i)] = i < 0 ? '' : part.slice(i + 1)
  }
  return { route: p.replace(/^\//, ''), query }
}

function setPath(target: Record<string, unknown>, key: string, value: unknown) {
  const parts = key.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)
  let cur: Record<string, unknown> = target
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i]
    if (cur[k] === null || typeof cur[k] !== 'object') cur[k] = /^\d+$/.test(parts[i + 1]) ? [] : {}
    cur = cur[k] as Record<string, unknown>
  }
  cur[parts[parts.length - 1]] = value
}

function walk(node: Node | undefined, visit: (n: Node, chain: Node[]) => void, chain: Node[] = []) {
  if (!node || typeof node !== 'object') return
  visit(node, chain)
  if (Array.isArray(node.cn)) for (const c of node.cn) walk(c, visit, [...chain, node])
}

function escapeRe(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

export function describe(v: unknown): string {
  if (v && typeof v === 'object' && 'stack' in v && typeof (v as Error).stack === 'string') return (v as Error).stack!.split('\n').slice(0, 4).join(' | ')
  if (v && typeof v === 'object' && 'message' in v) return String((v as Error).message)
  if (typeof v === 'object') {
    try {
      return JSON.stringify(v)
    } catch {
      return String(v)
    }
  }
  return String(v)
}
