import fs from 'node:fs'
import path from 'node:path'
import type { BrowserContext, Page, Request } from 'playwright-core'
import { BASE, loginAs, loginWithOpenid, sharedBrowser } from './support/browser'
import { mobileInRegistration } from '../support/fixtures'

/**
 * Every page of app.json in the H5 build, as the person who uses it, at 375×667:
 * - it has a title bar with its title, and a sub-page a way back (返回, or 首页 when opened from a link);
 * - nothing is written to the console as an error and nothing throws;
 * - every tap target is at least 44×44 px, except those listed in SMALL_OK with the reason;
 * - every tap target without words has a label (aria-label or title), so a screen reader can say it;
 * - every piece of text meets WCAG AA contrast against what is behind it (4.5:1; 3:1 from 24 px, or
 *   18.7 px bold), except a disabled button's;
 * - at 200 % text (every font size doubled, as a phone's largest text setting does) nothing runs off
 *   the side of the screen;
 * - a screenshot goes to screens/<role>/<page>.png (ignored by git; `npm run screens` makes only these).
 */
const ROOT = path.resolve(__dirname, '../..')
const SCREENS = path.join(ROOT, 'screens')
const MIN = 44

/** Tap targets allowed under 44×44, and why. Matched against "route: text". */
const SMALL_OK: { pattern: RegExp; why: string }[] = []

type Visit = { route: string; as: string; query?: () => string; ready: RegExp | string }
const ids = { meeting: '', lesson: '', branch: '', verifyCode: '', transfer: '', committee: '' }

const PAGES: Visit[] = [
  { route: 'pages/home/index', as: '张明', ready: /(早上|上午|中午|下午|晚上)好，张明/ },
  { route: 'pages/home/index', as: '王建国', ready: '组织关系接转审核' },
  { route: 'pages/meetings/index', as: '张明', ready: '扫码签到' },
  { route: 'pages/lessons/index', as: '张明', ready: '三会一课：每一项多久开一次' },
  { route: 'pages/me/index', as: '张明', ready: '退出登录' },
  { route: 'packages/auth/pages/login/index', as: '', ready: '演示账号' },
  { route: 'packages/orgs/pages/search/index', as: '张明', ready: '示范园区综合党委' },
  { route: 'packages/meetings/pages/detail/index', as: '张明', query: () => `id=${ids.meeting}`, ready: '我的状态：未签到' },
  { route: 'packages/meetings/pages/code/index', as: '王建国', query: () => `id=${ids.meeting}`, ready: '已签到 0 人' },
  { route: 'packages/meetings/pages/checkin/index', as: '张明', ready: '输入签到码' },
  { route: 'packages/meetings/pages/create/index', as: '王建国', ready: '会议主题' },
  { route: 'packages/identity/pages/declare/index', as: '赵强', ready: '提交申报' },
  { route: 'packages/identity/pages/declarations/index', as: '赵强', ready: '还没有' },
  { route: 'packages/identity/pages/review/index', as: '王建国', ready: '没有待审核' },
  { route: 'packages/identity/pages/card/index', as: '张明', ready: '复制验证链接' },
  { route: 'packages/identity/pages/verify/index', as: '', query: () => `code=${ids.verifyCode}`, ready: '有效' },
  { route: 'packages/identity/pages/wall/index', as: '张明', query: () => `branchId=${ids.branch}`, ready: '王建国' },
  { route: 'packages/identity/pages/posts/index', as: '王建国', query: () => `branchId=${ids.branch}`, ready: '本支部亮身份二维码' },
  { route: 'packages/lessons/pages/detail/index', as: '张明', query: () => `id=${ids.lesson}`, ready: /学习|学到|未开始/ },
  { route: 'packages/lessons/pages/manage/index', as: '陈红', ready: '已发布' },
  { route: 'packages/lessons/pages/edit/index', as: '陈红', ready: '保存' },
  { route: 'packages/transfers/pages/apply/index', as: '张明', ready: '流出登记' },
  { route: 'packages/transfers/pages/list/index', as: 'e2e-mobile', ready: '已接收' },
  { route: 'packages/transfers/pages/detail/index', as: 'e2e-mobile', query: () => `id=${ids.transfer}`, ready: '查看我的活动证' },
  { route: 'packages/transfers/pages/review/index', as: '王建国', ready: '待审核' },
  { route: 'packages/transfers/pages/followup/index', as: '王建国', ready: '失联' },
  { route: 'packages/transfers/pages/card/index', as: 'e2e-mobile', ready: '流动党员活动证' },
  { route: 'pages/home/index', as: '陈红', ready: '两个覆盖台账' },
  { route: 'pages/home/index', as: '刘洋', ready: /党建指导员/ },
  { route: 'pages/me/index', as: '陈红', ready: '示范园区综合党委：组织架构与任命' },
  { route: 'packages/park/pages/tree/index', as: '陈红', query: () => `orgId=${ids.committee}`, ready: '新建下级' },
  { route: 'packages/park/pages/org/index', as: '陈红', query: () => `parentId=${ids.committee}`, ready: '在「示范园区综合党委」下新建' },
  { route: 'packages/park/pages/ledger/index', as: '陈红', query: () => `orgId=${ids.committee}`, ready: '工作覆盖率' },
  { route: 'packages/park/pages/enterprise/index', as: '陈红', query: () => `orgId=${ids.committee}`, ready: '所属党支部' },
  { route: 'packages/park/pages/appoint/index', as: '陈红', query: () => `orgId=${ids.committee}`, ready: '发出任命邀请' },
  { route: 'packages/park/pages/accept/index', as: '陈红', ready: '邀请链接或邀请码' },
  { route: 'packages/park/pages/meetings/index', as: '陈红', ready: '开放式主题党日：走进车间学党史' },
  { route: 'packages/park/pages/records/index', as: '陈红', ready: '只读查看：审核、接收由各支部书记办理；手机号打码。' },
  { route: 'packages/park/pages/import/index', as: '陈红', query: () => `orgId=${ids.committee}`, ready: '选择表格并导入' },
  { route: 'packages/compliance/pages/committee/index', as: '陈红', query: () => `orgId=${ids.committee}`, ready: '导出 Excel（每期一张表，含逾期事项、疑似补记）' },
  { route: 'packages/compliance/pages/branch/index', as: '王建国', query: () => `branchId=${ids.branch}`, ready: '主题党日 · 每月 1 次' },
]

const TAB_PAGES = ['pages/home/index', 'pages/meetings/index', 'pages/lessons/index', 'pages/me/index']

async function api(openid: string, method: string, url: string, body?: unknown) {
  const token = (await (await fetch(`${BASE()}/api/v1/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ openid }) })).json()).token
  const res = await fetch(`${BASE()}${url}`, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined })
  return { status: res.status, body: await res.json() }
}

const browserOf = sharedBrowser()
const contexts = new Map<string, { context: BrowserContext; page: Page; errors: string[] }>()

beforeAll(async () => {
  // The demo's upcoming open session, by name: other files on this server post meetings that start now.
  ids.meeting = (await api('demo-member', 'GET', '/api/v1/meetings?scope=mine')).body.items.find((m: { title: string }) => m.title === '开放式主题党日：走进车间学党史').id
  ids.lesson = (await api('demo-member', 'GET', '/api/v1/lessons')).body.items[0].id
  ids.branch = (await api('demo-member', 'GET', '/api/v1/me')).body.member.branchId
  ids.committee = (await api('demo-admin', 'GET', '/api/v1/me')).body.roles[0].orgId
  ids.verifyCode = (await api('demo-member', 'GET', '/api/v1/identity/card')).body.verifyCode
  // A mobile member registered into 星火 (流入登记, accepted): a 活动证 and a transfer to read.
  const filed = await api('e2e-mobile', 'POST', '/api/v1/transfers', mobileInRegistration(ids.branch))
  expect(filed.status).toBe(201)
  ids.transfer = filed.body.id
  expect((await api('demo-secretary', 'POST', `/api/v1/transfers/${ids.transfer}/accept`, {})).status).toBe(200)
  fs.rmSync(SCREENS, { recursive: true, force: true })
})
afterAll(async () => {
  for (const c of contexts.values()) await c.context.close()
})

/** One browser profile per person, signed in on the login page once. */
async function as(who: string) {
  const known = contexts.get(who)
  if (known) return known
  const context = await browserOf().newContext({ viewport: { width: 375, height: 667 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' })
  const page = await context.newPage()
  const errors: string[] = []
  // (the page's calls to the server; a video's media request may stay open as long as it plays)
  let inFlight = 0
  const isCall = (r: Request) => r.resourceType() === 'fetch' || r.resourceType() === 'xhr'
  page.on('request', (r) => isCall(r) && inFlight++)
  page.on('requestfinished', (r) => isCall(r) && inFlight--)
  page.on('requestfailed', (r) => isCall(r) && inFlight--)
  pending.set(page, () => inFlight)
  page.on('pageerror', (err) => errors.push(`页面异常：${err.message}`))
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`控制台错误：${msg.text()}`)
  })
  if (who === 'e2e-mobile') await loginWithOpenid(page, 'e2e-mobile')
  else if (who) await loginAs(page, who)
  const c = { context, page, errors }
  contexts.set(who, c)
  return c
}

const pending = new Map<Page, () => number>()

/**
 * Waits until the page has settled before it is measured: none of its requests in flight, its
 * fonts loaded, no transition or animation under way, and two animation frames in a row without a
 * change to the DOM.
 */
async function settled(page: Page) {
  const inFlight = pending.get(page)!
  for (;;) {
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          let changed = true
          const seen = new MutationObserver(() => (changed = true))
          seen.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
          // (a page sliding in moves its content without changing the DOM; an endless spinner never ends)
          const moving = () => document.getAnimations().some((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity)
          const frame = () => {
            if (!changed && !moving()) {
              seen.disconnect()
              resolve()
              return
            }
            changed = false
            requestAnimationFrame(() => requestAnimationFrame(frame))
          }
          void document.fonts.ready.then(frame)
        }),
    )
    if (inFlight() === 0) return
    await Promise.race([
      page.waitForEvent('requestfinished', { timeout: 15_000 }).catch(() => undefined),
      page.waitForEvent('requestfailed', { timeout: 15_000 }).catch(() => undefined),
    ])
  }
}

/** Everything a finger can tap on the page, with its size: React onClick handlers, buttons, fields, switches, the title bar's buttons and the tab bar. */
function tapTargets(page: Page) {
  return page.evaluate(() => {
    const out: { text: string; w: number; h: number; labelled: boolean }[] = []
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const propsKey = Object.keys(el).find((k) => k.startsWith('__reactProps'))
      const props = propsKey ? (el as unknown as Record<string, { onClick?: unknown }>)[propsKey] : null
      const tag = el.tagName.toLowerCase()
      const tappable =
        !!props?.onClick ||
        ['taro-button-core', 'taro-switch-core', 'taro-checkbox-core', 'taro-radio-core'].includes(tag) ||
        (tag === 'input' && (el as HTMLInputElement).type !== 'hidden') ||
        el.classList.contains('taro-navigation-bar-back') ||
        el.classList.contains('taro-navigation-bar-home') ||
        el.classList.contains('weui-tabbar__item')
      if (!tappable) continue
      const r = el.getBoundingClientRect()
      const style = getComputedStyle(el)
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || style.display === 'none') continue
      const words = (el.innerText || el.getAttribute('placeholder') || el.getAttribute('aria-label') || el.getAttribute('title') || '').trim()
      // Inside something already counted (a Text inside a tappable View): the outer one is the target.
      out.push({ text: (words || el.className || tag).trim().replace(/\s+/g, ' ').slice(0, 30), w: Math.round(r.width), h: Math.round(r.height), labelled: words !== '' || tag === 'input' })
    }
    return out
  })
}

/** Text under WCAG AA contrast: "text (ratio, colour on background)". */
function lowContrast(page: Page) {
  return page.evaluate(() => {
    type RGBA = [number, number, number, number]
    const parse = (c: string): RGBA => {
      const m = c.match(/rgba?\(([^)]+)\)/)
      if (!m) return [0, 0, 0, 0]
      const [r, g, b, a = '1'] = m[1].split(',').map((x) => x.trim())
      return [Number(r), Number(g), Number(b), Number(a)]
    }
    const over = (top: RGBA, under: RGBA): RGBA => {
      const a = top[3] + under[3] * (1 - top[3])
      if (a === 0) return [255, 255, 255, 0]
      const mix = (i: number) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a
      return [mix(0), mix(1), mix(2), a]
    }
    /** What is painted behind an element: its own and its ancestors' background colours, on white. */
    const behind = (el: Element): RGBA => {
      const layers: RGBA[] = []
      for (let e: Element | null = el; e; e = e.parentElement) {
        const st = getComputedStyle(e)
        // A gradient (the home page's banner, the member card): judged by its lighter end, the harder one for white text.
        const stops = st.backgroundImage.match(/rgba?\([^)]+\)/g)
        layers.push(stops ? stops.map(parse).sort((a, b) => b[0] + b[1] + b[2] - (a[0] + a[1] + a[2]))[0] : parse(st.backgroundColor))
      }
      return layers.reverse().reduce<RGBA>((acc, layer) => over(layer, acc), [255, 255, 255, 1])
    }
    const lum = ([r, g, b]: RGBA) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }
    const out: string[] = []
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')
      if (!own || el.innerText.trim() === '' || el.closest('.nut-button-disabled, [disabled]')) continue
      const r = el.getBoundingClientRect()
      const st = getComputedStyle(el)
      if (r.width === 0 || r.height === 0 || st.visibility === 'hidden' || st.display === 'none' || Number(st.opacity) === 0) continue
      if (el.closest('.taro_page') && getComputedStyle(el.closest('.taro_page')!).display === 'none') continue // a tab page hidden behind
      const bg = behind(el)
      const fg = over(parse(st.color), bg)
      const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a)
      const ratio = (l1 + 0.05) / (l2 + 0.05)
      const px = parseFloat(st.fontSize)
      const large = px >= 24 || (px >= 18.66 && Number(st.fontWeight) >= 700)
      if (ratio < (large ? 3 : 4.5)) out.push(`${el.innerText.trim().slice(0, 20)}（${ratio.toFixed(2)}:1，${st.color} 在 rgb(${bg.slice(0, 3).map(Math.round).join(', ')}) 上，${px}px）`)
    }
    return out
  })
}

/** At 200 % text: what runs off the right edge of a 375 px screen (the page itself, or a piece of text). */
function overflowAtDoubleText(page: Page) {
  return page.evaluate(() => {
    const els = Array.from(document.querySelectorAll<HTMLElement>('body *'))
    const sizes = els.map((el) => parseFloat(getComputedStyle(el).fontSize))
    const before = els.map((el) => el.style.fontSize)
    els.forEach((el, i) => (el.style.fontSize = `${sizes[i] * 2}px`))
    const out: string[] = []
    if (document.documentElement.scrollWidth > innerWidth + 1) out.push(`整页横向溢出（${document.documentElement.scrollWidth} px 宽）`)
    for (const el of els) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '')
      const r = el.getBoundingClientRect()
      if (own && r.width > 0 && r.top < innerHeight * 3 && r.right > innerWidth + 1) out.push(`${el.innerText.trim().slice(0, 20)}（右边到 ${Math.round(r.right)} px）`)
    }
    els.forEach((el, i) => (el.style.fontSize = before[i]))
    return out
  })
}

const small: string[] = []
const unlabelled: string[] = []
const contrast: string[] = []
const doubleText: string[] = []

for (const v of PAGES) {
  test(`${v.route}（${v.as || '未登录'}）`, async () => {
    const { page, errors } = await as(v.as)
    errors.length = 0
    await page.goto(`${BASE()}/#/${v.route}${v.query ? `?${v.query()}` : ''}`)
    // (tab pages stay in the document, hidden, behind a sub-page: only what is on screen counts)
    await page.getByText(v.ready).filter({ visible: true }).first().waitFor({ timeout: 15_000 })
    await settled(page)

    // The title bar: a title, and on a sub-page 返回 (or 首页 when there is nothing to go back to).
    const bar = page.locator('#taro-navigation-bar')
    await expect(bar.isVisible()).resolves.toBe(true)
    expect((await bar.locator('.taro-navigation-bar-title').innerText()).trim()).not.toBe('')
    if (!TAB_PAGES.includes(v.route)) {
      const back = await bar.locator('.taro-navigation-bar-back').isVisible()
      const home = await bar.locator('.taro-navigation-bar-home').isVisible()
      expect(back || home).toBe(true)
    }

    const file = path.join(SCREENS, v.as || '未登录', `${v.route.replace(/\//g, '_')}.png`)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    await page.screenshot({ path: file })

    for (const t of await tapTargets(page)) {
      if (!t.labelled) unlabelled.push(`${v.route}: ${t.text}`)
      if (t.w >= MIN && t.h >= MIN) continue
      const label = `${v.route}: ${t.text}`
      if (!SMALL_OK.some((ok) => ok.pattern.test(label))) small.push(`${label}（${t.w}×${t.h}）`)
    }
    for (const c of await lowContrast(page)) contrast.push(`${v.route}: ${c}`)
    for (const o of await overflowAtDoubleText(page)) doubleText.push(`${v.route}: ${o}`)
    expect(errors).toEqual([])
  })
}

test('every tap target without words has a label', () => {
  expect([...new Set(unlabelled)]).toEqual([])
})

test('all text meets WCAG AA contrast', () => {
  expect([...new Set(contrast)]).toEqual([])
})

test('at 200 % text nothing runs off the side of the screen', () => {
  expect([...new Set(doubleText)]).toEqual([])
})

test('no tap target under 44×44 px on any page (exceptions listed in SMALL_OK with the reason)', () => {
  expect([...new Set(small)]).toEqual([])
})
