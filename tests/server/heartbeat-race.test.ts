import { DB_KIND, createTestDatabase, type TestDatabase } from './helpers'
import { BASELINE_WASM, startServer, type ServerProcess } from '../support/server-process'

/**
 * Study time cannot be farmed with concurrent heartbeats (issue 12, item 6), tested the way the attack
 * was made: the server in its own process on the suite's database, a script over real HTTP that fires a
 * burst every second without waiting for the answers. (Through app.inject the race does not show: the
 * old code, which read the clock before waiting for the progress row's lock, credited only 5–8 s in
 * 15 s there; over HTTP it credited 26–41 s in 15.5 s with bursts of 100.)
 */
const SECONDS = DB_KIND === 'postgres' ? 15 : 3
const BURST = 100

let db: TestDatabase | null = null
let server: ServerProcess

beforeAll(async () => {
  // PostgreSQL: a fresh database of the suite's server; PGlite: the process's own throw-away folder.
  if (DB_KIND === 'postgres') db = await createTestDatabase()
  // Rate limits off: this checks the lock itself, not the per-user ceiling in front of it.
  server = await startServer({ RATE_LIMIT: 'off', LOG_LEVEL: 'warn', ...(db?.target.kind === 'postgres' ? { DATABASE_URL: db.target.url } : {}) }, BASELINE_WASM)
}, 90_000)
afterAll(async () => {
  await server?.stop()
  await db?.destroy()
})

async function call(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(server.base + path, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  return { status: res.status, json: await res.json() }
}

test(`bursts of ${BURST} concurrent heartbeats every second for ${SECONDS} s credit no more than the real time elapsed`, async () => {
  const token = (await call('POST', '/api/v1/auth/dev-login', undefined, { openid: 'demo-member' })).json.token
  const video = (await call('GET', '/api/v1/lessons', token)).json.items.find((l: { kind: string; durationSec: number }) => l.kind !== 'article' && l.durationSec > SECONDS * 2)
  expect(video).toBeDefined()
  const beat = (positionSec: number) => call('POST', `/api/v1/lessons/${video.id}/progress`, token, { positionSec })

  const studiedBefore = (await call('GET', '/api/v1/me/study', token)).json.totalSec
  // Real time starts before the first beat reaches the server, so nothing the server credits can predate it.
  const began = Date.now()
  expect((await beat(0)).json.creditedSec).toBe(0)
  const sent: Promise<{ status: number }>[] = []
  for (let s = 1; s <= SECONDS; s++) {
    await new Promise((r) => setTimeout(r, Math.max(0, began + s * 1000 - Date.now())))
    // Each beat a little further on, so each looks like plausible playback; bursts overlap in the server's queue.
    const position = (Date.now() - began) / 1000
    for (let i = 0; i < BURST; i++) sent.push(beat(position + i * 0.03))
  }
  const statuses = (await Promise.all(sent)).map((a) => a.status)
  const elapsed = (Date.now() - began) / 1000

  expect(statuses.filter((s) => s !== 200)).toEqual([])
  const mine = (await call('GET', `/api/v1/lessons/${video.id}`, token)).json.myProgress
  expect(mine.creditedSec).toBeGreaterThan(0)
  expect(mine.creditedSec).toBeLessThanOrEqual(elapsed)
  // 我的学习 adds up the same credits, day by day: no more there either.
  expect((await call('GET', '/api/v1/me/study', token)).json.totalSec - studiedBefore).toBe(mine.creditedSec)
}, 120_000)
