import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { expectError, startTestApp, type TestApp } from './helpers'

/** `npm start` serves the H5 build from the same origin as the API (STATIC_DIR). */
let t: TestApp
const INLINE = 'document.documentElement.style.fontSize="20px"'
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 're-static-'))
const BUNDLE = `/* vendors */${'function f(){return "红色引擎"}\n'.repeat(400)}`

beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'index.html'), `<!doctype html><title>红色引擎</title><script>${INLINE}</script><script src="/js/app.1a2b3c4d.js"></script>`)
  fs.mkdirSync(path.join(dir, 'js'))
  fs.writeFileSync(path.join(dir, 'js', 'app.1a2b3c4d.js'), 'console.log(1)')
  // A bundle with the compressed copies the H5 build writes beside it (config/precompress.ts).
  fs.writeFileSync(path.join(dir, 'js', 'vendors.5e6f7a8b.js'), BUNDLE)
  fs.writeFileSync(path.join(dir, 'js', 'vendors.5e6f7a8b.js.br'), zlib.brotliCompressSync(BUNDLE))
  fs.writeFileSync(path.join(dir, 'js', 'vendors.5e6f7a8b.js.gz'), zlib.gzipSync(BUNDLE))
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

describe('compressed answers for weak mobile networks', () => {
  const bundle = (encoding?: string) => t.app.inject({ method: 'GET', url: '/js/vendors.5e6f7a8b.js', headers: encoding ? { 'accept-encoding': encoding } : {} })

  test('bundles go out as the brotli or gzip copy made at build time, as the browser accepts, and stay cacheable', async () => {
    const br = await bundle('gzip, deflate, br')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.rawPayload.length).toBeLessThan(BUNDLE.length / 10)
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(BUNDLE)
    // The very file from the build, not compressed again on the way out.
    expect(br.rawPayload.equals(fs.readFileSync(path.join(dir, 'js', 'vendors.5e6f7a8b.js.br')))).toBe(true)
    expect(br.headers['cache-control']).toContain('immutable')
    const gz = await bundle('gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(BUNDLE)
    const plain = await bundle()
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body).toBe(BUNDLE)
  })

  test('API answers over 1 KB are compressed when the client accepts it; small ones are not', async () => {
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/json', headers: { 'accept-encoding': 'br' } })
    expect(docs.headers['content-encoding']).toBe('br')
    expect(JSON.parse(zlib.brotliDecompressSync(docs.rawPayload).toString()).openapi).toMatch(/^3\./)
    const gz = await t.app.inject({ method: 'GET', url: '/api/docs/json', headers: { 'accept-encoding': 'gzip' } })
    expect(gz.headers['content-encoding']).toBe('gzip')
    const health = await t.app.inject({ method: 'GET', url: '/api/health', headers: { 'accept-encoding': 'br' } })
    expect(health.headers['content-encoding']).toBeUndefined()
    expect(health.json()).toMatchObject({ status: 'ok' })
  })
})
