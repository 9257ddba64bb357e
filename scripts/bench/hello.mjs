// The baseline of `npm run bench`: a bare Fastify hello-world in a process of its own, measured by
// the same load generator as the server, in the same run. Prints its port on stdout once listening.
import Fastify from 'fastify'

const app = Fastify()
app.get('/', async () => ({ hello: 'world' }))
await app.listen({ port: 0, host: '127.0.0.1' })
console.log(JSON.stringify({ port: app.server.address().port }))
process.on('SIGTERM', () => app.close().then(() => process.exit(0)))
