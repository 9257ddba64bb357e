import { BASE, fill, fillMeetingForm, loginAs, phone, sharedBrowser } from './support/browser'
import { creditCodeCheckChar, ENTERPRISE_COLUMNS } from '../../src/domain/park'

const browserOf = sharedBrowser()

test('园区党委: the admin builds a branch, registers its enterprise, appoints its secretary by invitation, then reads its meeting', async () => {
  const admin = await phone(browserOf())
  await loginAs(admin.page, '陈红')
  // 首页 shows her committee with both rates, and the entries
  const card = admin.page.locator('.home__park').filter({ hasText: '示范园区综合党委' })
  await card.getByText(/组织覆盖率 \d+(\.\d)?%/).waitFor()

  // 组织架构 → 新建下级: a 联合 branch
  await card.locator('.park-tree').click()
  const top = admin.page.locator('.park-node').first()
  await top.getByText('示范园区综合党委').waitFor()
  await top.locator('.park-add-child').click()
  await fill(admin.page, 'field-org-name', '滨河新材料联合党支部')
  await admin.page.locator('.kind-joint').click()
  await admin.page.locator('.park-save').click()
  const branch = admin.page.locator('.park-node').filter({ hasText: '滨河新材料联合党支部' })
  await branch.waitFor()

  // 台账 → 登记企业: a wrong check digit is named on the form; the right one registers into the branch
  await admin.page.goBack()
  await card.locator('.park-ledger').click()
  await admin.page.locator('.park-org-rate').waitFor()
  await admin.page.locator('.park-register').click()
  const base = '91320500MA1BH0001'
  const good = base + creditCodeCheckChar(base)
  await fill(admin.page, 'field-ent-name', '滨河新材料有限公司')
  await fill(admin.page, 'field-ent-code', base + (good[17] === '0' ? '1' : '0'))
  await fill(admin.page, 'field-ent-employees', '48')
  await admin.page.getByText('统一社会信用代码的校验位不对，请对照营业执照逐位核对').waitFor()
  await fill(admin.page, 'field-ent-code', good)
  await admin.page.locator('.park-branch').filter({ hasText: '滨河新材料联合党支部' }).click()
  await admin.page.locator('.park-save').click()
  const ent = admin.page.locator('.park-enterprise').filter({ hasText: '滨河新材料有限公司' })
  await ent.getByText('联合或挂靠党组织').waitFor()

  // 任命: from the tree, the branch's 书记 by invitation
  await admin.page.goBack()
  await card.locator('.park-tree').click()
  await admin.page.locator('.park-node').filter({ hasText: '滨河新材料联合党支部' }).locator('.park-appoint').click()
  await admin.page.getByText('发出任命邀请').waitFor()
  await fill(admin.page, 'field-invitee', '林书记')
  await admin.page.locator('.park-invite').click()
  await admin.page.getByText('请林书记用微信扫码接受任命').waitFor()
  const link = (await admin.page.locator('.park-invitation-link').innerText()).trim()
  expect(link).toMatch(new RegExp(`^${BASE()}/i/[A-Za-z0-9_-]{40}$`))
  expect(await admin.page.locator('.park-invitation .qr__dark').count()).toBeGreaterThan(100)

  // Another phone, signed out, opens the link: login, then the offer, then accept
  const lin = await phone(browserOf())
  await lin.page.goto(link)
  await lin.page.getByText('演示账号').waitFor()
  await lin.page.locator('.login__input input, input.login__input').first().fill('e2e-park-lin')
  await lin.page.locator('.login__go').click()
  await lin.page.getByText('滨河新材料联合党支部 书记').waitFor()
  await lin.page.locator('.park-accept').click()
  await lin.page.getByText('你已接受这项任命。').waitFor()

  // The same link in a third account is refused: it is bound to the first
  const other = await phone(browserOf())
  await other.page.goto(link)
  await other.page.locator('.login__input input, input.login__input').first().fill('e2e-park-other')
  await other.page.locator('.login__go').click()
  await other.page.getByText('这份邀请已接受，不能再接受。').waitFor()

  // The new secretary posts the branch's first meeting
  await lin.page.locator('.park-home').click()
  await lin.page.locator('.taro-tabbar__tabbar').getByText('组织生活', { exact: true }).click()
  await lin.page.getByText('发布组织生活', { exact: true }).click()
  await fillMeetingForm(lin.page, { title: '滨河支部第一次党员大会', location: '滨河园区服务中心', startsAt: new Date(Date.now() + 2 * 86_400_000), type: '支部党员大会' })
  await lin.page.locator('.create__submit').click()
  await lin.page.locator('.detail__show-code').waitFor()

  // The admin sees it under 下级组织生活, read-only
  await admin.page.goto(`${BASE()}/`)
  await card.locator('.park-meetings').click()
  const item = admin.page.locator('.park-meeting').filter({ hasText: '滨河支部第一次党员大会' })
  await item.getByText('滨河新材料联合党支部').waitFor()
  await item.click()
  await admin.page.getByText('上级党组织只读查看：由滨河新材料联合党支部书记办理签到、补签和会议记录。').waitFor()
  expect(await admin.page.locator('.detail__show-code').count()).toBe(0)

  expect([...admin.errors, ...lin.errors, ...other.errors]).toEqual([])
  await Promise.all([admin.context.close(), lin.context.close(), other.context.close()])
})

test('导入台账: a file with errors lists each one and writes nothing; the fixed file imports', async () => {
  const ExcelJS = (await import('exceljs')).default
  const sheet = async (codes: string[]) => {
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('企业')
    ws.addRow(ENTERPRISE_COLUMNS.map((c) => c.header))
    codes.forEach((c, i) => ws.addRow([`导入测试企业${i + 1}`, c, '非公企业', '制造业', '', 20, '']))
    return Buffer.from(await wb.xlsx.writeBuffer())
  }
  const base = (n: number) => `91320500MA1DR000${n}`
  const good = (n: number) => base(n) + creditCodeCheckChar(base(n))
  const broken = good(2).slice(0, 17) + (good(2)[17] === '0' ? '1' : '0')

  const admin = await phone(browserOf())
  await loginAs(admin.page, '陈红')
  await admin.page.locator('.home__park').filter({ hasText: '示范园区综合党委' }).locator('.park-ledger').click()
  const total = async () => Number((await admin.page.locator('.park-figure__value').nth(2).innerText()).trim())
  const before = await total()
  await admin.page.locator('.park-import').click()
  await admin.page.getByText('从表格导入台账').waitFor()

  const choose = async (file: Buffer) => {
    const chooser = admin.page.waitForEvent('filechooser')
    await admin.page.locator('.park-pick').click()
    await (await chooser).setFiles({ name: '台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: file })
  }
  await choose(await sheet([good(1), broken, good(1)]))
  const problems = admin.page.locator('.park-import-problems')
  await problems.getByText('表格里有 2 处问题，没有导入任何数据：请按提示改好后重新导入').waitFor()
  await problems.locator('.park-problem').filter({ hasText: '「企业」第 3 行' }).getByText('统一社会信用代码：统一社会信用代码的校验位不对，请对照营业执照逐位核对').waitFor()
  await problems.locator('.park-problem').filter({ hasText: '「企业」第 4 行' }).getByText('统一社会信用代码：与第 2 行的统一社会信用代码重复').waitFor()

  await choose(await sheet([good(1), good(2)]))
  await admin.page.locator('.park-import-done').getByText('企业：新登记 2 家，更新 0 家，未变 0 家').waitFor()

  // Back on the ledger: exactly the two, and the failed attempt added nothing
  await admin.page.goBack()
  await admin.page.locator('.park-enterprise').filter({ hasText: '导入测试企业2' }).waitFor()
  expect(await total()).toBe(before + 2)
  expect(admin.errors).toEqual([])
  await admin.context.close()
})
