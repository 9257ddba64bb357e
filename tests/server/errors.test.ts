import { AppError } from '../../server/src/lib/errors'
import { LogCapture, expectError, startTestApp, type TestApp } from './helpers'

const logs = new LogCapture()
let t: TestApp

beforeAll(async () => {
  t = await startTestApp({
    logger: { level: 'info', stream: logs },
    extend(app) {
      // Declared public: these test the error handler, not access (default-deny would answer 401).
      app.get('/api/test/conflict', { config: { public: true } }, async () => {
        throw new AppError(409, 'SOMETHING_TAKEN', '已经有人用了这个名字，换一个试试')
      })
      app.get('/api/test/crash', { config: { public: true } }, async () => {
        throw new Error('connection string postgres://secret@db leaked?')
      })
    },
  })
})
afterAll(() => t.close())

const devLogin = (payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/dev-login', payload, headers })

describe('one error handler, one error shape', () => {
  test('malformed JSON → 400 INVALID_JSON', async () => {
    expectError(await devLogin('{"openid": "demo-member"'), 400, 'INVALID_JSON')
  })

  test('empty JSON body → 400 INVALID_JSON', async () => {
    expectError(await devLogin(''), 400, 'INVALID_JSON')
  })

  test('unknown route → 404 NOT_FOUND naming the path', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here?x=1' })
    const err = expectError(res, 404, 'NOT_FOUND')
    expect(err.message).toContain('/api/v1/nothing-here')
  })

  test('wrong type → 400 VALIDATION_FAILED with the field', async () => {
    const err = expectError(await devLogin('{"openid": 42}'), 400, 'VALIDATION_FAILED')
    expect(err.fields?.map((f) => f.path)).toEqual(['openid'])
  })

  test('missing field → 400 VALIDATION_FAILED', async () => {
    const err = expectError(await devLogin('{}'), 400, 'VALIDATION_FAILED')
    expect(err.fields?.[0].path).toBe('openid')
  })

  test('unknown field → 400 VALIDATION_FAILED: the field list names it, the message says what to do', async () => {
    const err = expectError(await devLogin('{"openid":"demo-member","isAdmin":true}'), 400, 'VALIDATION_FAILED')
    expect(err.fields).toEqual([{ path: 'isAdmin', message: err.message }])
    expect(err.message).toBe('提交的内容里有多余的项，可能是页面版本太旧，请退出后重新打开再试')
  })

  test('the message names the field as people say it, with no schema path or English word', async () => {
    expect(expectError(await devLogin('{}'), 400, 'VALIDATION_FAILED').message).toBe('请填写账号')
    expect(expectError(await devLogin('{"openid": 42}'), 400, 'VALIDATION_FAILED').message).toBe('账号的格式不对')
    const wechat = await t.app.inject({ method: 'POST', url: '/api/v1/auth/wechat', payload: {} })
    expect(expectError(wechat, 400, 'VALIDATION_FAILED')).toMatchObject({ message: '请填写微信登录凭证', fields: [{ path: 'code', message: '请填写微信登录凭证' }] })
  })

  test('body over 100 KB → 413 BODY_TOO_LARGE', async () => {
    const big = JSON.stringify({ openid: 'a', nickname: 'x'.repeat(101 * 1024) })
    expectError(await devLogin(big), 413, 'BODY_TOO_LARGE')
  })

  test('a body just under the limit reaches validation (and fails there, not on size)', async () => {
    const justUnder = JSON.stringify({ openid: 'a', nickname: 'x'.repeat(99 * 1024) })
    expectError(await devLogin(justUnder), 400, 'VALIDATION_FAILED')
  })

  test('non-JSON content type → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
    expectError(await devLogin('openid=demo-member', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE')
  })

  test('a thrown 4xx keeps its status, code and message', async () => {
    const err = expectError(await t.app.inject({ method: 'GET', url: '/api/test/conflict' }), 409, 'SOMETHING_TAKEN')
    expect(err.message).toBe('已经有人用了这个名字，换一个试试')
  })

  test('an unexpected error → 500 INTERNAL without internals, logged with the request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/test/crash' })
    const err = expectError(res, 500, 'INTERNAL')
    expect(res.body).not.toContain('postgres://')
    expect(res.body).not.toContain('stack')
    const logged = logs.lines.find((l) => l.requestId === err.requestId && l.level === 50)
    expect(logged).toBeDefined()
    expect(JSON.stringify(logged)).toContain('leaked?')
  })

  test('every request is logged with its request id; the Authorization header is not', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer v1.sensitive.token' } })
    expectError(res, 401, 'UNAUTHENTICATED')
    const id = res.headers['x-request-id']
    expect(logs.lines.some((l) => l.requestId === id)).toBe(true)
    expect(logs.raw).not.toContain('v1.sensitive.token')
  })

  test('nothing was written by any of the rejected requests', async () => {
    expect(await t.count('users')).toBe(0)
    expect(await t.count('audit_log')).toBe(0)
  })
})

describe('health and documentation', () => {
  test('GET /api/health reports the database kind', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', db: t.database.kind })
  })

  test('GET /api/docs/json is an OpenAPI document with the contract paths and their schemas', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toMatch(/^3\./)
    for (const p of ['/api/health', '/api/v1/auth/wechat', '/api/v1/auth/dev-login', '/api/v1/me', '/api/v1/orgs']) {
      expect(Object.keys(doc.paths)).toContain(p)
    }
    const body = doc.paths['/api/v1/auth/dev-login'].post.requestBody.content['application/json'].schema
    expect(body.required).toEqual(['openid'])
    expect(doc.paths['/api/v1/me'].get.responses['200']).toBeDefined()
  })
})
