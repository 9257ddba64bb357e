import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { WeappRealm } from './support/realm'
import { assertClean, startHarness, type Harness } from './support/harness'
import { mobileInRegistration } from '../support/fixtures'

/**
 * Every page in app.json, main package and subpackages, opened in the WeChat-like realm as the
 * person who uses it, against the real server: the lifecycles run (onLoad, onShow, onReady),
 * nothing throws or rejects, no wx API outside the base library or app.json's declarations is
 * called, and what setData sent shows the page's own Chinese text with the server's data.
 */
let h: Harness
const ids = {
  meeting: '',
  lesson: '',
  branch: '',
  verifyCode: '',
  transfer: '',
  committee: '',
  invitation: '',
}

before(async () => {
  h = await startHarness()
  ids.meeting = (await h.api('demo-member', 'GET', '/api/v1/meetings?scope=mine')).body.items[0].id
  ids.lesson = (await h.api('demo-member', 'GET', '/api/v1/lessons')).body.items[0].id
  ids.branch = (await h.api('demo-member', 'GET', '/api/v1/me')).body.member.branchId
  ids.verifyCode = (await h.api('demo-member', 'GET', '/api/v1/identity/card')).body.verifyCode
  ids.committee = (await h.api('demo-admin', 'GET', '/api/v1/me')).body.roles[0].orgId
  // An invitation for 创业大厦联合党支部's 副书记, for the accept page to show.
  const tree = (await h.api('demo-admin', 'GET', `/api/v1/park/orgs/${ids.committee}/tree`)).body.items as { id: string; name: string }[]
  const chuangye = tree.find((n) => n.name === '创业大厦联合党支部')!.id
  ids.invitation = (await h.api('demo-admin', 'POST', '/api/v1/park/invitations', { role: 'secretary', orgId: chuangye, title: '副书记', inviteeName: '钱芳' })).body.code
  // A mobile member registered into 星火 (流入登记, accepted): has a 活动证 and a transfer to read.
  const filed = await h.api('weapp-mobile', 'POST', '/api/v1/transfers', mobileInRegistration(ids.branch))
  assert.equal(filed.status, 201, JSON.stringify(filed.body))
  ids.transfer = filed.body.id
  assert.equal((await h.api('demo-secretary', 'POST', `/api/v1/transfers/${ids.transfer}/accept`, {})).status, 200)
})
after(() => h?.close())

type PageCase = { as?: string; query?: () => string; expect: (RegExp | string)[] }

/** Who opens each page, with what, and text that only that page shows with the server's data. */
const PAGES: Record<string, PageCase> = {
  'pages/home/index': { as: '张明', expect: [/(早上|上午|中午|下午|晚上)好，张明/, '星火科技有限公司党支部'] },
  'pages/meetings/index': { as: '张明', expect: ['扫码签到', '输入签到码', '开放式主题党日：走进车间学党史'] },
  'pages/lessons/index': { as: '张明', expect: ['三会一课：每一项多久开一次', '未学'] },
  'pages/me/index': { as: '张明', expect: ['张明', '退出登录'] },
  'packages/auth/pages/login/index': { expect: ['演示账号', '王建国', '其他账号（openid）'] },
  'packages/orgs/pages/search/index': { as: '张明', expect: ['示范园区综合党委'] },
  'packages/meetings/pages/detail/index': { as: '张明', query: () => `id=${ids.meeting}`, expect: ['开放式主题党日：走进车间学党史', '我的状态：未签到', '请假'] },
  'packages/meetings/pages/code/index': { as: '王建国', query: () => `id=${ids.meeting}`, expect: [/签到码：[A-Za-z0-9_-]{40}/, '已签到 0 人'] },
  'packages/meetings/pages/checkin/index': { as: '张明', expect: ['输入签到码', '签到'] },
  'packages/meetings/pages/create/index': { as: '王建国', expect: ['主题党日', '发布'] },
  'packages/identity/pages/declare/index': { as: '赵强', expect: ['所在党支部', '提交申报'] },
  'packages/identity/pages/declarations/index': { as: '赵强', expect: ['还没有'] },
  'packages/identity/pages/review/index': { as: '王建国', expect: ['没有待审核'] },
  'packages/identity/pages/card/index': { as: '张明', expect: ['张明', '星火科技有限公司党支部', '作废当前二维码'] },
  'packages/identity/pages/verify/index': { query: () => `code=${ids.verifyCode}`, expect: ['有效', '张明'] },
  'packages/identity/pages/wall/index': { as: '张明', query: () => `branchId=${ids.branch}`, expect: ['张明', '王建国'] },
  'packages/identity/pages/posts/index': { as: '王建国', query: () => `branchId=${ids.branch}`, expect: ['本支部亮身份二维码', '李婷'] },
  'packages/lessons/pages/detail/index': { as: '张明', query: () => `id=${ids.lesson}`, expect: [/学习|学到|未开始/] },
  'packages/lessons/pages/manage/index': { as: '陈红', expect: ['已发布'] },
  'packages/lessons/pages/edit/index': { as: '陈红', expect: ['标题', '保存'] },
  'packages/transfers/pages/apply/index': { as: '张明', expect: ['转入', '转出', '流入登记', '流出登记'] },
  'packages/transfers/pages/list/index': { as: 'openid:weapp-mobile', expect: ['流入登记', '已接收'] },
  'packages/transfers/pages/detail/index': { as: 'openid:weapp-mobile', query: () => `id=${ids.transfer}`, expect: ['安徽省阜阳市某村党支部', '已接收'] },
  'packages/transfers/pages/review/index': { as: '王建国', expect: ['待审核'] },
  'packages/transfers/pages/followup/index': { as: '王建国', expect: ['失联'] },
  'packages/transfers/pages/card/index': { as: 'openid:weapp-mobile', expect: ['流动党员活动证', '钱多', '安徽省阜阳市某村党支部'] },
  'packages/park/pages/tree/index': { as: '陈红', query: () => `orgId=${ids.committee}`, expect: ['示范园区综合党委', '创新港片区党委', '新建下级'] },
  'packages/park/pages/org/index': { as: '陈红', query: () => `parentId=${ids.committee}`, expect: ['在「示范园区综合党委」下新建', '联合党支部'] },
  'packages/park/pages/ledger/index': { as: '陈红', query: () => `orgId=${ids.committee}`, expect: ['62.5%', '87.5%', '恒远物流有限公司'] },
  'packages/park/pages/enterprise/index': { as: '陈红', query: () => `orgId=${ids.committee}`, expect: ['统一社会信用代码', '星火科技有限公司党支部（独立党支部）'] },
  'packages/park/pages/appoint/index': { as: '陈红', query: () => `orgId=${ids.committee}`, expect: ['发出任命邀请', '钱芳'] },
  // Opened as WeChat's scanner opens it: the whole link in `q`.
  'packages/park/pages/accept/index': { as: '张明', query: () => `q=${encodeURIComponent(`https://redengine.example.com/i/${ids.invitation}`)}`, expect: ['钱芳，你被任命为', '接受任命'] },
  'packages/park/pages/meetings/index': { as: '陈红', expect: ['开放式主题党日：走进车间学党史', '星火科技有限公司党支部'] },
  'packages/park/pages/records/index': { as: '陈红', expect: ['亮身份申报', '组织关系接转', '只读查看'] },
  'packages/compliance/pages/committee/index': { as: '陈红', query: () => `orgId=${ids.committee}`, expect: ['示范园区综合党委 · 三会一课', '星火科技有限公司党支部', '导出 Excel（每期一张表，含逾期事项、疑似补记）'] },
  'packages/compliance/pages/branch/index': { as: '王建国', query: () => `branchId=${ids.branch}`, expect: ['星火科技有限公司党支部', '主题党日 · 每月 1 次', '支部党员大会 · 每季度 1 次'] },
  'packages/park/pages/import/index': { as: '陈红', query: () => `orgId=${ids.committee}`, expect: ['从表格导入台账', '选择表格并导入'] },
}

describe('every page of app.json opens in the WeChat-like runtime', () => {
  test('the table covers every page of app.json, and nothing else', async () => {
    const realm = await h.phone()
    assert.deepEqual(Object.keys(PAGES).sort(), realm.allPages().sort())
  })

  for (const [route, c] of Object.entries(PAGES)) {
    test(`${route}（${c.as ?? '未登录'}）`, async () => {
      const url = `/${route}${c.query ? `?${c.query()}` : ''}`
      const realm: WeappRealm = await h.phone(c.as, url)
      await realm.waitForRoute(route)
      for (const want of c.expect) await realm.waitForText(want)
      await realm.settle()
      assert.equal(realm.page.route, route, '页面被带到了别处')
      const text = realm.text()
      assert.match(text, /[\u4e00-\u9fa5]/)
      assert.doesNotMatch(text, /出了点问题|服务器返回了意外的结果|网络连接失败/, `页面显示了错误：\n${text.slice(0, 800)}`)
      assert.deepEqual((realm.page.lifecycleLog as string[]).slice(0, 3), ['onLoad', 'onShow', 'onReady'])
      assert.ok((realm.page.setDataLog as unknown[]).length > 0, '页面没有 setData')
      assertClean(realm, route)
    })
  }
})
