/**
 * A tiny real HTTP server standing in for the API: each test says what a route answers
 * (status + JSON body) and reads back what the client sent. The client is pointed at it
 * through TARO_APP_API_BASE, the same variable the build uses.
 */
import http from 'http'
import type { AddressInfo } from 'net'

export interface Reply {
  status?: number
  body?: unknown
  /** Send this text as-is instead of JSON. */
  raw?: string
}

export interface Received {
  method: string
  url: string
  headers: http.IncomingHttpHeaders
  body: unknown
}

export interface TestApi {
  base: string
  received: Received[]
  /** `on('GET /api/v1/me', …)`; a function reply sees the request. */
  on: (route: string, reply: Reply | ((req: Received) => Reply)) => void
  close: () => Promise<void>
}

export async function startApi(): Promise<TestApi> {
  const routes = new Map<string, Reply | ((req: Received) => Reply)>()
  const received: Received[] = []
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const got: Received = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: text ? JSON.parse(text) : undefined }
      received.push(got)
      const path = got.url.split('?')[0]
      const route = routes.get(`${got.method} ${path}`)
      const reply = typeof route === 'function' ? route(got) : (route ?? { status: 404, body: { error: { code: 'NOT_FOUND', message: '没有这个接口' } } })
      res.statusCode = reply.status ?? 200
      if (reply.raw !== undefined) {
        res.setHeader('Content-Type', 'text/html; charset=utf-8')
        res.end(reply.raw)
      } else {
        res.setHeader('Content-Type', 'application/json; charset=utf-8')
        res.end(JSON.stringify(reply.body ?? {}))
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  process.env.TARO_APP_API_BASE = base
  return {
    base,
    received,
    on: (route, reply) => {
      routes.set(route, reply)
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A token that expires in an hour, as the server would hand out. */
export function session(nickname = '张明') {
  return {
    token: 'test-token',
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    user: { id: '00000000-0000-4000-8000-000000000001', nickname },
  }
}
