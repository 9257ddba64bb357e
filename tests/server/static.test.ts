import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expectError, startTestApp, type TestApp } from './helpers'

/** `npm start` serves the H5 build from the same origin as the API (STATIC_DIR). */
let t: TestApp
const INLINE = 'document.documentElement.style.fontSize="20px"'
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 're-static-'))

beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><title>红色引擎</title><script>${INLINE}</script><script src="/js/app.1a2b3c4d.js"></script>`)
  fs.mkdirSync(path.join(dir, 'js'))
  fs.writeFileSync(path.join(dir, 'js', 'app.1a2b3c4d.js'), 'console.log(1)')
  t = await startTestApp({ env: { STATIC_DIR: dir } })
})
afterAll(async () => {
  await t.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

test('/ serves index.html, never cached', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/' })
  expect(res.statusCode).toBe(200)
  expect(res.headers['content-type']).toContain('text/html')
  expect(res.body).toContain('红色引擎')
  expect(res.headers['cache-control']).toBe('no-cache')
})

test('hashed bundles are cached for long', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/js/app.1a2b3c4d.js' })
  expect(res.statusCode).toBe(200)
  expect(res.headers['cache-control']).toContain('immutable')
})

test('the API still answers, and unknown API paths are still contract errors', async () => {
  expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200)
  expectError(await t.app.inject({ method: 'GET', url: '/api/v1/unknown' }), 404, 'NOT_FOUND')
  expectError(await t.app.inject({ method: 'GET', url: '/js/missing.js' }), 404, 'NOT_FOUND')
})

test('no escaping the folder', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/..%2f..%2fetc%2fpasswd' })
  expect(res.statusCode).toBeGreaterThanOrEqual(400)
  expect(res.statusCode).toBeLessThan(500)
  expect(res.body).not.toContain('root:')
})

test('security headers on pages and API answers; the CSP allows exactly index.html\'s inline script', async () => {
  const page = await t.app.inject({ method: 'GET', url: '/' })
  const csp = String(page.headers['content-security-policy'])
  const hash = createHash('sha256').update(INLINE).digest('base64')
  expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`)
  expect(csp).toContain("default-src 'self'")
  expect(csp).toContain("frame-ancestors 'none'")
  expect(csp).toContain("object-src 'none'")
  expect(csp).not.toContain('unsafe-eval')
  const api = await t.app.inject({ method: 'GET', url: '/api/health' })
  for (const res of [page, api]) {
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['strict-transport-security']).toContain('max-age=')
  }
})
