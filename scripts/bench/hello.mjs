// The baseline of `npm run bench`: a bare Fastify hello-world in a process of its own, measured by
// the same load generator as the server, in the same run. Prints its port on stdout once listening.
// With DATABASE_URL it also answers GET /db with one round trip to PostgreSQL (a named prepared
// statement on a pool of 10, as the server's): the ceiling of any endpoint that needs the database once.
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
  app.addHook('onClose', () => pool.end())
}
await app.listen({ port: 0, host: '127.0.0.1' })
console.log(JSON.stringify({ port: app.server.address().port }))
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
