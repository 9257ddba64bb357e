// `npm run admin:invite -- --org <名称>`: the first admin of a fresh installation (server/src/admin-invite.ts),
// run as compiled JavaScript like `npm run server`, compiled first when a source is newer than build/.
import path from 'node:path'
import { OUT, buildServer, isStale } from './build-server.mjs'

if (isStale()) await buildServer()
await import(path.join(OUT, 'server/src/admin-invite.js'))
