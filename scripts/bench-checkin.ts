// `npm run bench:checkin`: 2,000 distinct members of one branch sign into one meeting over
// 100 connections; prints sign-ins/s, p50/p99 and the row count, next to a bare Fastify
// hello-world measured the same way in the same run. PGlite always; PostgreSQL too when
// DATABASE_URL is set. A script that prints figures, not a test.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { rowsOf, type DbTarget } from '../server/src/db/client'
import { issueToken } from '../server/src/lib/token'
import { helloWorld, load, startBenchApp, withThrowawayPostgres } from './bench-lib'

const MEMBERS = 2000
const CONNECTIONS = 100

async function run(label: string, target: DbTarget) {
  const { config, db, base, close } = await startBenchApp(target)

  const [{ branch, secretary }] = rowsOf<{ branch: string; secretary: string }>(
    await db.execute(sql`SELECT o.id AS branch, u.id AS secretary FROM organizations o, users u WHERE o.name = '星火科技有限公司党支部' AND u.openid = 'demo-secretary'`),
  )
  // 2,000 distinct members of 星火, created in bulk.
  const tag = Date.now().toString(36)
  const users = rowsOf<{ id: string }>(
    await db.execute(sql`INSERT INTO users (openid, nickname) SELECT ${`bench-${tag}-`} || g, '压测党员' || g FROM generate_series(1, ${MEMBERS}) g RETURNING id`),
  )
  await db.execute(sql`INSERT INTO members (user_id, branch_id, real_name, member_type, joined_at)
    SELECT u.id, ${branch}, u.nickname, 'full', '2015-07-01' FROM users u WHERE u.openid LIKE ${`bench-${tag}-%`}`)
  const now = Date.now()
  const secToken = issueToken(config.appSecret, secretary, 3600, now).token
  const meeting = await fetch(`${base}/api/v1/meetings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${secToken}` },
    body: JSON.stringify({
      branchId: branch,
      type: 'branch_assembly',
      title: '压测：支部党员大会',
      location: '会议室',
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3600_000).toISOString(),
      open: false,
    }),
  }).then((r) => r.json() as Promise<{ id: string }>)
  const { code } = await fetch(`${base}/api/v1/meetings/${meeting.id}/checkin-code`, { headers: { authorization: `Bearer ${secToken}` } }).then(
    (r) => r.json() as Promise<{ code: string }>,
  )
  const items = users.map((u) => ({
    path: '/api/v1/checkins',
    method: 'POST',
    body: JSON.stringify({ code }),
    headers: { authorization: `Bearer ${issueToken(config.appSecret, u.id, 3600, now).token}` },
  }))
  const r = await load(base, CONNECTIONS, items)
  const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM checkins WHERE meeting_id = ${meeting.id}`))
  await close()
  return { label, ...r, rows: n }
}

async function main() {
  const hello = await helloWorld(CONNECTIONS, MEMBERS)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 're-bench-'))
  const results = [await run('PGlite', { kind: 'pglite', dataDir: dir })]
  fs.rmSync(dir, { recursive: true, force: true })
  if (process.env.DATABASE_URL) {
    // A throw-away database on that server, so the benchmark never writes into real data.
    results.push(await withThrowawayPostgres(process.env.DATABASE_URL, (url) => run('PostgreSQL', { kind: 'postgres', url, poolSize: 20 })))
  }

  const f = (n: number) => n.toFixed(1)
  console.log(`\n签到压测：${MEMBERS} 名不同党员，${CONNECTIONS} 个并发连接（${os.cpus().length} 核）`)
  console.log(`Fastify hello-world   ${f(hello.perSec).padStart(8)} 次/秒  p50 ${f(hello.p50)} ms  p99 ${f(hello.p99)} ms`)
  for (const r of results) {
    console.log(
      `${(r.label + ' 签到').padEnd(20)}  ${f(r.perSec).padStart(8)} 次/秒  p50 ${f(r.p50)} ms  p99 ${f(r.p99)} ms  成功 ${r.ok}  记录 ${r.rows} 条${r.rows === MEMBERS ? ' ✔' : ' ✘ 应为 ' + MEMBERS}  为 hello-world 的 ${((r.perSec / hello.perSec) * 100).toFixed(1)}%`,
    )
  }
  process.exit(results.every((r) => r.rows === MEMBERS) ? 0 : 1)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
