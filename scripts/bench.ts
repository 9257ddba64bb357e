// `npm run bench`: the server measured as deployed. For PGlite, and for PostgreSQL when DATABASE_URL is
// set (in a throw-away database on that server):
//   1. this process fills a database: the demo, 3,000 more members of 星火, 10,000 lessons with
//      200,000 progress rows, 500 meetings;
//   2. the server runs in its own process exactly as `npm run server` runs it (compiled, NODE_ENV=
//      production, default log level, rate limits on — only the per-IP ceiling raised, since all the
//      load comes from one address);
//   3. a bare Fastify hello-world runs in a third process;
//   4. autocannon runs in a fourth process per scenario (scripts/bench/load.mjs), every request as a
//      different signed-in person: GET /me, the lesson list, the meeting list (3 s warm-up, 10 s
//      measured, 50 connections), and a burst of 2,000 members signing into one meeting — once on
//      the freshly started server, once more into a second meeting;
//   5. the committee's admin uploads a 5,000-row ledger (.xlsx: 1,000 enterprises, 4,000 members),
//      then the same file again (which must change nothing): wall time of each request.
// Prints req/s, p50, p99 and the share of hello-world, checks that the burst made exactly 2,000 rows,
// and marks the targets (PostgreSQL: reads ≥ 10 %, sign-in ≥ 5 %, p99 ≤ 150 ms). Figures, not a test.
// BENCH_PROFILE=<dir> runs the server with --cpu-prof and prints where its CPU time went.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { openDatabase, rowsOf, type DbTarget } from '../server/src/db/client'
import { issueToken } from '../server/src/lib/token'
import { seedDemo } from '../server/src/seed/demo'
import { summarizeProfile } from './bench/profile.mjs'

const ROOT = path.resolve(__dirname, '..')
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CHECKINS = 2000
const LEARNERS = 1000
const LESSONS = 10_000
const PROGRESS_PER_LEARNER = 200
const MEETINGS = 500
/**
 * BENCH_SCENARIO=meetings (or me, lessons, checkins, park; comma-separated) measures only those, to
 * profile one endpoint with BENCH_PROFILE; checkins is the sign-in burst, park the ledger import
 * (which needs the burst before it).
 */
const SCENARIOS = (process.env.BENCH_SCENARIO ?? '').split(',').map((s) => s.trim()).filter(Boolean)
/** The path's first segment after /api/v1/ (`me` must not pick `meetings`). */
const wanted = (apiPath: string) => !SCENARIOS.length || SCENARIOS.includes(apiPath.split('?')[0].split('/')[3])
const PROFILE_DIR = process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : null

interface Figures {
  requests: number
  perSec: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  /** CPU milliseconds the load generator spent on the run (its own count, without its start). */
  cpuMs: number
  /** CPU milliseconds per request: server process (of which in the kernel), PostgreSQL processes, load generator. */
  cpu?: { server: number; serverSys: number; postgres: number; load: number }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** CPU seconds so far (Linux /proc): the server's process and every PostgreSQL process. */
function cpuNow(serverPid: number | undefined): { server: number; serverSys: number; postgres: number } | null {
  if (process.platform !== 'linux') return null
  const tick = 100 // USER_HZ
  const fields = (pid: string | number) => {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const close = stat.lastIndexOf(')')
    return { comm: stat.slice(stat.indexOf('(') + 1, close), rest: stat.slice(close + 2).split(' ') }
  }
  let postgres = 0
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    try {
      const { comm, rest } = fields(pid)
      if (comm === 'postgres') postgres += (Number(rest[11]) + Number(rest[12])) / tick
    } catch {
      // gone meanwhile
    }
  }
  let server = 0
  let serverSys = 0
  try {
    if (serverPid) {
      const r = fields(serverPid).rest
      server = (Number(r[11]) + Number(r[12])) / tick
      serverSys = Number(r[12]) / tick
    }
  } catch {
    // exited
  }
  return { server, serverSys, postgres }
}

/** One autocannon run in its own process. */
async function load(job: { url: string; path: string; method?: string; body?: string; tokens?: string[]; duration?: number; amount?: number }): Promise<Figures> {
  const file = path.join(os.tmpdir(), `re-bench-job-${randomUUID()}.json`)
  fs.writeFileSync(file, JSON.stringify({ connections: CONNECTIONS, ...job }))
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'scripts/bench/load.mjs'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
      let text = ''
      child.stdout.on('data', (d) => (text += d))
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`load.mjs exited ${code}`))))
    })
    return JSON.parse(out.trim().split('\n').pop()!)
  } finally {
    fs.rmSync(file, { force: true })
  }
}

/** A load run with the CPU milliseconds per request of the server (`pid`), PostgreSQL and the load generator. */
async function loadWithCpu(job: Parameters<typeof load>[0], pid: number | undefined): Promise<Figures> {
  const a = cpuNow(pid)
  const f = await load(job)
  const b = cpuNow(pid)
  if (a && b && f.requests) {
    const per = (k: keyof typeof a) => ((b[k] - a[k]) * 1000) / f.requests
    f.cpu = { server: per('server'), serverSys: per('serverSys'), postgres: per('postgres'), load: f.cpuMs / f.requests }
  }
  return f
}

async function waitFor(url: string, child: ChildProcess, what: string) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`)
    if (await fetch(url).then((r) => r.ok, () => false)) return
    await sleep(100)
  }
  throw new Error(`${what} did not answer ${url} in 60 s`)
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))])
}

async function freePort(): Promise<number> {
  const net = await import('node:net')
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as import('node:net').AddressInfo
      s.close(() => resolve(port))
    })
  })
}

/**
 * The baselines: bare Fastify hello-world, and (with DATABASE_URL and `withQuery`) Fastify answering
 * from one prepared SQL statement, of one row and of a list page (21 rows).
 */
async function helloWorld(withQuery = true): Promise<{ hello: Figures; oneQuery: Figures | null; listQuery: Figures | null }> {
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) }
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/bench/hello.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] })
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d) => resolve(JSON.parse(String(d)).port)))
  const url = `http://127.0.0.1:${port}`
  const measured = async (p: string) => {
    await load({ url, path: p, duration: 3 })
    return loadWithCpu({ url, path: p, duration: SECONDS }, child.pid)
  }
  try {
    const hello = await measured('/')
    const queries = withQuery && !!process.env.DATABASE_URL
    return { hello, oneQuery: queries ? await measured('/db') : null, listQuery: queries ? await measured('/db21') : null }
  } finally {
    await stop(child)
  }
}

/** The data the scenarios need, written before the server starts (PGlite has one writer). */
export async function fill(target: DbTarget) {
  const database = await openDatabase(target)
  const db = database.db
  await seedDemo(db, new Date())
  const [{ committee, branch, secretary, admin }] = rowsOf<{ committee: string; branch: string; secretary: string; admin: string }>(
    await db.execute(sql`SELECT (SELECT id FROM organizations WHERE parent_id IS NULL LIMIT 1) AS committee,
      (SELECT id FROM organizations WHERE name = '星火科技有限公司党支部') AS branch,
      (SELECT id FROM users WHERE openid = 'demo-secretary') AS secretary,
      (SELECT id FROM users WHERE openid = 'demo-admin') AS admin`),
  )
  const people = async (prefix: string, n: number) => {
    const ids = rowsOf<{ id: string }>(
      await db.execute(sql`INSERT INTO users (openid, nickname) SELECT ${prefix} || g, '压测党员' || g FROM generate_series(1, ${n}) g RETURNING id`),
    ).map((r) => r.id)
    await db.execute(sql`INSERT INTO members (user_id, branch_id, real_name, member_type, joined_at)
      SELECT id, ${branch}, nickname, 'full', '2015-07-01' FROM users WHERE openid LIKE ${prefix + '%'}`)
    return ids
  }
  const checkers = await people('bench-checkin-', CHECKINS)
  const learners = await people('bench-learner-', LEARNERS)
  await db.execute(sql`INSERT INTO lessons (org_id, title, category, kind, lecturer, duration_sec, body_html, published_at, created_at, updated_at)
    SELECT CASE WHEN g % 5 = 0 THEN ${branch}::uuid ELSE ${committee}::uuid END,
      '压测课程 ' || g, (ARRAY['理论学习','党史学习','党章党规','业务融合'])[1 + g % 4], 'article', '园区党校', 300, '<p>正文</p>',
      now() - make_interval(mins => g), now() - make_interval(mins => g), now()
    FROM generate_series(1, ${LESSONS}) g`)
  await db.execute(sql`INSERT INTO lesson_progress (user_id, lesson_id, position_sec, credited_sec, last_beat_at, updated_at)
    SELECT u.id, l.id, 120, 120, now(), now()
    FROM (SELECT id FROM users WHERE openid LIKE 'bench-learner-%') u
    CROSS JOIN (SELECT id FROM lessons ORDER BY published_at DESC LIMIT ${PROGRESS_PER_LEARNER}) l`)
  // Two years of meetings behind, a few ahead: the list pages through real rows.
  await db.execute(sql`INSERT INTO meetings (branch_id, type, title, agenda, location, starts_at, ends_at, open, created_by, created_at)
    SELECT ${branch}, 'theme_day', '压测主题党日 ' || g, '议程', '会议室',
      now() - make_interval(days => g * 2) + interval '7 days', now() - make_interval(days => g * 2) + interval '7 days 1 hour', false, ${secretary}, now()
    FROM generate_series(1, ${MEETINGS}) g`)
  await db.execute(sql`ANALYZE`)
  await database.close()
  return { branch, secretary, checkers, learners, committee, admin }
}

/** The ledger a committee brings: 1,000 enterprises and 4,000 members, dates written four ways. */
async function ledgerWorkbook(): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default
  const { ENTERPRISE_COLUMNS, MEMBER_COLUMNS, creditCodeCheckChar } = await import('../src/domain/park')
  const wb = new ExcelJS.Workbook()
  const code = (i: number) => {
    const base = `91320500MA9${String(i).padStart(6, '0')}`
    return base + creditCodeCheckChar(base)
  }
  const ents = wb.addWorksheet('企业')
  ents.addRow(ENTERPRISE_COLUMNS.map((c) => c.header))
  for (let i = 0; i < 1000; i++) ents.addRow([`压测企业${i}`, code(i), i % 3 ? '非公企业' : '社会组织', '制造业', `园区 ${i} 号`, 10 + (i % 90), ''])
  const mems = wb.addWorksheet('党员')
  mems.addRow(MEMBER_COLUMNS.map((c) => c.header))
  for (let i = 0; i < 4000; i++) {
    const date = [`2010-0${1 + (i % 9)}-15`, `2011/${1 + (i % 12)}/3`, `2012年${1 + (i % 12)}月8日`, new Date(Date.UTC(2013, i % 12, 20))][i % 4]
    mems.addRow([`压测党员${i}`, `139${String(i).padStart(8, '0')}`, '', date, i % 5 ? '正式党员' : '预备党员', code(i % 1000), ''])
  }
  return Buffer.from(await wb.xlsx.writeBuffer())
}

async function measure(label: string, target: DbTarget, env: Record<string, string>) {
  const t0 = Date.now()
  const data = await fill(target)
  const fillSec = (Date.now() - t0) / 1000

  const port = await freePort()
  const appSecret = randomBytes(32).toString('hex')
  const logFile = path.join(os.tmpdir(), `re-bench-server-${label}-${Date.now()}.log`)
  const log = fs.openSync(logFile, 'w')
  const profile = PROFILE_DIR ? path.join(PROFILE_DIR, label) : null
  if (profile) fs.mkdirSync(profile, { recursive: true })
  const server = spawn(process.execPath, [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), path.join(ROOT, 'scripts/server.mjs')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      // libpq's session settings, as a deployment may set them (e.g. PGOPTIONS='-c log_min_duration_statement=0').
      ...(process.env.PGOPTIONS ? { PGOPTIONS: process.env.PGOPTIONS } : {}),
      PORT: String(port),
      APP_SECRET: appSecret,
      ID_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      RATE_LIMIT_PER_IP: '1000000',
      ...env,
    },
    stdio: ['ignore', log, log],
  })
  const url = `http://127.0.0.1:${port}`
  const rows: { name: string; f: Figures; kind: 'read' | 'write' }[] = []
  try {
    await waitFor(`${url}/api/health`, server, 'the server')
    const now = Date.now()
    const token = (id: string) => issueToken(appSecret, id, 3600, now).token
    const learners = data.learners.map(token)

    const measured = (job: Parameters<typeof load>[0]) => loadWithCpu(job, server.pid)
    for (const [name, p] of [
      ['GET /me', '/api/v1/me'],
      ['微党课列表', '/api/v1/lessons?limit=20'],
      ['组织生活列表', '/api/v1/meetings?limit=20'],
    ] as const) {
      if (!wanted(p)) continue
      await load({ url, path: p, tokens: learners, duration: 3 })
      rows.push({ name, f: await measured({ url, path: p, tokens: learners, duration: SECONDS }), kind: 'read' })
    }

    if (!wanted('/api/v1/checkins')) return { label, rows, fillSec, present: null, logFile, profile, ledgerImport: null }
    // The sign-in burst: a session starting now, its current code, 2,000 members once each. Twice:
    // first on a server that has not signed anyone in since it started (its sign-in code not yet
    // compiled by V8), then into a second meeting with fresh tokens (so every session is looked
    // up again), as a server that has been running would take it.
    const sec = token(data.secretary)
    const burstInto = async (title: string) => {
      const created = await fetch(`${url}/api/v1/meetings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sec}` },
        body: JSON.stringify({ branchId: data.branch, type: 'branch_assembly', title, location: '会议室', startsAt: new Date(now).toISOString(), endsAt: new Date(now + 3600_000).toISOString(), open: false }),
      }).then((r) => r.json() as Promise<{ id: string }>)
      const { code } = await fetch(`${url}/api/v1/meetings/${created.id}/checkin-code`, { headers: { authorization: `Bearer ${sec}` } }).then((r) => r.json() as Promise<{ code: string }>)
      const f = await measured({ url, path: '/api/v1/checkins', method: 'POST', body: JSON.stringify({ code }), tokens: data.checkers.map(token), amount: CHECKINS })
      const list = await fetch(`${url}/api/v1/meetings/${created.id}/attendance`, { headers: { authorization: `Bearer ${sec}` } }).then((r) => r.json() as Promise<{ checkedIn?: number }>)
      return { f, present: list.checkedIn ?? null }
    }
    const cold = await burstInto('压测：支部党员大会')
    rows.push({ name: `签到 ${CHECKINS} 人（刚启动）`, f: cold.f, kind: 'write' })
    const warm = await burstInto('压测：主题党日')
    rows.push({ name: `签到 ${CHECKINS} 人（已运行）`, f: warm.f, kind: 'write' })
    // Each list must hold exactly 2,000: the first that does not is the one shown.
    const list = { checkedIn: cold.present !== CHECKINS ? (cold.present ?? -1) : (warm.present ?? -1) }
    if (!wanted('/api/v1/park')) return { label, rows, fillSec, present: list.checkedIn ?? null, logFile, profile, ledgerImport: null }

    // The committee imports its ledger, then the same file again.
    const xlsx = await ledgerWorkbook()
    const upload = async () => {
      const t = performance.now()
      const res = await fetch(`${url}/api/v1/park/import?orgId=${data.committee}`, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', authorization: `Bearer ${token(data.admin)}` },
        body: new Uint8Array(xlsx),
      })
      const body = (await res.json()) as { enterprises?: { created: number; unchanged: number }; members?: { created: number; unchanged: number } }
      return { ms: performance.now() - t, status: res.status, body }
    }
    const first = await upload()
    const again = await upload()
    const importOk =
      first.status === 200 && first.body.enterprises?.created === 1000 && first.body.members?.created === 4000 && again.body.enterprises?.unchanged === 1000 && again.body.members?.unchanged === 4000
    const ledgerImport = { bytes: xlsx.length, firstMs: first.ms, againMs: again.ms, ok: importOk }
    return { label, rows, fillSec, present: list.checkedIn ?? null, logFile, profile, ledgerImport }
  } finally {
    await stop(server)
    fs.closeSync(log)
  }
}

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
    // BENCH_KEEP=1 leaves the bench's data for EXPLAIN and pg_prepared_statements (drop it by hand).
    if (process.env.BENCH_KEEP) console.log(`PostgreSQL：压测数据库 ${name} 已保留（BENCH_KEEP），用完请 DROP DATABASE ${name}`)
    else await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}

async function main() {
  // Compile once up front, so no run pays for it.
  await new Promise<void>((resolve, reject) =>
    spawn(process.execPath, [path.join(ROOT, 'scripts/build-server.mjs')], { cwd: ROOT, stdio: 'inherit' }).on('exit', (c) => (c === 0 ? resolve() : reject(new Error('build failed')))),
  )
  const { hello, oneQuery, listQuery } = await helloWorld()
  // hello-world again after each database's scenarios: this VM's speed drifts within a run (hello-world
  // 36.8k at the start and 20.4k a minute later have been seen), so each database's share is taken
  // against the mean of the hello-world runs just before and just after it, and all are printed.
  const hellos = [hello.perSec]
  type Measured = Awaited<ReturnType<typeof measure>>
  const results: (Measured & { baseline: number })[] = []
  const bracketed = async (run: () => Promise<Measured>) => {
    const before = hellos[hellos.length - 1]
    const r = await run()
    const after = (await helloWorld(false)).hello.perSec
    hellos.push(after)
    results.push({ ...r, baseline: (before + after) / 2 })
  }
  // BENCH_ONLY=postgres skips PGlite (for iterating on the PostgreSQL figures).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 're-bench-'))
  try {
    if (process.env.BENCH_ONLY !== 'postgres') await bracketed(() => measure('PGlite', { kind: 'pglite', dataDir: dir }, { DATA_DIR: dir }))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL
    await bracketed(() => withThrowawayPostgres(url, (u) => measure('PostgreSQL', { kind: 'postgres', url: u }, { DATABASE_URL: u })))
  }

  const f = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1))
  const pct = (n: number, base = hello.perSec) => `${((n / base) * 100).toFixed(1)} %`
  console.log(`\n服务端压测（照部署方式：服务端、负载、hello-world 各在自己的进程；${CONNECTIONS} 个并发连接；${os.cpus().length} 核）`)
  console.log('| 数据库 | 接口 | 次/秒 | p50 | p99 | 为 hello-world 的 | 非 2xx / 超时（10 秒） | 目标 |')
  console.log('|---|---|---|---|---|---|---|---|')
  console.log(`| — | Fastify hello-world | ${f(hello.perSec)} | ${hello.p50} ms | ${hello.p99} ms | 100 % | ${hello.non2xx} / ${hello.errors} | |`)
  let ok = true
  if (oneQuery) {
    console.log(`| — | Fastify + 一条预编译 SQL（任何要查库的接口的上限） | ${f(oneQuery.perSec)} | ${oneQuery.p50} ms | ${oneQuery.p99} ms | ${pct(oneQuery.perSec)} | ${oneQuery.non2xx} / ${oneQuery.errors} | |`)
  }
  if (listQuery) {
    console.log(`| — | Fastify + 一条取 21 行的预编译 SQL（列表接口的上限） | ${f(listQuery.perSec)} | ${listQuery.p50} ms | ${listQuery.p99} ms | ${pct(listQuery.perSec)} | ${listQuery.non2xx} / ${listQuery.errors} | |`)
  }
  if (hello.cpu) console.log(`hello-world：每个请求的 CPU 毫秒 ${hello.cpu.server.toFixed(3)}（服务端）/ ${hello.cpu.load.toFixed(3)}（负载进程）`)
  for (const [name, q] of [['一条 SQL', oneQuery], ['21 行', listQuery]] as const) {
    if (q?.cpu) console.log(`${name}：每个请求的 CPU 毫秒 ${q.cpu.server.toFixed(3)}（其中内核态 ${q.cpu.serverSys.toFixed(3)}）/ ${q.cpu.postgres.toFixed(3)} / ${q.cpu.load.toFixed(3)}（服务端 / PostgreSQL / 负载进程）`)
  }
  if (hellos.length > 1) console.log(`hello-world 每秒次数，开头与每个数据库测完后：${hellos.map((h) => f(h)).join(' → ')}；各数据库的占比按它前后两次的平均算`)
  for (const r of results) {
    for (const { name, f: x, kind } of r.rows) {
      const share = x.perSec / r.baseline
      const target = r.label === 'PostgreSQL' ? (kind === 'read' ? share >= 0.1 : share >= 0.05) && x.p99 <= 150 : null
      const mark = target === null ? '' : target ? `✔（${kind === 'read' ? '≥ 10 %' : '≥ 5 %'}，p99 ≤ 150 ms）` : `✘（${kind === 'read' ? '≥ 10 %' : '≥ 5 %'}，p99 ≤ 150 ms）`
      console.log(`| ${r.label} | ${name} | ${f(x.perSec)} | ${x.p50} ms | ${x.p99} ms | ${pct(x.perSec, r.baseline)} | ${x.non2xx} / ${x.errors} | ${mark} |`)
      if (x.non2xx + x.errors > 0) ok = false
    }
    const li = r.ledgerImport
    if (r.present !== null) {
      console.log(`\n${r.label}：准备数据 ${r.fillSec.toFixed(1)} 秒；两次签到的名单上${r.present === CHECKINS ? '各' : ''} ${r.present} 人${r.present === CHECKINS ? ' ✔' : ` ✘ 应为 ${CHECKINS}`}；服务端日志 ${r.logFile}`)
      if (r.present !== CHECKINS) ok = false
    } else console.log(`\n${r.label}：准备数据 ${r.fillSec.toFixed(1)} 秒；只测了 BENCH_SCENARIO=${SCENARIOS.join(',')}；服务端日志 ${r.logFile}`)
    if (li) {
      console.log(
        `${r.label}：导入 5,000 行台账（${(li.bytes / 1024).toFixed(0)} KB 的 .xlsx）${(li.firstMs / 1000).toFixed(2)} 秒；同一文件再导入 ${(li.againMs / 1000).toFixed(2)} 秒${li.ok ? '，全部未变 ✔' : ' ✘ 结果不对'}`,
      )
      if (!li.ok) ok = false
    }
    const cpuRows = r.rows.filter((x) => x.f.cpu)
    if (cpuRows.length) {
      console.log(`${r.label}：每个请求的 CPU 毫秒（服务端进程，其中内核态 / PostgreSQL 各进程 / 负载进程）`)
      for (const { name, f: x } of cpuRows) console.log(`  ${name}：${x.cpu!.server.toFixed(2)}，其中 ${x.cpu!.serverSys.toFixed(2)} / ${x.cpu!.postgres.toFixed(2)} / ${x.cpu!.load.toFixed(2)}`)
    }
    if (r.profile) console.log(summarizeProfile(r.profile))
  }
  process.exit(ok ? 0 : 1)
}

// Run as a script; imported (to fill a database for EXPLAIN), only the helpers.
if (require.main === module) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
