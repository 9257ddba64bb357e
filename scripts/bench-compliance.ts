// `npm run bench:compliance` (needs DATABASE_URL): the committee's 三会一课 view over 200 branches
// with 3 years of meetings on PostgreSQL, in a throw-away database on that server. Prints how long the
// view takes for a month, a quarter and a year (median of 5 after one warm-up) and the plan of its
// one big statement. A figure, not a test.
import { sql } from 'drizzle-orm'
import { openDatabase, rowsOf } from '../server/src/db/client'
import { committeeCompliance, meetingFactsQuery } from '../server/src/modules/compliance/service'
import { periodOf } from '../src/domain/compliance'
import { withThrowawayPostgres } from './bench'

const BRANCHES = 200
const MEMBERS = 9 // 8 full, 1 probationary: 支委会 and 党小组会 are owed too
const YEARS = 3

async function main() {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('bench:compliance measures PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)')
  await withThrowawayPostgres(url, async (target) => {
    const database = await openDatabase({ kind: 'postgres', url: target, poolSize: 4 })
    const db = database.db
    const now = new Date()
    const t0 = Date.now()
    const [{ admin, committee }] = rowsOf<{ admin: string; committee: string }>(
      await db.execute(sql`
        WITH u AS (INSERT INTO users (openid, nickname) VALUES ('bench-admin', '管理员') RETURNING id),
             c AS (INSERT INTO organizations (name, type, created_at) VALUES ('压测园区党委', 'committee', now() - interval '5 years') RETURNING id),
             r AS (INSERT INTO role_assignments (user_id, org_id, role) SELECT u.id, c.id, 'admin' FROM u, c)
        SELECT (SELECT id FROM u) AS admin, (SELECT id FROM c) AS committee`),
    )
    await db.execute(sql`
      INSERT INTO organizations (name, type, branch_kind, parent_id, created_at)
      SELECT '压测支部' || lpad(b::text, 3, '0'), 'branch', 'independent', ${committee}::uuid, now() - interval '5 years' FROM generate_series(1, ${BRANCHES}) b`)
    await db.execute(sql`
      INSERT INTO users (openid, nickname) SELECT 'bench-' || b || '-' || m, '党员' FROM generate_series(1, ${BRANCHES}) b, generate_series(1, ${MEMBERS}) m`)
    await db.execute(sql`
      INSERT INTO members (user_id, branch_id, real_name, member_type, joined_at, created_at)
      SELECT u.id, o.id, '党员' || m, CASE WHEN m = 1 THEN 'probationary' ELSE 'full' END::member_type, '2015-07-01', now() - interval '5 years'
      FROM generate_series(1, ${BRANCHES}) b CROSS JOIN generate_series(1, ${MEMBERS}) m
      JOIN organizations o ON o.name = '压测支部' || lpad(b::text, 3, '0')
      JOIN users u ON u.openid = 'bench-' || b || '-' || m`)
    // Every month 主题党日, 支委会, 党小组会; every quarter 党员大会 and 党课; every year 组织生活会 and 民主评议:
    // 46 a year per branch, on the 10th at 14:00 China time.
    await db.execute(sql`
      INSERT INTO meetings (branch_id, type, title, location, starts_at, ends_at, created_at)
      SELECT o.id, t.type::meeting_type, t.type || ' ' || to_char(mo, 'YYYY-MM'), '活动室',
             mo + interval '9 days 6 hours', mo + interval '9 days 8 hours', mo
      FROM organizations o
      CROSS JOIN generate_series(date_trunc('month', now()) - interval '${sql.raw(String(YEARS * 12))} months', date_trunc('month', now()) - interval '1 month', interval '1 month') mo
      CROSS JOIN (VALUES ('theme_day', 1), ('committee', 1), ('group', 1), ('branch_assembly', 3), ('lecture', 3), ('life_meeting', 12), ('review', 12)) t(type, every)
      WHERE o.type = 'branch' AND (extract(month FROM mo)::int - 1) % t.every = 0`)
    await db.execute(sql`
      INSERT INTO checkins (meeting_id, user_id, member_id, kind, method, name, at)
      SELECT m.id, mb.user_id, mb.id, 'member', 'qr', mb.real_name, m.starts_at - interval '20 minutes' + (row_number() OVER (PARTITION BY m.id ORDER BY mb.id)) * interval '2 minutes'
      FROM meetings m JOIN members mb ON mb.branch_id = m.branch_id
      WHERE hashtext(mb.id::text || m.id::text) % 10 <> 0`)
    await db.execute(sql`INSERT INTO meeting_minutes (meeting_id, body, updated_at, created_at) SELECT id, '会议记录', ends_at + interval '1 day', ends_at + interval '1 day' FROM meetings WHERE hashtext(id::text) % 20 <> 0`)
    await db.execute(sql`ANALYZE`)
    const counts = rowsOf<{ meetings: number; checkins: number }>(await db.execute(sql`SELECT (SELECT count(*) FROM meetings)::int AS meetings, (SELECT count(*) FROM checkins)::int AS checkins`))[0]
    console.log(`准备数据 ${((Date.now() - t0) / 1000).toFixed(1)} 秒：${BRANCHES} 个支部、${BRANCHES * MEMBERS} 名党员、${counts.meetings} 次会议、${counts.checkins} 条签到（PostgreSQL）`)

    const deps = { db, now: () => now }
    for (const unit of ['month', 'quarter', 'year'] as const) {
      const key = periodOf(unit, new Date(now.getTime() - 40 * 86_400_000)).key
      await committeeCompliance(deps, admin, committee, key)
      const times: number[] = []
      let rows = 0
      for (let i = 0; i < 5; i++) {
        const s = process.hrtime.bigint()
        const v = await committeeCompliance(deps, admin, committee, key)
        times.push(Number(process.hrtime.bigint() - s) / 1e6)
        rows = v.rows.length
      }
      times.sort((a, b) => a - b)
      console.log(`党委落实情况表 ${key}：${rows} 个支部，中位数 ${times[2].toFixed(0)} ms（最快 ${times[0].toFixed(0)}，最慢 ${times[4].toFixed(0)}）`)
    }
    const ids = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM organizations WHERE type = 'branch'`)).map((r) => r.id)
    const year = periodOf('year', new Date(now.getTime() - 40 * 86_400_000))
    const plan = rowsOf<{ 'QUERY PLAN': string }>(await db.execute(sql`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${meetingFactsQuery(ids, year.start, year.end)}`))
    console.log(`\n一年的会议事实（${year.key}，${ids.length} 个支部）的执行计划：`)
    for (const p of plan) console.log(p['QUERY PLAN'])
    await database.close()
  })
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
