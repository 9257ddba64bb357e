// Shared by the benchmark scripts: a keep-alive load generator, a bare Fastify hello-world to
// compare against in the same run, and a throw-away PostgreSQL database.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'
import pg from 'pg'
import { buildApp } from '../server/src/app'
import { loadConfig } from '../server/src/config'
import { openDatabase, type DbTarget } from '../server/src/db/client'

export interface Result {
  perSec: number
  p50: number
  p99: number
  ok: number
}

/** Fires one request per item over a keep-alive pool of `connections` sockets. */
export async function load(base: string, connections: number, items: { path: string; method: string; body?: string; headers?: Record<string, string> }[]): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const url = new URL(base)
  const latencies: number[] = []
  let ok = 0
  let next = 0
  const one = (it: (typeof items)[number]) =>
    new Promise<void>((resolve) => {
      const t0 = process.hrtime.bigint()
      const req = http.request(
        { agent, host: url.hostname, port: url.port, path: it.path, method: it.method, headers: { 'content-type': 'application/json', ...it.headers } },
        (res) => {
          res.resume()
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
            if (res.statusCode && res.statusCode < 300) ok++
            resolve()
          })
        },
      )
      req.on('error', () => resolve())
      req.end(it.body)
    })
  const started = process.hrtime.bigint()
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < items.length) await one(items[next++])
    }),
  )
  const secs = Number(process.hrtime.bigint() - started) / 1e9
  agent.destroy()
  latencies.sort((a, b) => a - b)
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]
  return { perSec: items.length / secs, p50: q(0.5), p99: q(0.99), ok }
}

export async function helloWorld(connections: number, requests: number): Promise<Result> {
  const app = Fastify()
  app.get('/', async () => ({ hello: 'world' }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  await load(base, connections, Array.from({ length: 500 }, () => ({ path: '/', method: 'GET' }))) // warm-up
  const r = await load(base, connections, Array.from({ length: requests }, () => ({ path: '/', method: 'GET' })))
  await app.close()
  return r
}

/** Runs `fn` against a new database on DATABASE_URL's server and drops it afterwards, whatever happens. */
export async function withThrowawayPostgres<T>(url: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `re_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const target = new URL(url)
  target.pathname = `/${name}`
  try {
    return await fn(target.toString())
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}

/** The real server with the demo data on `target`, listening on a free port. */
export async function startBenchApp(target: DbTarget) {
  // Throughput of the work itself: one load generator on one address would hit the per-IP limits.
  const config = loadConfig({ AUTH_DEV_LOGIN: 'true', LOG_LEVEL: 'silent', SEED: 'demo', RATE_LIMIT: 'off' })
  const database = await openDatabase(target)
  const app = await buildApp({ config, database, logger: false })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  return {
    config,
    db: database.db,
    base,
    async close() {
      await app.close()
      await database.close()
    },
  }
}
