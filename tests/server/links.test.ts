import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { appLink, LINKS } from '../../src/domain/links'
import { auth, demoOrgs, expectError, startTestApp, type TestApp } from './helpers'

/**
 * The QR links outside WeChat: /s, /v and /b redirect to the H5 pages, and the admin console's
 * verification file for 「扫普通链接二维码打开小程序」 is served at the root.
 */
let t: TestApp
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 're-links-'))
const verifyFile = path.join(dir, 'Xy12AbCd34.txt')

beforeAll(async () => {
  fs.writeFileSync(verifyFile, '5f3c9a0e1b2d4c6e8a7b9c0d1e2f3a4b')
  t = await startTestApp({ env: { SEED: 'demo', WECHAT_LINK_VERIFY_FILE: verifyFile } })
})
afterAll(async () => {
  await t.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const code = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-xy'

test.each([
  ['checkin', `/s/${code}`, `/#${LINKS.checkin.page}?code=${code}`],
  ['verify', `/v/${code}`, `/#${LINKS.verify.page}?code=${code}`],
  ['declare', '/b/0b6a7c1e-8f57-4c2a-9d1e-3f4a5b6c7d8e', `/#${LINKS.declare.page}?branchId=0b6a7c1e-8f57-4c2a-9d1e-3f4a5b6c7d8e`],
])('a %s link opened in a browser lands on its H5 page', async (_kind, url, location) => {
  const res = await t.app.inject({ method: 'GET', url })
  expect(res.statusCode).toBe(302)
  expect(res.headers.location).toBe(location)
  expect(res.headers['cache-control']).toBe('no-store')
})

test('the links the pages draw are the links the server answers', async () => {
  const link = appLink('https://dj.example.com/', 'checkin', code)
  expect(link).toBe(`https://dj.example.com/s/${code}`)
  const res = await t.app.inject({ method: 'GET', url: new URL(link).pathname })
  expect(res.headers.location).toBe(`/#${LINKS.checkin.page}?code=${code}`)
})

test('a damaged link is a contract error, and a damaged card link reads like any invalid card', async () => {
  expectError(await t.app.inject({ method: 'GET', url: '/s/abc%20def' }), 404, 'NOT_FOUND')
  expectError(await t.app.inject({ method: 'GET', url: '/b/..%2f..' }), 404, 'NOT_FOUND')
  const card = expectError(await t.app.inject({ method: 'GET', url: `/v/${'%3C'.repeat(3)}` }), 404, 'CARD_INVALID')
  expect(card.message).toContain('重新扫描')
})

test('the verification file is served as plain text at the root', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/Xy12AbCd34.txt' })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toContain('text/plain')
  expect(res.body).toBe('5f3c9a0e1b2d4c6e8a7b9c0d1e2f3a4b')
})

test('a branch is readable by id for the declaration form; an unknown id is 404, a malformed one 400', async () => {
  const { xinghuo } = await demoOrgs(t)
  const token = await t.login('demo-guest')
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${xinghuo}`, headers: auth(token) })
  expect(res.statusCode).toBe(200)
  expect(res.json()).toMatchObject({ id: xinghuo, name: '星火科技有限公司党支部', type: 'branch', parentName: '示范园区综合党委' })
  expectError(await t.app.inject({ method: 'GET', url: '/api/v1/orgs/0b6a7c1e-8f57-4c2a-9d1e-3f4a5b6c7d8e', headers: auth(token) }), 404, 'NOT_FOUND')
  expectError(await t.app.inject({ method: 'GET', url: '/api/v1/orgs/nope', headers: auth(token) }), 400, 'VALIDATION_FAILED')
  expectError(await t.app.inject({ method: 'GET', url: `/api/v1/orgs/${xinghuo}` }), 401, 'UNAUTHENTICATED')
})
