import fs from 'node:fs'
import { BASE, fill, loginAs, phone, sharedBrowser } from './support/browser'
import { chinaDateTime } from '../../src/domain/time'

const browserOf = sharedBrowser()

test('组织生活: the secretary posts and shows the code, a member signs in by typing it, the count and the export follow', async () => {
  const sec = await phone(browserOf())
  await loginAs(sec.page, '王建国')
  await sec.page.locator('.taro-tabbar__tabbar').getByText('组织生活', { exact: true }).click()
  await sec.page.getByText('发布组织生活').click()

  // Starting now (Beijing time), so the sign-in window is open.
  const bj = chinaDateTime(new Date())
  await fill(sec.page, 'create__title', '端到端测试支部党员大会')
  await fill(sec.page, 'create__location', '三楼会议室')
  await fill(sec.page, 'create__date', bj.slice(0, 10))
  await fill(sec.page, 'create__time', bj.slice(11, 16))
  await fill(sec.page, 'create__hours', '1')
  await sec.page.getByText('支部党员大会', { exact: true }).click()
  await sec.page.locator('.create__submit').click()
  await sec.page.locator('.detail__show-code').click()
  await sec.page.getByText('请参会人员扫码签到').waitFor()
  await sec.page.getByText('已签到 0 人').waitFor()
  const shown = (await sec.page.locator('.code-screen__text').innerText()).replace('签到码：', '').trim()
  expect(shown).toMatch(/^[A-Za-z0-9_-]{40}$/)

  const member = await phone(browserOf())
  await loginAs(member.page, '张明')
  await member.page.locator('.taro-tabbar__tabbar').getByText('组织生活', { exact: true }).click()
  await member.page.locator('.meetings__enter').click()
  await fill(member.page, 'checkin__input', shown)
  await member.page.locator('.checkin__submit').click()
  await member.page.locator('.checkin__result').getByText('签到成功').waitFor()

  // The secretary's screen counts it within a few seconds.
  await sec.page.getByText('已签到 1 人').waitFor({ timeout: 15000 })

  // A forged code is refused with the server's words — here in a link of the kind printed when the
  // subpackage was still called `meeting`, which still opens the sign-in page.
  const other = await phone(browserOf())
  await loginAs(other.page, '赵强')
  await other.page.goto(`${BASE()}/#/packages/meeting/pages/checkin/index?code=${shown.slice(0, 39)}${shown[39] === 'A' ? 'B' : 'A'}`)
  await other.page.getByText('这不是有效的签到码，请扫描书记手机上显示的二维码').waitFor()

  // Back to the list and export the sheet.
  await sec.page.getByText('查看签到名单').click()
  await sec.page.getByText('张明').first().waitFor()
  const [download] = await Promise.all([sec.page.waitForEvent('download'), sec.page.getByText('导出签到表').click()])
  const file = await download.path()
  const ExcelJS = (await import('exceljs')).default
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(fs.readFileSync(file!) as unknown as ArrayBuffer)
  const names: string[] = []
  wb.getWorksheet('签到表')!.eachRow((row) => names.push(String(row.getCell(2).value ?? '')))
  expect(names).toContain('张明')

  // 补签 needs a reason typed on the page; the record says 补签.
  await sec.page.locator('.mt-row').filter({ hasText: '李婷' }).locator('.detail__manual').click()
  await sec.page.locator('.detail__ask-ok').click()
  await sec.page.getByText('补签必须填写原因（至少 2 个字）').waitFor()
  await fill(sec.page, 'detail__ask-reason', '在车间值班，会后当面确认')
  await sec.page.locator('.detail__ask-ok').click()
  await sec.page.locator('.mt-row').filter({ hasText: '李婷' }).getByText(/补签 \d\d:\d\d/).waitFor()

  expect([...sec.errors, ...member.errors, ...other.errors]).toEqual([])
  await Promise.all([sec.context.close(), member.context.close(), other.context.close()])
})
