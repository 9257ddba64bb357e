import { BASE, fill, loginWithOpenid, phone, sharedBrowser } from './support/browser'

const browserOf = sharedBrowser()

test('亮身份: a newcomer declares, the secretary approves, the card verifies publicly', async () => {
  const newcomer = await phone(browserOf())
  await loginWithOpenid(newcomer.page, 'e2e-newcomer')
  await newcomer.page.getByText('亮身份', { exact: true }).click()
  await newcomer.page.getByText('亮出党员身份').waitFor()

  // A bad phone number is caught on the form, before anything is sent.
  await fill(newcomer.page, 'field-realName', '周新')
  await fill(newcomer.page, 'field-phone', '12345')
  await fill(newcomer.page, 'field-joinedAt', '2016-07-01')
  await fill(newcomer.page, 'field-branch', '星火')
  await newcomer.page.locator('.pick').getByText('星火科技有限公司党支部').click()
  await newcomer.page.getByText('提交申报').click()
  await newcomer.page.getByText('请填写 11 位手机号').waitFor()

  await fill(newcomer.page, 'field-phone', '13612345678')
  await fill(newcomer.page, 'field-pledge', '爱岗敬业，亮身份做表率')
  await newcomer.page.getByText('提交申报').click()
  await newcomer.page.locator('.status--pending').getByText('待审核').waitFor()

  // The secretary, on another phone, approves.
  const secretary = await phone(browserOf())
  await secretary.page.goto(`${BASE()}/`)
  await secretary.page.getByText('演示账号').waitFor()
  await secretary.page.getByText('王建国', { exact: true }).click()
  await secretary.page.getByText('审核亮身份申报').click()
  const item = secretary.page.locator('.review__item').filter({ hasText: '周新' })
  await item.waitFor()
  await expect(item.getByText('136****5678').count()).resolves.toBe(0) // the reviewer sees the full number…
  await expect(item.getByText('13612345678').isVisible()).resolves.toBe(true)
  await item.locator('.review__approve').click()
  await secretary.page.getByText('没有待审核的亮身份申报').waitFor()

  // The newcomer's card.
  await newcomer.page.goto(`${BASE()}/#/packages/identity/pages/card/index`)
  await newcomer.page.locator('.member-card__branch').getByText('星火科技有限公司党支部').waitFor()
  await expect(newcomer.page.getByText('爱岗敬业，亮身份做表率').first().isVisible()).resolves.toBe(true)
  const link = await newcomer.page.locator('.qr').getAttribute('data-qr-value')
  // A path link (a 「扫普通链接」 rule can match it); in a browser the server sends it to the H5 page.
  expect(link).toBe(`${BASE()}/v/${link!.split('/v/')[1]}`)
  expect(link).toMatch(/\/v\/[A-Za-z0-9_-]{40}$/)
  expect(link).not.toContain('13612345678')
  expect(await newcomer.page.locator('.qr__dark').count()).toBeGreaterThan(100)

  // Anyone, not logged in, opens the link.
  const stranger = await phone(browserOf())
  await stranger.page.goto(link!)
  await stranger.page.getByText('有效', { exact: true }).waitFor()
  await expect(stranger.page.locator('.verify__name').innerText()).resolves.toBe('周新')
  await expect(stranger.page.getByText('星火科技有限公司党支部').isVisible()).resolves.toBe(true)

  // A flipped character reads 无效.
  const code = link!.split('/v/')[1]
  const flipped = code.slice(0, 5) + (code[5] === 'A' ? 'B' : 'A') + code.slice(6)
  await stranger.page.goto(link!.replace(code, flipped))
  await stranger.page.getByText('无效', { exact: true }).waitFor()

  expect([...newcomer.errors, ...secretary.errors, ...stranger.errors]).toEqual([])
  await Promise.all([newcomer.context.close(), secretary.context.close(), stranger.context.close()])
})
