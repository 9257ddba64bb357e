import { loginAs, phone, sharedBrowser } from './support/browser'

/**
 * Offline, a tab whose code has not been downloaded yet cannot open. The app says so
 * (「网络不给力，点此重试」) instead of ignoring the tap, and the retry works once the network is back.
 */
const browserOf = sharedBrowser()

test('offline, a tab tap says 网络不给力 and the retry opens the tab once back online', async () => {
  const { context, page, errors } = await phone(browserOf())
  await loginAs(page, '张明')
  await context.setOffline(true)
  await page.locator('.taro-tabbar__tabbar').getByText('微党课', { exact: true }).click()
  const retry = page.getByRole('alert').filter({ hasText: '网络不给力，点此重试' })
  await retry.waitFor()
  await retry.click()
  await page.getByText('还没有网络，请检查网络后再点此重试').waitFor()
  await context.setOffline(false)
  await page.getByRole('alert').click()
  await page.getByText('三会一课：每一项多久开一次').waitFor()
  expect(page.url()).toContain('#/pages/lessons/index')
  expect(errors).toEqual([])
  await context.close()
})
