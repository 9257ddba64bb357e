// The baseline of `npm run bench`: a bare Fastify hello-world in a process of its own, measured by
// the same load generator as the server, in the same run. Prints its port on stdout once listening.
// With DATABASE_URL it also answers GET /db with one round trip to PostgreSQL (a named prepared
// statement on a pool of 10, as the server's): the ceiling of any endpoint that needs the database once;
// and GET /db21 with a page of a list: 21 rows in the lesson list's 13 columns (made by
// generate_series, so no table is needed, and no index or join is walked), fetched by one prepared statement and sent as JSON — the
// ceiling of a list endpoint, with no sign-in, validation, scope or log line.
import Fastify from 'fastify'
import pg from 'pg'

const app = Fastify()
app.get('/', async () => ({ hello: 'world' }))
if (process.env.DATABASE_URL) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })
  app.get('/db', async () => {
    const { rows } = await pool.query({ name: 'one', text: 'SELECT $1::int AS n', values: [1] })
    return rows[0]
  })
  // Rows like the bench's lessons (titles 压测课程 n, an article of the committee, the learner's progress),
  // so that the answer is as long as the lesson list's: about 6 KB.
  const page = `SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid AS id, '压测课程 ' || g AS title, '党史学习' AS category,
      'article' AS kind, '园区党校' AS lecturer, 300 AS duration_sec, '' AS cover_url,
      '2026-12-01T00:00:00Z'::timestamptz - g * interval '1 minute' AS published_at, '2026-12-01T00:00:00Z'::timestamptz - g * interval '1 minute' AS created_at,
      '示范园区综合党委' AS org_name, 120 AS position_sec, 120 AS credited_sec, NULL::timestamptz AS completed_at
    FROM generate_series(1, $1::int) g`
  app.get('/db21', async () => {
    const { rows } = await pool.query({ name: 'page', text: page, values: [21] })
    return { items: rows }
  })
  app.addHook('onClose', () => pool.end())
}
await app.listen({ port: 0, host: '127.0.0.1' })
console.log(JSON.stringify({ port: app.server.address().port }))
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
