import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { WeappRealm } from './support/realm'
import { WEAPP_API_BASE, assertClean, decodeQr, readQrMatrix, startHarness, type Harness } from './support/harness'

/**
 * The moments that matter on a phone, in the WeChat-like runtime against the real server:
 * the secretary's code screen draws a QR that a real decoder reads back, a member scans it and
 * signs in, a geofenced sign-in asks for privacy consent and the location, the member card's QR
 * verifies, and a QR that is not ours says so.
 */
let h: Harness
let branch = ''
const point = { latitude: 31.2989, longitude: 120.5853 }

before(async () => {
  h = await startHarness()
  branch = (await h.api('demo-secretary', 'GET', '/api/v1/me')).body.member.branchId
})
after(() => h?.close())

/** A meeting of 星火 whose sign-in window is open now (it opens 30 minutes before the start). */
async function meeting(title: string, extra: Record<string, unknown> = {}): Promise<string> {
  const start = Date.now() + 10 * 60_000
  const res = await h.api('demo-secretary', 'POST', '/api/v1/meetings', {
    branchId: branch,
    type: 'theme_day',
    title,
    location: '星火科技二号厂房',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 2 * 3600_000).toISOString(),
    open: false,
    ...extra,
  })
  assert.equal(res.status, 201, JSON.stringify(res.body))
  return res.body.id
}

/** The secretary's phone shows the code; the link is read off the drawn QR with jsQR. */
async function codeScreenLink(meetingId: string): Promise<{ link: string; realm: WeappRealm }> {
  const realm = await h.phone('王建国', `/packages/meetings/pages/code/index?id=${meetingId}`)
  const shown = await realm.waitForText(/签到码：[A-Za-z0-9_-]{40}/)
  await realm.settle()
  const link = decodeQr(readQrMatrix(realm))
  assert.ok(link, '签到二维码无法解码')
  assert.equal(link, `${WEAPP_API_BASE}/s/${shown.replace('签到码：', '')}`)
  assertClean(realm, '签到码页面')
  return { link, realm }
}

/** A member on the 组织生活 tab taps 扫码签到 and the camera reads `text`. */
async function scanOnTab(who: string, text: string): Promise<WeappRealm> {
  const member = await h.phone(who, '/pages/meetings/index')
  await member.waitForText('扫码签到')
  member.script.scanCode = () => ({ result: text })
  member.tap('扫码签到')
  return member
}

describe('QR sign-in on a phone', () => {
  test('the code screen draws a QR that decodes to the https sign-in link; a member taps 扫码签到 and sees 签到成功', async () => {
    const id = await meeting('扫码签到测试')
    const { link } = await codeScreenLink(id)

    const member = await scanOnTab('张明', link)
    await member.waitForRoute('packages/meetings/pages/checkin/index')
    await member.waitForText('签到成功')
    await member.waitForText('扫码签到测试')
    assertClean(member, '扫码签到')
    const scan = member.calls.find((c) => c.api === 'scanCode')
    assert.deepEqual((scan?.args as { onlyFromCamera?: boolean }).onlyFromCamera, true)

    const list = await h.api('demo-secretary', 'GET', `/api/v1/meetings/${id}/attendance`)
    assert.ok(JSON.stringify(list.body).includes('张明'), '签到记录里没有张明')
  })

  test("WeChat's own scanner opens the check-in page with q=<the link>: the member is signed in", async () => {
    const id = await meeting('微信扫一扫打开')
    const { link } = await codeScreenLink(id)
    const member = await h.phone('李婷', `/packages/meetings/pages/checkin/index?q=${encodeURIComponent(link)}&scancode_time=1764633600`)
    await member.waitForText('签到成功')
    assertClean(member, '微信扫一扫打开签到页')
  })

  test('signed out, the scanner cold-starts the app on the check-in page: login, then back there and signed in', async () => {
    const id = await meeting('未登录扫码')
    const { link } = await codeScreenLink(id)
    const stranger = await h.phone(undefined, `/packages/meetings/pages/checkin/index?q=${encodeURIComponent(link)}&scancode_time=1764633600`)
    await stranger.waitForRoute('packages/auth/pages/login/index')
    await stranger.waitForText('演示账号')
    stranger.tap('李婷')
    await stranger.waitForRoute('packages/meetings/pages/checkin/index')
    await stranger.waitForText('签到成功')
    const sheet = await h.api('demo-secretary', 'GET', `/api/v1/meetings/${id}/attendance`)
    assert.deepEqual(
      sheet.body.records.map((r: { name: string }) => r.name),
      ['李婷'],
    )
    assertClean(stranger, '未登录扫码签到')
  })

  test('a link printed before (hash route, extra query) still signs in', async () => {
    const id = await meeting('旧二维码')
    const { link } = await codeScreenLink(id)
    const code = link.slice(link.lastIndexOf('/') + 1)
    const member = await scanOnTab('张明', `http://127.0.0.1:3000/#/packages/meetings/pages/checkin/index?code=${code}&from=poster#top`)
    await member.waitForText('签到成功')
    assertClean(member, '旧二维码签到')
  })

  test('a QR that is not ours says so and offers to type the code', async () => {
    const member = await scanOnTab('张明', 'https://weixin.qq.com/r/abc?x=1&y=2#z')
    await member.waitForRoute('packages/meetings/pages/checkin/index')
    await member.waitForText('输入签到码')
    assert.equal(member.modals[0]?.title, '这不是本应用的二维码')
    assertClean(member, '扫到别的二维码')
  })

  test('a damaged link or a member-card link opened on the check-in page says what it is, and the field stays', async () => {
    const damaged = await h.phone('张明', `/packages/meetings/pages/checkin/index?q=${encodeURIComponent('https://redengine.example.com/s/ab cd')}`)
    await damaged.waitForText(/这不是本应用的二维码或签到码/)
    await damaged.waitForText('输入签到码')
    assertClean(damaged, '损坏的签到链接')
    const card = await h.phone('张明', '/packages/meetings/pages/checkin/index')
    await card.waitForText('输入签到码')
    card.type('checkin__input', 'https://redengine.example.com/v/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-xy')
    await card.settle()
    card.tap('签到')
    await card.waitForText(/这是党员证验证码，不是签到码/)
    assertClean(card, '在签到页输入党员证链接')
  })
})

describe('geofenced sign-in and privacy consent', () => {
  test('the location is asked for after the privacy popup is agreed to, and the member is signed in', async () => {
    const id = await meeting('定位签到', { geofence: { lat: point.latitude, lng: point.longitude, radiusM: 200 } })
    const { link } = await codeScreenLink(id)
    const member = await h.phone('张明', `/packages/meetings/pages/checkin/index?q=${encodeURIComponent(link)}`)
    member.script.getLocation = () => ({ latitude: point.latitude + 0.0005, longitude: point.longitude, accuracy: 30 })
    await member.waitForText('用户隐私保护提示')
    await member.waitForText('《红色引擎小程序隐私保护指引》')
    assert.equal(member.calls.filter((c) => c.api === 'getLocation').length, 1)
    member.tap('《红色引擎小程序隐私保护指引》')
    member.tap('同意')
    await member.waitForText('签到成功')
    assertClean(member, '定位签到')
    assert.ok(member.calls.some((c) => c.api === 'openPrivacyContract'), '没有打开隐私保护指引')
  })

  test('a member who declines is told why and can still sign in to another meeting by typing the code', async () => {
    const fenced = await meeting('定位签到（拒绝）', { geofence: { lat: point.latitude, lng: point.longitude, radiusM: 200 } })
    const fencedLink = (await codeScreenLink(fenced)).link
    const member = await h.phone('李婷', `/packages/meetings/pages/checkin/index?q=${encodeURIComponent(fencedLink)}`)
    member.script.getLocation = () => new Error('should not be asked')
    await member.waitForText('用户隐私保护提示')
    member.tap('拒绝')
    await member.waitForText(/没有同意隐私保护指引/)
    assertClean(member, '拒绝隐私授权')

    const plain = await meeting('手输签到码')
    const code = (await codeScreenLink(plain)).link.split('/s/')[1]
    const typing = await h.phone('李婷', '/packages/meetings/pages/checkin/index')
    await typing.waitForText('输入签到码')
    typing.type('checkin__input', code)
    await typing.settle()
    typing.tap('签到')
    await typing.waitForText('签到成功')
    assertClean(typing, '手输签到码')
  })

  test('the secretary picks the place on the map after agreeing; the form is filled', async () => {
    const sec = await h.phone('王建国', '/packages/meetings/pages/create/index')
    await sec.waitForText('在地图上选点')
    sec.script.chooseLocation = () => ({ ...point, name: '星火科技二号厂房', address: '苏州工业园区' })
    sec.tap('在地图上选点')
    await sec.waitForText('用户隐私保护提示')
    sec.tap('同意')
    // The place as a place, with a radius to choose; the coordinates stay out of sight.
    await sec.waitForText('星火科技二号厂房，苏州工业园区')
    await sec.waitForText('200 米以内')
    assert.ok(!sec.texts().some((t) => /31\.29|120\.58/.test(t)), '页面上不出现经纬度')
    assertClean(sec, '地图选点')
  })
})

describe('member card and branch QR', () => {
  test("the member card's QR decodes to the https verify link, which opens 有效 from WeChat's scanner", async () => {
    const card = await h.phone('张明', '/packages/identity/pages/card/index')
    await card.waitForText('作废当前二维码')
    await card.settle()
    const link = decodeQr(readQrMatrix(card))
    assert.ok(link && link.startsWith(`${WEAPP_API_BASE}/v/`), `党员证二维码内容：${link}`)
    assertClean(card, '电子党员证')

    const stranger = await h.phone(undefined, `/packages/identity/pages/verify/index?q=${encodeURIComponent(link)}`)
    await stranger.waitForText('有效')
    await stranger.waitForText('张明')
    assertClean(stranger, '扫码验证党员证')
  })

  test("a branch's QR opens the declaration form with the branch chosen by name", async () => {
    const posts = await h.phone('王建国', `/packages/identity/pages/posts/index?branchId=${branch}`)
    await posts.waitForText('本支部亮身份二维码')
    await posts.settle()
    const link = decodeQr(readQrMatrix(posts))
    assert.equal(link, `${WEAPP_API_BASE}/b/${branch}`)

    const guest = await h.phone('赵强', `/packages/identity/pages/declare/index?q=${encodeURIComponent(link!)}`)
    await guest.waitForText('星火科技有限公司党支部')
    assertClean(guest, '扫支部二维码申报')
  })
})

describe('园区党委 on the phone', () => {
  test('the admin imports the ledger from a chat file after agreeing to the privacy guide; the file goes as its bytes', async () => {
    const ExcelJS = (await import('exceljs')).default
    const { ENTERPRISE_COLUMNS, creditCodeCheckChar } = await import('../../src/domain/park')
    const wb = new ExcelJS.Workbook()
    const ws = wb.addWorksheet('企业')
    ws.addRow(ENTERPRISE_COLUMNS.map((c) => c.header))
    const base = '91320500MA1WX0001'
    ws.addRow(['手机导入科技有限公司', base + creditCodeCheckChar(base), '非公企业', '软件业', '', 12, ''])
    const bytes = Buffer.from(await wb.xlsx.writeBuffer())

    const committee = (await h.api('demo-admin', 'GET', '/api/v1/me')).body.roles[0].orgId
    const admin = await h.phone('陈红', `/packages/park/pages/import/index?orgId=${committee}`)
    await admin.waitForText('选择表格并导入')
    admin.script.chooseMessageFile = () => ({ name: '台账.xlsx', bytes })
    admin.tap('选择表格并导入')
    await admin.waitForText('用户隐私保护提示')
    admin.tap('同意')
    await admin.waitForText('企业：新登记 1 家，更新 0 家，未变 0 家')
    await admin.waitForText('文件：台账.xlsx')
    const ledger = await h.api('demo-admin', 'GET', `/api/v1/park/ledger?orgId=${committee}&q=${encodeURIComponent('手机导入')}`)
    assert.deepEqual(ledger.body.items.map((e: { name: string }) => e.name), ['手机导入科技有限公司'])

    // The same file again: nothing changes.
    admin.tap('选择表格并导入')
    await admin.waitForText('企业：新登记 0 家，更新 0 家，未变 1 家')
    assertClean(admin, '导入台账')
  })

  test("the admin's invitation QR decodes to the https /i/ link; WeChat's scanner opens it and the appointee accepts", async () => {
    const committee = (await h.api('demo-admin', 'GET', '/api/v1/me')).body.roles[0].orgId
    const tree = (await h.api('demo-admin', 'GET', `/api/v1/park/orgs/${committee}/tree`)).body.items as { id: string; name: string }[]
    const chuangye = tree.find((n) => n.name === '创业大厦联合党支部')!.id
    const admin = await h.phone('陈红', `/packages/park/pages/appoint/index?orgId=${committee}&targetId=${chuangye}`)
    await admin.waitForText('发出任命邀请')
    admin.type('field-invitee', '手机任命')
    await admin.settle()
    admin.tap('生成邀请二维码')
    await admin.waitForText('请手机任命用微信扫码接受任命')
    await admin.settle()
    const link = decodeQr(readQrMatrix(admin))
    assert.match(link ?? '', new RegExp(`^${WEAPP_API_BASE}/i/[A-Za-z0-9_-]{40}$`))
    // 复制链接 is a privacy API: the popup first, then the clipboard.
    admin.tap('复制链接')
    await admin.waitForText('用户隐私保护提示')
    admin.tap('同意')
    await admin.settle()
    assertClean(admin, '任命邀请')

    const appointee = await h.phone('openid:weapp-appointee', `/packages/park/pages/accept/index?q=${encodeURIComponent(link!)}`)
    await appointee.waitForText('手机任命，你被任命为')
    appointee.tap('接受任命')
    await appointee.waitForText('你已接受这项任命。')
    const me = await h.api('weapp-appointee', 'GET', '/api/v1/me')
    assert.deepEqual(me.body.roles.map((r: { orgName: string; role: string }) => [r.orgName, r.role]), [['创业大厦联合党支部', 'secretary']])
    assertClean(appointee, '接受任命')
  })
})

describe('三会一课 on the phone', () => {
  const subscribed = (realm: WeappRealm) =>
    realm.calls
      .filter((c) => c.api === 'request' && String((c.args as { url?: string }).url).endsWith('/api/v1/subscriptions'))
      .map((c) => [...((c.args as { data?: { templateIds?: string[] } }).data?.templateIds ?? [])])

  test('the secretary’s 首页 is a 待办 with a badge on its tab; 订阅微信提醒 asks WeChat from the tap and records what was accepted', async () => {
    const sec = await h.phone('王建国', '/pages/home/index')
    await sec.waitForText(/支部党员大会 · \d{4}年第\d季度逾期未完成/)
    const badge = sec.calls.find((c) => c.api === 'setTabBarBadge')
    assert.ok(badge, '首页标签上没有待办数')
    assert.match(String((badge.args as { text?: string }).text), /^\d+$/)
    sec.script.requestSubscribeMessage = ({ tmplIds }) => Object.fromEntries(tmplIds.map((id) => [id, id === 'tpl-deadline' ? 'accept' : 'reject']))
    sec.tap('订阅微信提醒（截止前、开会前）')
    await sec.settle()
    const asked = sec.calls.find((c) => c.api === 'requestSubscribeMessage')
    // Copied out of the realm: its arrays have the realm's own Array prototype.
    assert.deepEqual([...((asked?.args as { tmplIds?: string[] }).tmplIds ?? [])], ['tpl-deadline', 'tpl-start', 'tpl-leave'])
    assert.deepEqual(subscribed(sec), [['tpl-deadline']])
    assert.ok(sec.calls.some((c) => c.api === 'showToast' && (c.args as { title?: string }).title === '已订阅微信提醒'), '没有提示已订阅')
    assertClean(sec, '首页待办与订阅')
  })

  test('发布 from the 待办: the form opens with the type due, the tap asks for reminders, then the meeting is posted', async () => {
    const sec = await h.phone('王建国', `/packages/meetings/pages/create/index?type=branch_assembly&branchId=${branch}`)
    await sec.waitForText('会议主题')
    await sec.settle()
    sec.type('create__location', '三楼会议室')
    await sec.settle()
    sec.script.requestSubscribeMessage = ({ tmplIds }) => Object.fromEntries(tmplIds.map((id) => [id, 'accept']))
    sec.tap('发布')
    await sec.waitForRoute('packages/meetings/pages/detail/index')
    await sec.waitForText('支部党员大会')
    assert.deepEqual(subscribed(sec), [['tpl-deadline', 'tpl-start', 'tpl-leave']])
    assertClean(sec, '发布时订阅')
  })

  test('a member whose camera fails types the 6 digits from the secretary’s screen on the meeting’s page', async () => {
    const id = await meeting('数字签到码测试')
    const member = await h.phone('张明', `/packages/meetings/pages/detail/index?id=${id}`)
    await member.waitForText('输入数字签到码')
    member.tap('输入数字签到码')
    await member.waitForRoute('packages/meetings/pages/checkin/index')
    await member.waitForText('请看书记手机上二维码下方的 6 位数字，每 20 秒更换')
    const pin = (await h.api('demo-secretary', 'GET', `/api/v1/meetings/${id}/checkin-code`)).body.pin as string
    member.type('checkin__input', `${pin.slice(0, 3)} ${pin.slice(3)}`)
    await member.settle()
    member.tap('签到')
    await member.waitForText('签到成功')
    await member.waitForText('数字签到码测试')
    assertClean(member, '数字签到码')
  })
})
