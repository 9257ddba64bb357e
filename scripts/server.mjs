// `npm run server`: the API alone, as in production — compiled JavaScript run by node in this
// very process (no tsx wrapper: the PID a process manager sees, or kill -9 hits, is the server).
// Compiles first when a source is newer than build/.
import path from 'node:path'
import { ENTRY, buildServer, isStale } from './build-server.mjs'
import { ROOT } from './lib.mjs'

if (isStale()) {
  const ms = await buildServer()
  console.error(`服务端已重新编译到 ${path.relative(ROOT, path.dirname(ENTRY))}（${(ms / 1000).toFixed(1)} s）`)
}
await import(ENTRY)
