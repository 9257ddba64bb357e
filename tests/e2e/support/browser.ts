import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const BASE = () => {
  const url = process.env.E2E_BASE_URL
  if (!url) throw new Error('E2E_BASE_URL is not set: run through tests/e2e/jest.config.js')
  return url
}

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

/** A phone-sized context, as a member would hold it; collects page errors so tests can assert none. */
export async function phone(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 375, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (err) => errors.push(err.message))
  // The server's Content-Security-Policy must not block anything the app does.
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) errors.push(`CSP: ${msg.text()}`)
  })
  return { context, page, errors }
}

const GREETING = /早上好|上午好|中午好|下午好|晚上好/

/** Opens the app signed out, picks a demo account by name on the login page, lands on 首页. */
export async function loginAs(page: Page, name: string): Promise<void> {
  await page.goto(`${BASE()}/`)
  await page.getByText('演示账号').waitFor()
  await page.getByText(name, { exact: true }).click()
  await page.getByText(GREETING).first().waitFor()
}

/** Logs in with an arbitrary openid through the login page's own field. */
export async function loginWithOpenid(page: Page, openid: string): Promise<void> {
  await page.goto(`${BASE()}/`)
  await page.getByText('演示账号').waitFor()
  await page.locator('.login__input input, input.login__input').first().fill(openid)
  await page.locator('.login__go').click()
  await page.getByText(GREETING).first().waitFor()
}

/** Types into the Taro Input/Textarea carrying class `cls` (H5 renders the real field inside). */
export async function fill(page: Page, cls: string, value: string): Promise<void> {
  await page.locator(`.${cls} input, input.${cls}, .${cls} textarea, textarea.${cls}`).first().fill(value)
}

/** One browser for a test file. */
export function sharedBrowser(): () => Browser {
  let browser: Browser
  beforeAll(async () => {
    browser = await launch()
  })
  afterAll(async () => {
    await browser?.close()
  })
  return () => browser
}

/**
 * Fills 发布组织生活 (the page is open): title, place, Beijing date and time of `startsAt`, one hour,
 * and the type when given (the form's default otherwise). Does not submit.
 */
export async function fillMeetingForm(page: Page, m: { title: string; location: string; startsAt: Date; type?: string }): Promise<void> {
  const bj = new Date(m.startsAt.getTime() + 8 * 3600_000).toISOString()
  await fill(page, 'create__title', m.title)
  await fill(page, 'create__location', m.location)
  await fill(page, 'create__date', bj.slice(0, 10))
  await fill(page, 'create__time', bj.slice(11, 16))
  await fill(page, 'create__hours', '1')
  if (m.type) await page.getByText(m.type, { exact: true }).click()
}
