// The load generator of `npm run bench`, in its own process so that it never shares a CPU thread
// with what it measures. Reads a JSON job from the file named on the command line:
//   { url, connections, duration?, amount?, method?, path, body?, tokens?: string[] }
// Each request takes the next token (so every request is a different signed-in person, round
// robin), and prints autocannon's figures as one JSON line, with the CPU this process spent on the
// run itself (not on starting Node and loading autocannon: about 0.35 s, which spread over a
// 2,000-request burst read as 0.17 ms per sign-in).
import fs from 'node:fs'
import autocannon from 'autocannon'

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))
let next = 0
const tokens = job.tokens ?? []
// autocannon reports only at its once-a-second ticks, so its duration is rounded up to a whole
// second: a 2,000-request burst that took 1.3 s read as 2 or 3 s (990 or 660 req/s, whatever the
// server did). The rate is taken from the time of the last response instead.
const started = performance.now()
const startedCpu = process.cpuUsage()
let lastResponse = started
const run = autocannon({
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
run.on('response', () => {
  lastResponse = performance.now()
})
const result = await run
const cpu = process.cpuUsage(startedCpu)
const seconds = (lastResponse - started) / 1000
console.log(
  JSON.stringify({
    requests: result.requests.total,
    perSec: result.requests.total / (seconds || result.duration || 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    statusCodes: result.statusCodeStats,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }),
)
