// `npm run bench:lessons`: 10,000 published lessons and 1,000,000 progress rows, then the first page of
// the 微党课 list (with my progress) for 1,000 different members over 50 connections. Prints requests/s,
// p50/p99, the ratio to a bare Fastify hello-world in the same run, and the query plan of the list's SQL.
// PGlite always; PostgreSQL too when DATABASE_URL is set (in a throw-away database). Figures, not a test.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { rowsOf, type DbTarget } from '../server/src/db/client'
import { issueToken } from '../server/src/lib/token'
import { lessonListQuery, listOrgIds } from '../server/src/modules/lessons/service'
import { LessonQuerySchema } from '../src/domain/lessons'
import { helloWorld, load, startBenchApp, withThrowawayPostgres } from './bench-lib'

const LESSONS = 10_000
const USERS = 1_000
const PER_USER = 1_000 // 1,000 users × 1,000 lessons each = 1,000,000 progress rows
const CONNECTIONS = 50
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3_000)

/** Inlines $1… so the plan can be asked for with EXPLAIN (the values are uuids, numbers and dates). */
function inline(text: string, params: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, n) => {
    const v = params[Number(n) - 1]
    if (typeof v === 'number') return String(v)
    if (v instanceof Date) return `'${v.toISOString()}'`
    return `'${String(v).replace(/'/g, "''")}'`
  })
}

async function run(label: string, target: DbTarget) {
  const { config, db, base, close } = await startBenchApp(target)

  const t0 = Date.now()
  const [{ committee, branch }] = rowsOf<{ committee: string; branch: string }>(
    await db.execute(sql`SELECT (SELECT id FROM organizations WHERE parent_id IS NULL LIMIT 1) AS committee,
      (SELECT id FROM organizations WHERE name = '星火科技有限公司党支部') AS branch`),
  )
  await db.execute(sql`INSERT INTO lessons (org_id, title, category, kind, lecturer, duration_sec, body_html, published_at, created_at, updated_at)
    SELECT CASE WHEN g % 5 = 0 THEN ${branch}::uuid ELSE ${committee}::uuid END,
      '压测课程 ' || g, (ARRAY['理论学习','党史学习','党章党规','业务融合'])[1 + g % 4], 'article', '园区党校', 300, '<p>正文</p>',
      now() - make_interval(mins => g), now() - make_interval(mins => g), now()
    FROM generate_series(1, ${LESSONS}) g`)
  const users = rowsOf<{ id: string }>(
    await db.execute(sql`INSERT INTO users (openid, nickname) SELECT 'bench-lesson-' || g, '学员' || g FROM generate_series(1, ${USERS}) g RETURNING id`),
  )
  await db.execute(sql`INSERT INTO members (user_id, branch_id, real_name, member_type, joined_at)
    SELECT id, ${branch}, nickname, 'full', '2015-07-01' FROM users WHERE openid LIKE 'bench-lesson-%'`)
  // Each user has studied the 1,000 newest lessons, so the first page always joins real progress rows.
  await db.execute(sql`INSERT INTO lesson_progress (user_id, lesson_id, position_sec, credited_sec, last_beat_at, updated_at)
    SELECT u.id, l.id, 120, 120, now(), now()
    FROM (SELECT id FROM users WHERE openid LIKE 'bench-lesson-%') u
    CROSS JOIN (SELECT id FROM lessons ORDER BY published_at DESC LIMIT ${PER_USER}) l`)
  await db.execute(sql`ANALYZE`)
  const [{ lessons: nLessons, progress }] = rowsOf<{ lessons: number; progress: number }>(
    await db.execute(sql`SELECT (SELECT count(*)::int FROM lessons) AS lessons, (SELECT count(*)::int FROM lesson_progress) AS progress`),
  )
  const seedSec = (Date.now() - t0) / 1000

  // The plan of the very SQL the endpoint runs, for the first user.
  const q = LessonQuerySchema.parse({})
  const orgIds = await listOrgIds(db, users[0].id, q, new Date())
  const built = lessonListQuery(db, users[0].id, orgIds, q).toSQL()
  const plan = rowsOf<Record<string, string>>(await db.execute(sql.raw(`EXPLAIN ANALYZE ${inline(built.sql, built.params)}`)))
    .map((r) => Object.values(r)[0])
    .join('\n')

  const now = Date.now()
  const tokens = users.map((u) => issueToken(config.appSecret, u.id, 3600, now).token)
  const request = (i: number) => ({ path: '/api/v1/lessons?limit=20', method: 'GET', headers: { authorization: `Bearer ${tokens[i % tokens.length]}` } })
  await load(base, CONNECTIONS, Array.from({ length: 300 }, (_, i) => request(i))) // warm-up
  const r = await load(base, CONNECTIONS, Array.from({ length: REQUESTS }, (_, i) => request(i)))
  // One answer, checked: 20 items, each with my progress.
  const sample = (await fetch(`${base}/api/v1/lessons?limit=20`, { headers: request(0).headers }).then((res) => res.json())) as {
    items: { myProgress: unknown }[]
  }
  await close()
  return { label, ...r, nLessons, progress, seedSec, plan, sampleOk: sample.items.length === 20 && sample.items.every((i) => i.myProgress) }
}

async function main() {
  const hello = await helloWorld(CONNECTIONS, REQUESTS)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 're-bench-lessons-'))
  const results = []
  try {
    results.push(await run('PGlite', { kind: 'pglite', dataDir: dir }))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  if (process.env.DATABASE_URL) {
    results.push(await withThrowawayPostgres(process.env.DATABASE_URL, (url) => run('PostgreSQL', { kind: 'postgres', url, poolSize: 20 })))
  }
  const f = (n: number) => n.toFixed(1)
  console.log(`\n微党课列表压测：${LESSONS} 节课、${USERS} 名学员、每人 ${PER_USER} 条进度；${CONNECTIONS} 个并发连接，${REQUESTS} 次请求（${os.cpus().length} 核）`)
  console.log(`Fastify hello-world   ${f(hello.perSec).padStart(8)} 次/秒  p50 ${f(hello.p50)} ms  p99 ${f(hello.p99)} ms`)
  for (const r of results) {
    console.log(
      `${(r.label + ' 列表首页').padEnd(20)}  ${f(r.perSec).padStart(8)} 次/秒  p50 ${f(r.p50)} ms  p99 ${f(r.p99)} ms  成功 ${r.ok}/${REQUESTS}  为 hello-world 的 ${((r.perSec / hello.perSec) * 100).toFixed(1)}%`,
    )
    console.log(`  数据：课程 ${r.nLessons} 节，进度 ${r.progress} 条（准备用时 ${f(r.seedSec)} 秒）；抽查一页 20 条均带我的进度：${r.sampleOk ? '✔' : '✘'}`)
    console.log(`  查询计划（${r.label}）：\n${r.plan.replace(/^/gm, '    ')}`)
  }
  process.exit(results.every((r) => r.ok === REQUESTS && r.sampleOk) ? 0 : 1)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
