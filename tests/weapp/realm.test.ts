import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, describe, test } from 'node:test'
import { WeappRealm } from './support/realm'

/**
 * The runtime's own checks, on a tiny hand-written package: each rule the page tests rely on
 * does report a breach, so a clean page run means something.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 're-realm-'))
after(() => fs.rmSync(dir, { recursive: true, force: true }))

function pkg(appJson: Record<string, unknown>, page: string) {
  fs.writeFileSync(path.join(dir, 'app.json'), JSON.stringify({ pages: ['pages/a/index'], ...appJson }))
  fs.writeFileSync(path.join(dir, 'app.js'), 'App({ onLaunch() { getApp().launched = true } })')
  fs.writeFileSync(path.join(dir, 'base.wxml'), '')
  fs.mkdirSync(path.join(dir, 'pages/a'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'pages/a/index.js'), `Page({ data: {}, onLoad(q) { ${page} } })`)
}

async function run(appJson: Record<string, unknown>, page: string): Promise<WeappRealm> {
  pkg(appJson, page)
  const realm = new WeappRealm({ dir, apiBase: 'https://api.example.com', server: 'http://127.0.0.1:9' })
  await realm.launch()
  await new Promise((r) => setTimeout(r, 30))
  realm.close()
  return realm
}

describe('the WeChat-like realm reports what a phone would refuse', () => {
  test('browser globals are missing: TextEncoder, URL, atob, fetch, window, document, localStorage', async () => {
    for (const name of ['TextEncoder', 'TextDecoder', 'URL', 'URLSearchParams', 'atob', 'btoa', 'fetch', 'XMLHttpRequest', 'Blob', 'FormData', 'window', 'document', 'localStorage']) {
      const realm = await run({}, `this.setData({ t: typeof ${name} })`)
      assert.equal(realm.stack[0].data.t, 'undefined', name)
    }
    const realm = await run({}, 'new TextEncoder().encode("x")')
    assert.match(realm.errors.join('\n'), /ReferenceError: TextEncoder is not defined/)
  })

  test('no code from strings (mini-programs refuse eval and new Function)', async () => {
    const realm = await run({}, 'new Function("return 1")()')
    assert.match(realm.errors.join('\n'), /Code generation from strings disallowed/)
  })

  test('an API the base library lacks is reported even when the app catches the failure', async () => {
    const realm = await run({}, 'try { wx.notAnApi() } catch (e) {}')
    assert.deepEqual(realm.violations, ['调用了基础库没有的 wx.notAnApi'])
  })

  test('a location API not in requiredPrivateInfos fails as on WeChat, and is reported', async () => {
    const realm = await run({}, 'wx.onNeedPrivacyAuthorization(() => {}); wx.getLocation({ fail: (e) => this.setData({ err: e.errMsg }) })')
    await new Promise((r) => setTimeout(r, 10))
    assert.match(realm.violations.join('\n'), /getLocation 未在 app.json 的 requiredPrivateInfos 中声明/)
  })

  test('a privacy API with no privacy handler is reported; requests outside the https base are refused', async () => {
    const realm = await run(
      { requiredPrivateInfos: ['getLocation'], permission: { 'scope.userLocation': { desc: '签到' } } },
      'wx.setClipboardData({ data: "x" }); wx.request({ url: "http://127.0.0.1:3000/api/health" })',
    )
    assert.deepEqual(realm.violations, [
      'setClipboardData 是隐私接口，但小程序没有用 wx.onNeedPrivacyAuthorization 处理隐私授权',
      '网络请求不是 https：http://127.0.0.1:3000/api/health',
    ])
  })

  test('showModal buttons over 4 characters are refused, as the base library does', async () => {
    const realm = await run({}, 'wx.showModal({ title: "x", confirmText: "输入签到码" })')
    assert.deepEqual(realm.violations, ['showModal 的 confirmText「输入签到码」超过 4 个字'])
  })
})
