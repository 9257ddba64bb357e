import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Writable } from 'node:stream'
import { sql } from 'drizzle-orm'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { buildApp, type BuildOptions } from '../../server/src/app'
import { loadConfig, type Config } from '../../server/src/config'
import { openDatabase, rowsOf, type Database, type DbTarget } from '../../server/src/db/client'
import type { Clock } from '../../server/src/lib/clock'
import type { ErrorBody } from '../../src/domain/errors'

/**
 * Server tests run on an in-memory PGlite, or — when TEST_DATABASE_URL is set — on a
 * fresh PostgreSQL database created for each test file and dropped afterwards.
 */
export const PG_URL = process.env.TEST_DATABASE_URL || null
export const DB_KIND: Database['kind'] = PG_URL ? 'postgres' : 'pglite'

export interface TestDatabase extends Database {
  /** Where this database lives, to open it a second time. */
  target: DbTarget
  /** Closes and removes it. */
  destroy(): Promise<void>
}

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url)
  u.pathname = `/${name}`
  return u.toString()
}

/**
 * A test database's buffer pool (PGLITE_SHARED_BUFFERS_MB, 32 unless set; 8 is the least the server
 * accepts). Starting PGlite clears the pool: 130–160 ms per open with 8 MB against 210–290 ms with
 * 32 MB on this machine, and a test database of a few hundred rows fits in 8 MB many times over.
 */
const TEST_PGLITE_BUFFERS_MB = 8

export async function createTestDatabase(pgliteDir: string | null = null): Promise<TestDatabase> {
  if (!PG_URL) {
    // A copy of the template directory (about 0.05 s on tmpfs, and 0.13–0.16 s to open) rather than
    // its tar unpacked in memory (1.5 s): in the run's folder from global-setup.ts, on tmpfs where there is room.
    const own = pgliteDir ? null : fs.mkdtempSync(path.join(process.env.RE_TEST_DB_DIR || os.tmpdir(), 'db-'))
    const target: DbTarget = { kind: 'pglite', dataDir: pgliteDir ?? own, sharedBuffersMB: TEST_PGLITE_BUFFERS_MB }
    const db = await openDatabase(target)
    return {
      ...db,
      target,
      destroy: async () => {
        await db.close()
        if (own) fs.rmSync(own, { recursive: true, force: true })
      },
    }
  }
  const name = `re_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const target: DbTarget = { kind: 'postgres', url: withDatabaseName(PG_URL, name), poolSize: 4, onIdleError: () => {} }
  const db = await openDatabase(target)
  return {
    ...db,
    target,
    async destroy() {
      await db.close()
      const a = new pg.Client({ connectionString: PG_URL })
      await a.connect()
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await a.end()
    },
  }
}

/** Rate limits are off here (one test address sends thousands of requests); limits.test.ts turns them on. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ AUTH_DEV_LOGIN: 'true', LOG_LEVEL: 'silent', RATE_LIMIT: 'off', ...env })
}

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private t = new Date('2026-11-23T02:00:00Z').getTime()) {}
  now() {
    return new Date(this.t)
  }
  advance(ms: number) {
    this.t += ms
  }
}

/** Collects pino's JSON lines so a test can read what was logged. */
export class LogCapture extends Writable {
  lines: Record<string, unknown>[] = []
  raw = ''
  _write(chunk: Buffer, _enc: string, cb: () => void) {
    const text = chunk.toString('utf8')
    this.raw += text
    for (const line of text.split('\n').filter(Boolean)) this.lines.push(JSON.parse(line))
    cb()
  }
}

export interface TestApp {
  app: FastifyInstance
  database: TestDatabase
  login(openid: string): Promise<string>
  count(table: string): Promise<number>
  close(): Promise<void>
}

export interface TestAppOptions extends Partial<Omit<BuildOptions, 'config' | 'database'>> {
  env?: Record<string, string>
  database?: TestDatabase
  /** Register extra routes before the app is ready (error-handler tests). */
  extend?: (app: FastifyInstance) => void
}

export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const database = opts.database ?? (await createTestDatabase())
  const config = testConfig(opts.env)
  const app = await buildApp({ ...opts, config, database })
  opts.extend?.(app)
  await app.ready()
  return {
    app,
    database,
    async login(openid: string) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/dev-login', payload: { openid } })
      if (res.statusCode !== 200) throw new Error(`login ${openid} failed: ${res.statusCode} ${res.body}`)
      return res.json().token as string
    },
    async count(table: string) {
      const rows = rowsOf<{ n: number }>(await database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))
      return rows[0].n
    },
    async close() {
      await app.close()
      if (!opts.database) await database.destroy()
    },
  }
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` })

/** Asserts the contract's error shape and returns the error object. */
export function expectError(res: { statusCode: number; json(): any; headers: Record<string, unknown> }, status: number, code: string) {
  expect({ status: res.statusCode, code: res.json()?.error?.code }).toEqual({ status, code })
  const err = res.json().error
  expect(typeof err.message).toBe('string')
  expect(err.message).toMatch(/[\u4e00-\u9fa5]/) // Chinese, for the user
  expect(err.requestId).toBe(res.headers['x-request-id'])
  return err as ErrorBody['error'] & { requestId: string }
}

/** The demo seed's organizations (api.md "Demo data"). */
export async function demoOrgs(t: TestApp): Promise<{ committee: string; xinghuo: string; chuangye: string }> {
  const orgs = rowsOf<{ id: string; name: string }>(await t.database.db.execute(sql`SELECT id, name FROM organizations`))
  const id = (prefix: string) => orgs.find((o) => o.name.startsWith(prefix))!.id
  return { committee: id('示范'), xinghuo: id('星火'), chuangye: id('创业') }
}

/** Signs people in (by openid) once each and keeps their tokens. */
export function tokenBook(app: () => TestApp) {
  const tok: Record<string, string> = {}
  return {
    tok,
    async login(...who: string[]) {
      for (const u of who) if (!tok[u]) tok[u] = await app().login(u)
    },
  }
}
