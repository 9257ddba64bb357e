import { sql } from 'drizzle-orm'
import { idFor } from '../support/idnumber'
import { LogCapture, auth, demoOrgs, startTestApp, tokenBook, type TestApp } from './helpers'

/**
 * No phone number, ID number or real name in any log line at any level: known values go in
 * through the write endpoints, failures are forced (refused requests, a query that fails with
 * those values as its parameters), and every captured line is scanned.
 */
const logs = new LogCapture()
let t: TestApp
const book = tokenBook(() => t)
const tok = book.tok

const NAME = '欧阳素珍'
const PHONE = '13577778888'
const ID_NUMBER = idFor('1990-03-07', '417')

beforeAll(async () => {
  t = await startTestApp({
    env: { SEED: 'demo' },
    logger: { level: 'trace', stream: logs },
    extend(app) {
      // A query that fails inside PostgreSQL with personal data among its parameters.
      app.post('/api/test/failing-query', async () => app.deps.db.execute(sql`SELECT ${PHONE}::int AS n, ${NAME} AS who, ${ID_NUMBER} AS id`))
    },
  })
  await book.login('log-newcomer', 'demo-secretary', 'log-mobile')
})
afterAll(() => t.close())

test('known personal data sent through write endpoints and forced failures never reaches a log line', async () => {
  const { xinghuo } = await demoOrgs(t)
  const post = (who: string, url: string, payload: object) => t.app.inject({ method: 'POST', url, headers: auth(tok[who]), payload })
  const declaration = { realName: NAME, phone: PHONE, joinedAt: '2016-07-01', memberType: 'full', branchId: xinghuo, idNumber: ID_NUMBER, pledge: `${NAME} ${PHONE}` }
  expect((await post('log-newcomer', '/api/v1/identity/declarations', declaration)).statusCode).toBe(201)
  // Refused: a second pending declaration (409), a bad phone (400), a bad ID number (400).
  expect((await post('log-newcomer', '/api/v1/identity/declarations', declaration)).statusCode).toBe(409)
  expect((await post('log-newcomer', '/api/v1/identity/declarations', { ...declaration, phone: `${PHONE}9` })).statusCode).toBe(400)
  expect((await post('log-newcomer', '/api/v1/identity/declarations', { ...declaration, idNumber: `${ID_NUMBER.slice(0, 17)}0` })).statusCode).toBe(400)
  const transfer = { kind: 'mobile_in', fromOrg: { name: '某村党支部' }, toOrg: { id: xinghuo }, reason: `${NAME}外出务工`, contactPhone: PHONE, realName: NAME, leftAt: '2026-11-01', expectedReturnAt: '2027-03-31' }
  expect((await post('log-mobile', '/api/v1/transfers', transfer)).statusCode).toBe(201)
  expect((await post('log-mobile', '/api/v1/transfers', transfer)).statusCode).toBe(409)
  const failed = await post('demo-secretary', '/api/test/failing-query', {})
  expect(failed.statusCode).toBe(500)

  // The failure is logged — with its SQL and codes, without its values.
  const failure = logs.lines.find((l) => l.msg === 'unexpected error' && l.requestId === failed.json().error.requestId) as { err?: { message?: string } } | undefined
  expect(failure?.err?.message).toContain('Failed query')
  expect(failure?.err?.message).toContain('[不记录]')

  // One line per request, written when it is answered (Fastify's own two are off), and every one scanned.
  expect(logs.lines.filter((l) => l.msg === 'request').length).toBeGreaterThanOrEqual(7)
  expect(logs.lines.filter((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toEqual([])
  for (const secret of [PHONE, NAME, ID_NUMBER, ID_NUMBER.slice(6, 14)]) expect(logs.raw).not.toContain(secret)
})
