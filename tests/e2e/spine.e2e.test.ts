import type { Page } from 'playwright-core'
import { loginAs, phone, sharedBrowser } from './support/browser'

const browserOf = sharedBrowser()

async function openMe(page: Page) {
  await page.locator('.taro-tabbar__tabbar').getByText('我的', { exact: true }).click()
  await page.locator('.me__name').waitFor()
}

test('a member logs in and sees name, branch and member type on 我的', async () => {
  const { context, page, errors } = await phone(browserOf())
  await loginAs(page, '张明')
  await expect(page.getByText('星火科技有限公司党支部').first().isVisible()).resolves.toBe(true)
  await openMe(page)
  const me = page.locator('.me')
  await expect(me.locator('.me__name').innerText()).resolves.toBe('张明')
  await expect(me.getByText('星火科技有限公司党支部').first().isVisible()).resolves.toBe(true)
  await expect(me.getByText('正式党员').isVisible()).resolves.toBe(true)
  expect(errors).toEqual([])
  await context.close()
})

test('a secretary logs in and sees the secretary role', async () => {
  const { context, page, errors } = await phone(browserOf())
  await loginAs(page, '王建国')
  await openMe(page)
  await expect(page.locator('.me').getByText('支部书记').first().isVisible()).resolves.toBe(true)
  expect(errors).toEqual([])
  await context.close()
})

test('an error from the server is shown as a message, not a blank page', async () => {
  const { context, page } = await phone(browserOf())
  await loginAs(page, '赵强')
  // A session the server no longer accepts (signed with another key): every API call answers 401.
  await page.evaluate(() => {
    const key = 'red-engine/session'
    const stored = JSON.parse(localStorage.getItem(key) || '{}')
    const data = JSON.parse(stored.data ?? 'null') ?? stored
    const session = data.state ? data : { state: data }
    session.state.token = 'v1.eyJzdWIiOiJ4In0.forged-signature'
    localStorage.setItem(key, stored.data !== undefined ? JSON.stringify({ ...stored, data: JSON.stringify(session) }) : JSON.stringify(session))
  })
  await page.reload()
  // Sent back to login, told why in the server's words.
  await page.getByText('登录凭证无效，请重新登录').waitFor()
  await expect(page.getByText('演示账号').isVisible()).resolves.toBe(true)
  await context.close()
})

test('the org search page finds a branch by name', async () => {
  const { context, page } = await phone(browserOf())
  await loginAs(page, '陈红')
  await page.getByText('组织查询').first().click()
  await page.locator('input').first().fill('联合')
  await page.getByText('创业大厦联合党支部').waitFor()
  await context.close()
})
