import path from 'node:path'
import type { Page } from 'playwright-core'
import { startServer, type ServerProcess } from '../support/server-process'
import { BASE, fill, fillMeetingForm, loginAs, phone, sharedBrowser } from './support/browser'

const browserOf = sharedBrowser()

// A server of its own: this test moves the server's clock an hour on (a meeting counts once it is
// over), which would close the sign-in windows of the other files' meetings on the shared one.
let server: ServerProcess
let shared: string | undefined
beforeAll(async () => {
  server = await startServer({ STATIC_DIR: path.resolve(__dirname, '../../dist/h5') })
  shared = process.env.E2E_BASE_URL
  process.env.E2E_BASE_URL = server.base
})
afterAll(async () => {
  process.env.E2E_BASE_URL = shared
  await server?.stop()
})

async function advanceServerClock(sec: number) {
  const res = await fetch(`${BASE()}/api/v1/dev/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceSec: sec }) })
  expect(res.status).toBe(200)
}
const TITLE = '端到端三会一课支部党员大会'

/** The 6 digits on the secretary's screen now (they change every 20 s; the last ones stay good one step more). */
const pinOn = async (sec: Page) => (await sec.locator('.code-screen__pin').innerText()).replace(/\s/g, '')

async function signInByPin(member: Page, sec: Page) {
  await member.locator('.taro-tabbar__tabbar').getByText('组织生活', { exact: true }).click()
  await member.getByText(TITLE, { exact: true }).first().click()
  await member.locator('.detail__pin').click()
  await fill(member, 'checkin__input', await pinOn(sec))
  await member.locator('.checkin__submit').click()
  await member.locator('.checkin__result').getByText('签到成功').waitFor()
}

test('三会一课: the secretary sees last quarter’s 党员大会 逾期, publishes it from the 待办, members sign in by the 6 digits, minutes are written, and the committee sees it 已完成', async () => {
  const sec = await phone(browserOf())
  await loginAs(sec.page, '王建国')
  // The demo's last quarter has no 党员大会 of 星火: first in the 待办, with 发布.
  const overdue = sec.page.locator('.home__todo-item').filter({ hasText: /支部党员大会 · \d{4}年第\d季度逾期未完成/ })
  await overdue.waitFor()
  await overdue.locator('.home__todo-action').getByText('发布').click()
  // The form opens with the type that is due already chosen.
  await fillMeetingForm(sec.page, { title: TITLE, location: '三楼会议室', startsAt: new Date() })
  await sec.page.locator('.create__submit').click()
  await sec.page.getByText('支部党员大会', { exact: true }).waitFor()
  await sec.page.locator('.detail__show-code').click()
  await sec.page.locator('.code-screen__title').getByText(TITLE).waitFor()
  expect(await pinOn(sec.page)).toMatch(/^\d{6}$/)

  // Two of 星火's three members: half the expected.
  const zhang = await phone(browserOf())
  await loginAs(zhang.page, '张明')
  await signInByPin(zhang.page, sec.page)
  const li = await phone(browserOf())
  await loginAs(li.page, '李婷')
  await signInByPin(li.page, sec.page)
  await sec.page.getByText('已签到 2 人').waitFor({ timeout: 15000 })

  // Minutes, then the committee's view of this quarter.
  await sec.page.getByText('查看签到名单').click()
  await fill(sec.page, 'detail__minutes', '一、通报支部工作。二、讨论发展对象。')
  await sec.page.getByText('保存记录').click()
  await sec.page.getByText(/王建国 记录于/).waitFor()

  // An hour on, the meeting is over: held, attended by half, with minutes.
  await advanceServerClock(3700)
  const admin = await phone(browserOf())
  await loginAs(admin.page, '陈红')
  await admin.page.locator('.park-compliance').first().click()
  const row = admin.page.locator('.compliance-row').filter({ hasText: '星火科技有限公司党支部' })
  await row.getByText('支部党员大会 已完成').waitFor()
  // Last quarter still reads 逾期 there, and the back-filled branch shows its flags.
  await admin.page.locator('.compliance-prev').click()
  await admin.page.locator('.compliance-row').filter({ hasText: '星火科技有限公司党支部' }).getByText('支部党员大会 逾期').waitFor()
  await admin.page.getByText('多数签到是补签').first().waitFor()

  expect([...sec.errors, ...zhang.errors, ...li.errors, ...admin.errors]).toEqual([])
  await Promise.all([sec.context.close(), zhang.context.close(), li.context.close(), admin.context.close()])
})
