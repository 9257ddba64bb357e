// The load generator of `npm run bench`, in its own process so that it never shares a CPU thread
// with what it measures. Reads a JSON job from the file named on the command line:
//   { url, connections, duration?, amount?, method?, path, body?, tokens?: string[] }
// Each request takes the next token (so every request is a different signed-in person, round
// robin), and prints autocannon's figures as one JSON line, with the CPU this process spent on the
// run itself (not on starting Node and loading autocannon: about 0.35 s, which spread over a
// 2,000-request burst read as 0.17 ms per sign-in).
//
// Before the run, autocannon is warmed up on a stand-in server inside this process (never on the
// server under test, which stays as cold as the run wants it): a cold autocannon spent 0.16–0.17 ms
// of CPU per request on a 2,000-request burst and 0.05 ms over 20,000, on the same two cores as the
// server it measures.
import fs from 'node:fs'
import http from 'node:http'
import autocannon from 'autocannon'

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))
let next = 0
const tokens = job.tokens ?? []

/** The job's requests (method, path, body, a token each) as autocannon takes them. */
const requests = (tokenList) => [
  {
    method: job.method ?? 'GET',
    path: job.path,
    ...(job.body ? { body: job.body } : {}),
    setupRequest(req) {
      const headers = { ...req.headers, ...(job.body ? { 'content-type': 'application/json' } : {}) }
      if (tokenList.length) headers.authorization = `Bearer ${tokenList[next++ % tokenList.length]}`
      return { ...req, headers }
    },
  },
]

// The warm-up: the same requests, answered by a stand-in with a short JSON body.
{
  const standIn = http.createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      res.setHeader('content-type', 'application/json; charset=utf-8')
      res.end('{"ok":true}')
    })
  })
  await new Promise((resolve) => standIn.listen(0, '127.0.0.1', resolve))
  await autocannon({ url: `http://127.0.0.1:${standIn.address().port}`, connections: job.connections, amount: 2000, requests: requests(tokens) })
  standIn.closeAllConnections()
  await new Promise((resolve) => standIn.close(resolve))
  next = 0
}
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
  requests: requests(tokens),
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
