// The baseline of `npm run bench`: a bare Fastify hello-world in a process of its own, measured by
// the same load generator as the server, in the same run. Prints its port on stdout once listening.
// With DATABASE_URL it also answers GET /db with one round trip to PostgreSQL (a named prepared
// statement on a pool of 10, as the server's): the ceiling of any endpoint that needs the database once;
// and GET /db21 with a page of a list: 21 rows in the lesson list's 13 columns (made by
// generate_series, so no table is needed), fetched by one prepared statement and sent as JSON — the
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
  const page = `SELECT gen_random_uuid() AS id, '微党课第' || g || '讲：学习贯彻党的二十届四中全会精神' AS title, '理论学习' AS category,
      'video' AS kind, '园区党校 讲师' || g AS lecturer, 600 + g AS duration_sec, '/media/lessons/cover-' || g || '.png' AS cover_url,
      now() - g * interval '1 hour' AS published_at, now() - g * interval '1 hour' AS created_at, '星火科技有限公司党支部' AS org_name,
      g * 10 AS position_sec, g * 10 AS credited_sec, NULL::timestamptz AS completed_at
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
