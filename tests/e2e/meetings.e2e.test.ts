import fs from 'node:fs'
import { BASE, fill, fillMeetingForm, loginAs, phone, sharedBrowser } from './support/browser'

const browserOf = sharedBrowser()

test('组织生活: the secretary posts and shows the code, a member signs in by typing it, the count and the export follow', async () => {
  const sec = await phone(browserOf())
  await loginAs(sec.page, '王建国')
  await sec.page.locator('.taro-tabbar__tabbar').getByText('组织生活', { exact: true }).click()
  await sec.page.getByText('发布组织生活', { exact: true }).click()

  // Starting now, so the sign-in window is open.
  await fillMeetingForm(sec.page, { title: '端到端测试支部党员大会', location: '三楼会议室', startsAt: new Date(), type: '支部党员大会' })
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
  // A printed link opens in a new tab (the app starts there), not as a hash change inside the running app.
  const scanned = await other.context.newPage()
  await scanned.goto(`${BASE()}/#/packages/meeting/pages/checkin/index?code=${shown.slice(0, 39)}${shown[39] === 'A' ? 'B' : 'A'}`)
  await scanned.getByText('这不是有效的签到码，请扫描书记手机上显示的二维码').waitFor()

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

test('来宾签到: at an open session someone from outside the branch opens the sign-in link, signs in as a guest with name and company, and the secretary sees them', async () => {
  const sec = await phone(browserOf())
  await loginAs(sec.page, '王建国')
  await sec.page.locator('.taro-tabbar__tabbar').getByText('组织生活', { exact: true }).click()
  await sec.page.getByText('发布组织生活', { exact: true }).click()
  await fillMeetingForm(sec.page, { title: '端到端测试开放式主题党日', location: '一楼展厅', startsAt: new Date() })
  await sec.page.locator('.mt-row').filter({ hasText: '开放式（群众、其他支部党员可签到）' }).locator('input[type="checkbox"]').check()
  await sec.page.locator('.create__submit').click()
  await sec.page.getByText('主题党日 · 开放式（欢迎群众和其他支部党员参加）').waitFor()
  await sec.page.locator('.detail__show-code').click()
  await sec.page.getByText('已签到 0 人').waitFor()
  const code = (await sec.page.locator('.code-screen__text').innerText()).replace('签到码：', '').trim()

  // 赵强 belongs to no branch: the sign-in link (what the QR code holds) opens the sign-in page,
  // the server says he may sign in as a guest, and the page offers exactly that.
  const guest = await phone(browserOf())
  await loginAs(guest.page, '赵强')
  await guest.page.goto(`${BASE()}/s/${code}`)
  await guest.page.getByText('以来宾身份签到', { exact: true }).waitFor()
  await guest.page.getByText('你不是本支部党员。这是开放式组织生活，请选择「以来宾身份签到」并填写姓名和单位').waitFor()
  await fill(guest.page, 'checkin__guest-name', '赵强')
  await fill(guest.page, 'checkin__guest-company', '云帆网络科技有限公司')
  await guest.page.locator('.checkin__guest-submit').click()
  await guest.page.locator('.checkin__result').getByText('签到成功').waitFor()
  await guest.page.getByText(/^签到时间 \d\d:\d\d（来宾）$/).waitFor()
  await guest.page.getByText('端到端测试开放式主题党日').waitFor()

  // The secretary's code screen counts the guest; the list names them with their company.
  await sec.page.getByText('已签到 1 人').waitFor({ timeout: 15000 })
  await sec.page.getByText('查看签到名单').click()
  await sec.page.getByText('赵强（来宾 · 云帆网络科技有限公司）').waitFor()
  const guests = sec.page.locator('.mt-counts > *').filter({ hasText: '来宾' })
  await expect(guests.locator('.mt-count').innerText()).resolves.toBe('1')

  expect([...sec.errors, ...guest.errors]).toEqual([])
  await Promise.all([sec.context.close(), guest.context.close()])
})

test('a member who scans the sign-in link while logged out logs in and lands signed in, not on 首页', async () => {
  // The secretary's side through the API: a meeting starting now and its current code.
  const call = async (path: string, token?: string, body?: unknown) => {
    const res = await fetch(`${BASE()}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    })
    return res.json()
  }
  const sec = (await call('/api/v1/auth/dev-login', undefined, { openid: 'demo-secretary' })).token as string
  const branchId = (await call('/api/v1/me', sec)).member.branchId as string
  const now = Date.now()
  const meeting = await call('/api/v1/meetings', sec, { branchId, type: 'committee', title: '端到端测试扫码后登录', location: '会议室', startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3600_000).toISOString(), open: false })
  const { code } = await call(`/api/v1/meetings/${meeting.id}/checkin-code`, sec)
  expect(code).toEqual(expect.any(String))

  const member = await phone(browserOf())
  await member.page.goto(`${BASE()}/s/${code}`)
  await member.page.getByText('演示账号').waitFor()
  await member.page.getByText('张明', { exact: true }).click()
  await member.page.locator('.checkin__result').getByText('签到成功').waitFor()
  await member.page.getByText('端到端测试扫码后登录').waitFor()
  expect((await call(`/api/v1/meetings/${meeting.id}/attendance`, sec)).checkedIn).toBe(1)
  expect(member.errors).toEqual([])
  await member.context.close()
})
