import fs from 'node:fs'
import path from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { BASE, loginAs, loginWithOpenid, sharedBrowser } from './support/browser'
import { mobileInRegistration } from '../support/fixtures'

/**
 * Every page of app.json in the H5 build, as the person who uses it, at 375×667:
 * - it has a title bar with its title, and a sub-page a way back (返回, or 首页 when opened from a link);
 * - nothing is written to the console as an error and nothing throws;
 * - every tap target is at least 44×44 px, except those listed in SMALL_OK with the reason;
 * - a screenshot goes to screens/<role>/<page>.png (ignored by git; `npm run screens` makes only these).
 */
const ROOT = path.resolve(__dirname, '../..')
const SCREENS = path.join(ROOT, 'screens')
const MIN = 44

/** Tap targets allowed under 44×44, and why. Matched against "route: text". */
const SMALL_OK: { pattern: RegExp; why: string }[] = []

type Visit = { route: string; as: string; query?: () => string; ready: RegExp | string }
const ids = { meeting: '', lesson: '', branch: '', verifyCode: '', transfer: '' }

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
  ids.meeting = (await api('demo-member', 'GET', '/api/v1/meetings?scope=mine')).body.items[0].id
  ids.lesson = (await api('demo-member', 'GET', '/api/v1/lessons')).body.items[0].id
  ids.branch = (await api('demo-member', 'GET', '/api/v1/me')).body.member.branchId
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

/** Everything a finger can tap on the page, with its size: React onClick handlers, buttons, fields, switches, the title bar's buttons and the tab bar. */
function tapTargets(page: Page) {
  return page.evaluate(() => {
    const out: { text: string; w: number; h: number }[] = []
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
      // Inside something already counted (a Text inside a tappable View): the outer one is the target.
      out.push({ text: (el.innerText || el.getAttribute('placeholder') || el.className || tag).trim().replace(/\s+/g, ' ').slice(0, 30), w: Math.round(r.width), h: Math.round(r.height) })
    }
    return out
  })
}

const small: string[] = []

for (const v of PAGES) {
  test(`${v.route}（${v.as || '未登录'}）`, async () => {
    const { page, errors } = await as(v.as)
    errors.length = 0
    await page.goto(`${BASE()}/#/${v.route}${v.query ? `?${v.query()}` : ''}`)
    // (tab pages stay in the document, hidden, behind a sub-page: only what is on screen counts)
    await page.getByText(v.ready).filter({ visible: true }).first().waitFor({ timeout: 15_000 })
    await page.waitForTimeout(300)

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
      if (t.w >= MIN && t.h >= MIN) continue
      const label = `${v.route}: ${t.text}`
      if (!SMALL_OK.some((ok) => ok.pattern.test(label))) small.push(`${label}（${t.w}×${t.h}）`)
    }
    expect(errors).toEqual([])
  })
}

test('no tap target under 44×44 px on any page (exceptions listed in SMALL_OK with the reason)', () => {
  expect([...new Set(small)]).toEqual([])
})
