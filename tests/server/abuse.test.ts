import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/src/db/client'
import { DB_KIND, auth, expectError, startTestApp, tokenBook, type TestApp } from './helpers'

/** Inputs an attacker sends: every answer is a 4xx in the contract's shape, nothing is written. */
let t: TestApp
const book = tokenBook(() => t)
const tok = book.tok

beforeAll(async () => {
  t = await startTestApp({ env: { SEED: 'demo' } })
  await book.login('demo-member', 'demo-secretary')
})
afterAll(() => t.close())

const countCheckins = async (meetingId: string) =>
  rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM checkins WHERE meeting_id = ${meetingId}`))[0].n

describe('list cursors', () => {
  test.each(['/api/v1/meetings', '/api/v1/identity/declarations?scope=mine', '/api/v1/transfers?scope=mine'])('a huge offset cursor on %s is 400, not 500', async (url) => {
    for (const cursor of ['OTk5OTk5OTk5OTk5OTk5OTk5OTk', Buffer.from('1e400').toString('base64url'), Buffer.from('-1').toString('base64url'), Buffer.from('3.5').toString('base64url')]) {
      const res = await t.app.inject({ method: 'GET', url: `${url}${url.includes('?') ? '&' : '?'}cursor=${cursor}`, headers: auth(tok['demo-member']) })
      expectError(res, 400, 'VALIDATION_FAILED')
    }
  })
})

describe('URLs the router cannot read', () => {
  test.each(['/api/v1/meetings/%E0%A4%A', '/api/v1/meetings/%', '/api/v1/identity/verify/%C0%AF', '/s/%ZZ'])('malformed percent-encoding %s is a contract error', async (url) => {
    const res = await t.app.inject({ method: 'GET', url, headers: auth(tok['demo-member']) })
    expect(res.statusCode).toBeGreaterThanOrEqual(400)
    expect(res.statusCode).toBeLessThan(500)
    expectError(res, res.statusCode, res.json().error.code)
  })

  test('verify answers any malformed code alike: 404 CARD_INVALID, whatever its length', async () => {
    const messages = new Set<string>()
    for (const code of ['x', 'A'.repeat(40), 'A'.repeat(999), 'A'.repeat(1001), 'A'.repeat(5000), '%00', '%E0%A4%A']) {
      messages.add(expectError(await t.app.inject({ method: 'GET', url: `/api/v1/identity/verify/${code}` }), 404, 'CARD_INVALID').message)
    }
    expect(messages.size).toBe(1)
  })
})

describe('exact limits under concurrency (run on PostgreSQL in CI, where they race)', () => {
  test('100 different people signing in at once never exceed the capacity', async () => {
    const { body: me } = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: auth(tok['demo-secretary']) })
    const start = Date.now() + 10 * 60_000
    for (const capacity of [5, 20]) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/meetings',
        headers: auth(tok['demo-secretary']),
        payload: {
          branchId: JSON.parse(me).member.branchId,
          type: 'theme_day',
          title: `开放日（限 ${capacity} 人）`,
          location: '星火科技一楼',
          startsAt: new Date(start).toISOString(),
          endsAt: new Date(start + 3600_000).toISOString(),
          open: true,
          capacity,
        },
      })
      expect(created.statusCode).toBe(201)
      const id = created.json().id
      const code = (await t.app.inject({ method: 'GET', url: `/api/v1/meetings/${id}/checkin-code`, headers: auth(tok['demo-secretary']) })).json().code
      const guests = Array.from({ length: 100 }, (_, i) => `cap-${capacity}-${i}`)
      await book.login(...guests)
      const answers = await Promise.all(
        guests.map((g, i) => t.app.inject({ method: 'POST', url: '/api/v1/checkins/guest', headers: auth(tok[g]), payload: { code, name: `来宾${i}`, company: '园区' } })),
      )
      const statuses = answers.map((a) => a.statusCode)
      expect(statuses.filter((s) => s === 201)).toHaveLength(capacity)
      expect(statuses.filter((s) => s === 409)).toHaveLength(100 - capacity)
      for (const a of answers.filter((x) => x.statusCode === 409)) expect(a.json().error.code).toBe('CHECKIN_FULL')
      expect(await countCheckins(id)).toBe(capacity)
    }
  })

  test('bursts of 50 concurrent heartbeats every second credit no more than the real time elapsed', async () => {
    const lessons = (await t.app.inject({ method: 'GET', url: '/api/v1/lessons', headers: auth(tok['demo-member']) })).json().items
    const video = lessons.find((l: { kind: string; durationSec: number }) => l.kind !== 'article' && l.durationSec >= 30)
    expect(video).toBeDefined()
    const seconds = DB_KIND === 'postgres' ? 15 : 5
    const began = Date.now()
    for (let s = 0; s <= seconds; s++) {
      const position = (Date.now() - began) / 1000
      // A script's burst: each beat a little further on, so each looks like plausible playback.
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          t.app.inject({ method: 'POST', url: `/api/v1/lessons/${video.id}/progress`, headers: auth(tok['demo-member']), payload: { positionSec: position + i / 50 } }),
        ),
      )
      await new Promise((r) => setTimeout(r, Math.max(0, began + (s + 1) * 1000 - Date.now())))
    }
    const elapsed = (Date.now() - began) / 1000
    const mine = (await t.app.inject({ method: 'GET', url: `/api/v1/lessons/${video.id}`, headers: auth(tok['demo-member']) })).json()
    const credited = mine.myProgress?.creditedSec
    expect(typeof credited).toBe('number')
    expect(credited).toBeLessThanOrEqual(elapsed)
    expect(credited).toBeGreaterThan(0)
  }, 60_000)
})
