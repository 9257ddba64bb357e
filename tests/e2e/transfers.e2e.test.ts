import type { Page } from 'playwright-core'
import { BASE, fill, loginAs, loginWithOpenid, phone, sharedBrowser } from './support/browser'

const browserOf = sharedBrowser()

/** On the request form: the home organization typed (outside the system), 星火 searched and picked. */
async function fromOutsideTo星火(page: Page, home: string) {
  await page.locator('.org-from__mode-type').click()
  await fill(page, 'org-from__typed', home)
  await page.locator('.org-from__use').click()
  await fill(page, 'org-to__search', '星火')
  await page.locator('.org-to__option').getByText('星火科技有限公司党支部').click()
}

test('转入: a new user files to 星火, the secretary accepts and completes, 我的 shows 星火 and a member card', async () => {
  const newcomer = await phone(browserOf())
  await loginWithOpenid(newcomer.page, 'e2e-transfer-in')
  await newcomer.page.getByText('组织关系转接 / 流动登记').click()
  await newcomer.page.getByText('还没有申请', { exact: false }).waitFor()
  await newcomer.page.locator('.transfers__new').click()
  await newcomer.page.locator('.kind-transfer_in').click()

  await fromOutsideTo星火(newcomer.page, '河南省周口市某镇党委')
  await fill(newcomer.page, 'field-realName', '孙转')
  await fill(newcomer.page, 'field-joinedAt', '2018-06-30')
  await fill(newcomer.page, 'field-reason', '入职星火科技')
  await fill(newcomer.page, 'field-contactPhone', '12345')
  await newcomer.page.locator('.apply__submit').click()
  await newcomer.page.getByText('请填写 11 位手机号').waitFor() // caught on the phone, nothing sent
  await fill(newcomer.page, 'field-contactPhone', '13812345678')
  await fill(newcomer.page, 'field-letterNo', '豫组转〔2026〕118号')
  await newcomer.page.locator('.apply__submit').click()
  await newcomer.page.locator('.transfer-status').getByText('待审核').waitFor()
  await newcomer.page.getByText('等待接收支部书记审核', { exact: false }).waitFor()

  // The secretary: the count on 首页, the queue, accept, complete.
  const secretary = await phone(browserOf())
  await loginAs(secretary.page, '王建国')
  await secretary.page.getByText('待审核 1 件', { exact: false }).waitFor()
  await secretary.page.getByText('组织关系接转审核').click()
  await secretary.page.locator('.transfer-review__item').filter({ hasText: '孙转' }).click()
  await secretary.page.locator('.transfer-accept').click()
  await fill(secretary.page, 'transfer-reason', '请本周内交纸质介绍信')
  await secretary.page.locator('.transfer-confirm').click()
  await secretary.page.locator('.transfer-status').getByText('已接收').waitFor()
  await secretary.page.locator('.transfer-complete').click()
  await secretary.page.locator('.transfer-confirm').click()
  await secretary.page.locator('.transfer-status').getByText('已完成').waitFor()
  await secretary.page.getByText('请本周内交纸质介绍信').waitFor() // in the timeline

  // The newcomer's 我的 and card.
  await newcomer.page.goto(`${BASE()}/#/pages/me/index`)
  await newcomer.page.locator('.me__branch').getByText('星火科技有限公司党支部').waitFor()
  await newcomer.page.locator('.me__card').click()
  await newcomer.page.locator('.member-card__branch').getByText('星火科技有限公司党支部').waitFor()

  expect([...newcomer.errors, ...secretary.errors]).toEqual([])
  await Promise.all([newcomer.context.close(), secretary.context.close()])
})

test('流入登记: accepted, the worker holds a 流动党员活动证', async () => {
  const worker = await phone(browserOf())
  await loginWithOpenid(worker.page, 'e2e-mobile-in')
  await worker.page.goto(`${BASE()}/#/packages/transfers/pages/card/index`)
  await worker.page.getByText('你还没有流动党员活动证', { exact: false }).waitFor()
  await worker.page.getByText('办理流入登记').click()
  await worker.page.locator('.kind-mobile_in.kinds__item--on').waitFor()
  await fromOutsideTo星火(worker.page, '安徽省阜阳市某村党支部')
  await fill(worker.page, 'field-realName', '钱流')
  await fill(worker.page, 'field-reason', '在园区做季节工')
  await fill(worker.page, 'field-contactPhone', '13812340000')
  await worker.page.locator('.apply__submit').click()
  await worker.page.locator('.transfer-status').getByText('待审核').waitFor()
  const url = worker.page.url()

  const secretary = await phone(browserOf())
  await loginAs(secretary.page, '王建国')
  await secretary.page.goto(url)
  await secretary.page.locator('.transfer-accept').click()
  await secretary.page.locator('.transfer-confirm').click()
  await secretary.page.locator('.transfer-status').getByText('已接收').waitFor()

  await worker.page.goto(`${BASE()}/#/packages/transfers/pages/card/index`)
  await worker.page.locator('.mobile-card__title').waitFor()
  await worker.page.locator('.mobile-card__holder').getByText('钱流', { exact: false }).waitFor()
  await worker.page.locator('.mobile-card__branch').getByText('星火科技有限公司党支部', { exact: false }).waitFor()
  await worker.page.getByText('不参加流入地的表决、选举', { exact: false }).waitFor()

  expect([...worker.errors, ...secretary.errors]).toEqual([])
  await Promise.all([worker.context.close(), secretary.context.close()])
})
