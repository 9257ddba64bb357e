// The load generator of `npm run bench`, in its own process so that it never shares a CPU thread
// with what it measures. Reads a JSON job from the file named on the command line:
//   { url, connections, duration?, amount?, method?, path, body?, tokens?: string[] }
// Each request takes the next token (so every request is a different signed-in person, round
// robin), and prints autocannon's figures as one JSON line.
import fs from 'node:fs'
import autocannon from 'autocannon'

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))
let next = 0
const tokens = job.tokens ?? []
const result = await autocannon({
  url: job.url,
  connections: job.connections,
  ...(job.amount ? { amount: job.amount } : { duration: job.duration ?? 10 }),
  requests: [
    {
      method: job.method ?? 'GET',
      path: job.path,
      ...(job.body ? { body: job.body } : {}),
      setupRequest(req) {
        const headers = { ...req.headers, ...(job.body ? { 'content-type': 'application/json' } : {}) }
        if (tokens.length) headers.authorization = `Bearer ${tokens[next++ % tokens.length]}`
        return { ...req, headers }
      },
    },
  ],
})
console.log(
  JSON.stringify({
    requests: result.requests.total,
    perSec: result.requests.total / (result.duration || 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes: result.statusCodeStats,
  }),
)
