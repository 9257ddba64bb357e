// Compiles the server for production: every .ts of server/src and src/domain into build/ with
// the same layout (one .js per file, so relative imports and __dirname keep working), plus the
// files it reads at run time (migrations, demo media), then makes the migrated PGlite template
// when the cache has none. `npm run server` calls this when a source is newer than the last
// build; `node scripts/build-server.mjs` forces it.
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { build } from 'esbuild'
import { ROOT } from './lib.mjs'

export const OUT = path.join(ROOT, 'build')
export const ENTRY = path.join(OUT, 'server/src/server.js')
const SOURCES = ['server/src', 'src/domain']
const ASSETS = [
  ['server/src/db/migrations', 'server/src/db/migrations'],
  ['server/media', 'server/media'],
]

function files(dir, test) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? files(p, test) : test(p) ? [p] : []
  })
}

/** The newest modification time among the sources and assets. */
function newestSource() {
  return Math.max(...[...SOURCES, ...ASSETS.map(([from]) => from)].flatMap((d) => files(path.join(ROOT, d), () => true)).map((f) => fs.statSync(f).mtimeMs))
}

export function isStale() {
  return !fs.existsSync(ENTRY) || fs.statSync(ENTRY).mtimeMs < newestSource()
}

export async function buildServer() {
  const started = Date.now()
  fs.rmSync(OUT, { recursive: true, force: true })
  const entryPoints = SOURCES.flatMap((d) => files(path.join(ROOT, d), (f) => f.endsWith('.ts') && !f.endsWith('.d.ts')))
  await build({ entryPoints, outdir: OUT, outbase: ROOT, platform: 'node', format: 'cjs', target: 'node20', sourcemap: 'linked', logLevel: 'warning' })
  for (const [from, to] of ASSETS) fs.cpSync(path.join(ROOT, from), path.join(OUT, to), { recursive: true })
  // The entry last, so that its time stamp says the whole build is done.
  fs.utimesSync(ENTRY, new Date(), new Date())
  await prepareTemplate()
  return Date.now() - started
}

/**
 * The migrated PGlite template of the compiled migrations (server/src/db/template.ts), made now
 * unless the cache has it (as a tar, and as a directory that a new DATA_DIR copies), so that the
 * server's first start on an empty DATA_DIR only copies and opens it.
 */
export async function prepareTemplate() {
  const { ensureTemplate, ensureTemplateDir } = createRequire(import.meta.url)(path.join(OUT, 'server/src/db/template.js'))
  await ensureTemplate()
  await ensureTemplateDir()
}

// Without top-level await, so that CommonJS (jest's global setup) can require this module.
if (import.meta.url === `file://${process.argv[1]}`) {
  buildServer().then((ms) => console.log(`✔ 服务端已编译到 ${path.relative(ROOT, OUT)}/（${(ms / 1000).toFixed(1)} s）`))
}
