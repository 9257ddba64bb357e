import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { rowsOf } from '../../server/src/db/client'
import { wechatCodeInvalid } from '../../server/src/modules/auth/wechat'
import { DB_KIND, auth, startTestApp, tokenBook, type TestApp } from './helpers'

/**
 * Property-based fuzzing of every operation in the OpenAPI document (fast-check). Bodies, query
 * strings and path parameters are generated from each operation's own schemas: plausible values
 * (real ids, enums, lengths at and past the bounds) mixed with hostile ones (wrong types, control
 * characters, lone surrogates, huge values, extra keys, injection strings). For every answer:
 * never 500 or above; every 4xx in the contract's error shape; and no row changed by a 4xx.
 *
 * Bounded for `npm test`: FUZZ_RUNS cases per operation (default 10 on PGlite, about 600 requests,
 * for a quick local run; 30 on PostgreSQL, about 1,800, as CI runs it),
 * a fixed seed unless FUZZ_SEED is given (a failure prints the seed and the shrunk request).
 */
type Schema = {
  type?: string | string[]
  enum?: unknown[]
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  anyOf?: Schema[]
  oneOf?: Schema[]
  default?: unknown
  pattern?: string
}
type Operation = {
  parameters?: { in: 'path' | 'query'; name: string; required?: boolean; schema: Schema }[]
  requestBody?: { content?: Record<string, { schema: Schema }> }
}

const RUNS = Number(process.env.FUZZ_RUNS || (DB_KIND === 'postgres' ? 30 : 10))
const SEED = Number(process.env.FUZZ_SEED || 20261202)

let t: TestApp
const book = tokenBook(() => t)
const ids: string[] = []
const figures = { requests: 0, server5xx: 0, status4xx: 0, writesOn4xx: 0, fullCompares: 0 }

beforeAll(async () => {
  // WeChat's own server is the one thing stood in for: it knows one code, like a real code2session.
  const wechat = { code2session: async (code: string) => (code === 'fuzz-good-code' ? { openid: 'wx-fuzz', unionid: null } : Promise.reject(wechatCodeInvalid())) }
  t = await startTestApp({ env: { SEED: 'demo' }, wechat })
  await book.login('demo-secretary', 'demo-member', 'demo-admin')
  // Real ids, so that generated requests reach the services, not only the validators.
  for (const table of ['organizations', 'meetings', 'members', 'lessons', 'declarations', 'transfers', 'member_posts']) {
    for (const r of rowsOf<{ id: string }>(await t.database.db.execute(sql.raw(`SELECT id::text AS id FROM ${table} LIMIT 5`)))) ids.push(r.id)
  }
})
afterAll(async () => {
  console.log(`fuzz（${DB_KIND}，种子 ${SEED}）：${figures.requests} 个请求，5xx ${figures.server5xx} 个，4xx ${figures.status4xx} 个，4xx 改动了数据 ${figures.writesOn4xx} 次；${figures.fullCompares} 个 4xx 之后预写日志有变动，逐表比对过`)
  await t?.close()
})

let fingerprintSql: string | null = null
/**
 * Every table's content, minus the columns a read legitimately touches (last_seen_at) and the
 * 数字签到码 try counter, which a wrong code must raise (it caps guessing; like a rate limit).
 */
async function fingerprint(): Promise<string> {
  if (!fingerprintSql) {
    const tables = rowsOf<{ t: string }>(await t.database.db.execute(sql`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`))
      .map((r) => r.t)
      .filter((name) => name !== 'checkin_pin_attempts')
    fingerprintSql = tables
      .map((name) =>
        name === 'users'
          ? `SELECT '${name}' AS t, md5(coalesce(string_agg(id::text || openid || nickname || token_version::text, '|' ORDER BY id), '')) AS h FROM users`
          : `SELECT '${name}' AS t, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${name}" x`,
      )
      .join(' UNION ALL ')
  }
  return rowsOf<{ t: string; h: string }>(await t.database.db.execute(sql.raw(fingerprintSql)))
    .map((r) => `${r.t}:${r.h}`)
    .join(',')
}

/** Where the write-ahead log stands: every change to a (logged) table moves it, so an unmoved log means no row changed. */
async function walPosition(): Promise<string> {
  return rowsOf<{ lsn: string }>(await t.database.db.execute(sql`SELECT pg_current_wal_insert_lsn()::text AS lsn`))[0].lsn
}

const HOSTILE_STRINGS = ['', '\u0000', 'a\u0000b', '\uD800', '\u202E\u0007', 'x'.repeat(5000), '<script>alert(1)</script>', "'; DROP TABLE users;--", '../../etc/passwd', '%00', '😀'.repeat(50), '  ', '0', '-1', '1e309', 'null', 'true', '{}', '[]']
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER, [], {}, ...HOSTILE_STRINGS),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
)

const textUnit = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\u0007', '\u001b', '\uD800', '\uDC00', '\n', '\t', '\r', '\u2028', '\u202E', '\u007F', '\u0085') },
  { weight: 8, arbitrary: fc.constantFrom(...'张明星火科技党支部会议室先锋岗abcXYZ0189 -_.@'.split('')) },
)

function plausible(s: Schema, depth: number): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum)
  const variants = s.anyOf ?? s.oneOf
  if (variants) return fc.oneof(...variants.map((v) => value(v, depth)))
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type
  switch (type) {
    case 'string':
      if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...ids), fc.uuid())
      if (s.format === 'date-time') return fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString())
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length <= (s.maxLength ?? 200))
      return fc.oneof(
        // Ordinary text with, now and then, a control character, a lone surrogate or a line break.
        { weight: 6, arbitrary: fc.string({ unit: textUnit, minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 60) }) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 60) }) },
        { weight: 1, arbitrary: fc.constantFrom('张'.repeat(s.maxLength ?? 50), '张'.repeat((s.maxLength ?? 50) + 1)) },
        { weight: 1, arbitrary: fc.constantFrom('2026-11-30', '13800001111', '星火科技有限公司党支部', 'https://cdn.example.com/a.mp4', '/media/x.mp3') },
      )
    case 'integer':
    case 'number':
      return fc.oneof(
        fc.integer({ min: Math.max(s.minimum ?? -1000, -1e6), max: Math.min(s.maximum ?? 1000, 1e6) }),
        fc.constantFrom(s.minimum ?? 0, s.maximum ?? 100, (s.minimum ?? 0) - 1, (s.maximum ?? 100) + 1),
        fc.double({ noNaN: true, min: -1e9, max: 1e9 }),
      )
    case 'boolean':
      return fc.boolean()
    case 'array':
      return fc.array(value(s.items ?? {}, depth + 1), { maxLength: 3 })
    case 'object': {
      if (depth > 3 || !s.properties) return fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 })
      const record: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, v] of Object.entries(s.properties)) record[k] = value(v, depth + 1)
      const base = fc.record(record, { requiredKeys: s.required?.filter((k) => k in record) ?? [] })
      // Sometimes a key the schema does not have.
      return fc.tuple(base, fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom('extra', '__proto__', 'constructor', 'id', 'userId') })).map(([o, extra]) =>
        extra ? { ...(o as object), [extra]: 'x' } : o,
      )
    }
    default:
      return hostile
  }
}

// Mostly plausible, so that a request gets past its other fields to the one that is not.
const value = (s: Schema, depth = 0): fc.Arbitrary<unknown> => fc.oneof({ weight: 9, arbitrary: plausible(s, depth) }, { weight: 1, arbitrary: hostile })

const pathValue = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null).chain(() => fc.constantFrom(...ids)) },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: fc.constantFrom('x', '0', '-1', '%00', '%E0%A4%A', '..%2f..', 'A'.repeat(1200), '%F0%9F%98%80', 'null', '1e309') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map((s) => enc(s) || 'e') },
)

/** encodeURIComponent, except that a lone surrogate goes out as its (invalid) 3-byte form. */
function enc(s: string): string {
  return s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g, (ch) => {
    const c = ch.charCodeAt(0)
    if (ch.length === 1 && c >= 0xd800 && c <= 0xdfff) return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
    return encodeURIComponent(ch)
  })
}

function toQuery(q: Record<string, unknown>): string {
  const parts = Object.entries(q)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${enc(k)}=${enc(typeof v === 'string' ? v : JSON.stringify(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

function expectContractError(status: number, body: unknown, where: string) {
  const e = (body as { error?: { code?: unknown; message?: unknown; requestId?: unknown } })?.error
  if (!e || typeof e.code !== 'string' || typeof e.message !== 'string' || !/[\u4e00-\u9fa5]/.test(e.message) || typeof e.requestId !== 'string') {
    throw new Error(`${where} → ${status} outside the error contract: ${JSON.stringify(body).slice(0, 300)}`)
  }
  // What is wrong in plain Chinese: no schema path, no English word (a URL's https:// or /media/ is what to type).
  if (e.code === 'VALIDATION_FAILED' && /[A-Za-z]/.test(e.message.replace(/https:\/\/|\/media\//g, ''))) {
    throw new Error(`${where} → ${status} says ${JSON.stringify(e.message)}: not plain Chinese`)
  }
}

test(`every OpenAPI operation under generated input: no 5xx, the error shape on 4xx, no write on 4xx (${RUNS} cases each)`, async () => {
  const doc = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, Operation>> }
  const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method: method.toUpperCase(), op })))
  expect(operations.length).toBeGreaterThanOrEqual(58)
  // The database as it stands before each request: taken once, and again after any request that
  // was allowed to change it (2xx). A 4xx that left the write-ahead log where it was changed nothing
  // and costs no fingerprint; one that moved it (a read may prune a page) is compared in full.
  let before = await fingerprint()
  let walBefore = await walPosition()

  for (const { path, method, op } of operations) {
    const params = op.parameters ?? []
    const pathParams = params.filter((p) => p.in === 'path')
    const queryParams = params.filter((p) => p.in === 'query')
    const bodySchema = op.requestBody?.content?.['application/json']?.schema
    // Logging out would end the fuzzer's own session: those two run without one.
    const who = /\/auth\/logout/.test(path) ? fc.constant(null) : fc.constantFrom<string | null>('demo-secretary', 'demo-member', 'demo-admin', null)
    const request = fc.record({
      who,
      path: fc.tuple(...(pathParams.length ? pathParams.map(() => pathValue) : [fc.constant('')])),
      query: fc.oneof(
        fc.record(Object.fromEntries(queryParams.map((p) => [p.name, value(p.schema)])), { requiredKeys: [] }),
        fc.dictionary(fc.constantFrom('limit', 'cursor', 'scope', 'q', 'status', 'x', 'category'), hostile, { maxKeys: 3 }),
      ),
      body: bodySchema ? fc.oneof({ weight: 5, arbitrary: value(bodySchema) }, { weight: 1, arbitrary: fc.constant(undefined) }) : fc.constant(undefined),
    })
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let i = 0
        const url = path.replace(/\{[^}]+\}/g, () => String(r.path[i++])) + toQuery(r.query as Record<string, unknown>)
        const res = await t.app.inject({
          method: method as 'GET',
          url,
          headers: { ...(r.who ? auth(book.tok[r.who]) : {}), ...(r.body === undefined ? {} : { 'content-type': 'application/json' }) },
          ...(r.body === undefined ? {} : { payload: JSON.stringify(r.body) }),
        })
        figures.requests++
        const where = `${method} ${url.slice(0, 200)}`
        if (res.statusCode >= 500) {
          figures.server5xx++
          throw new Error(`${where} → ${res.statusCode} ${res.body.slice(0, 300)}`)
        }
        if (res.statusCode >= 400) {
          figures.status4xx++
          expectContractError(res.statusCode, res.json(), where)
          const walAfter = await walPosition()
          if (walAfter === walBefore) return
          walBefore = walAfter
          figures.fullCompares++
          const after = await fingerprint()
          if (after !== before) {
            figures.writesOn4xx++
            before = after // fast-check's shrinking runs on from here
            throw new Error(`${where} → ${res.statusCode} changed the database`)
          }
        } else {
          walBefore = await walPosition()
          before = await fingerprint()
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    )
  }
  expect(figures.server5xx).toBe(0)
  expect(figures.writesOn4xx).toBe(0)
}, 600_000)
