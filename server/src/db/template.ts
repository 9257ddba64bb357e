import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PGlite, type PGliteOptions } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { migrate } from 'drizzle-orm/pglite/migrator'

/**
 * A migrated PGlite data directory, made once and loaded by every new PGlite database.
 *
 * A new PGlite pays for initdb (a second WebAssembly program that builds the system catalogs,
 * about 3–5 s here) and then for the migrations. Neither depends on anything but PGlite's
 * version and the committed migrations, so both are done once: the result is dumped as a tar
 * (`dumpDataDir`) into a cache folder, keyed by a hash of the migration files and PGlite's
 * version, and a new database starts from it (`new PGlite({ loadDataDir })`). When a migration
 * is added or PGlite upgraded the key changes and the next start makes a new template (older
 * ones are removed). The migrator still runs after loading, and finds nothing to do.
 *
 * The cache folder is PGLITE_TEMPLATE_DIR, else `.cache/pglite` at the project root (made by
 * `npm run build:server`, the first `npm run server`, or the jest global setup), else the
 * system's temporary folder when the project folder cannot be written.
 */

const MIGRATIONS_DIR = path.join(__dirname, 'migrations')

/**
 * initdb's two template databases. PGlite only ever opens `postgres`, and nothing here runs CREATE
 * DATABASE (which copies template1), so the template leaves them out: they are 600 of its 1,129
 * files, and starting a new database on disk is mostly creating files (copyTemplateInto: 1.1–1.2 s
 * for 1,129 files and 0.6 s for 529 on this machine's disk, whether the WAL's 16 MB are among them
 * or not).
 */
const UNUSED_DATABASES = ['template0', 'template1']

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort()
}

function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite')
  for (let dir = path.dirname(entry); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json')
    if (fs.existsSync(pkg)) {
      const json = JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string; version?: string }
      if (json.name === '@electric-sql/pglite') return json.version ?? 'unknown'
    }
  }
  return 'unknown'
}

/** The template's key: PGlite's version, how it is made, and every file of the migrations folder (names and contents). */
export function templateKey(migrationsDir = MIGRATIONS_DIR): string {
  const h = createHash('sha256').update(`pglite ${pgliteVersion()}\nwithout ${UNUSED_DATABASES.join(' ')}\n`)
  for (const f of filesUnder(migrationsDir)) h.update(path.relative(migrationsDir, f)).update('\0').update(fs.readFileSync(f)).update('\0')
  return h.digest('hex').slice(0, 16)
}

/** The project root (the folder of package.json "red-engine"), from the source or the compiled build. */
function projectRoot(): string | null {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json')
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'red-engine') return dir
  }
  return null
}

export function templateDir(): string {
  if (process.env.PGLITE_TEMPLATE_DIR) return process.env.PGLITE_TEMPLATE_DIR
  const root = projectRoot()
  return root ? path.join(root, '.cache', 'pglite') : path.join(os.tmpdir(), 'red-engine-pglite')
}

export function templatePath(dir = templateDir(), key = templateKey()): string {
  return path.join(dir, `template-${key}.tar`)
}

let wasmModule: Promise<WebAssembly.Module> | null = null
let fsBundle: Blob | null = null

/**
 * PostgreSQL's buffer pool inside PGlite, in MB. PGlite starts with PostgreSQL's 128 MB, and
 * starting clears all of it: 0.76–0.85 s per open here, against 0.26–0.35 s with 16 MB and 0.31–0.35 s
 * with 32 MB (the rest of the start does not depend on it). Pages that are not in the pool come from
 * the operating system's file cache, as on any PostgreSQL.
 */
export const PGLITE_SHARED_BUFFERS_MB = 32

/**
 * PGlite's WebAssembly compiled once per process and its file-system bundle read once, shared by
 * every PGlite this process opens (a test file opens several); PostgreSQL's start parameters with
 * the buffer pool of `sharedBuffersMB`.
 */
export async function sharedPgliteOptions(sharedBuffersMB = PGLITE_SHARED_BUFFERS_MB): Promise<Pick<PGliteOptions, 'pgliteWasmModule' | 'fsBundle' | 'startParams'>> {
  const dist = path.dirname(require.resolve('@electric-sql/pglite'))
  wasmModule ??= WebAssembly.compile(fs.readFileSync(path.join(dist, 'pglite.wasm')))
  fsBundle ??= new Blob([fs.readFileSync(path.join(dist, 'pglite.data'))])
  return { pgliteWasmModule: await wasmModule, fsBundle, startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffersMB}MB`] }
}

/** Makes a migrated data directory from scratch (initdb, migrations, the unused databases dropped, checkpoint) and returns its tar. */
export async function makeTemplate(migrationsDir = MIGRATIONS_DIR): Promise<Blob> {
  const client = new PGlite({ ...(await sharedPgliteOptions()) })
  try {
    await client.waitReady
    await migrate(drizzle(client), { migrationsFolder: migrationsDir })
    for (const name of UNUSED_DATABASES) {
      // (one statement per call: DROP DATABASE may not run in a transaction block)
      await client.exec(`ALTER DATABASE ${name} IS_TEMPLATE false`)
      await client.exec(`DROP DATABASE ${name}`)
    }
    await client.exec('CHECKPOINT')
    return await client.dumpDataDir('none')
  } finally {
    await client.close()
  }
}

/**
 * The template as a data directory (`template-<key>.dir`), for a new database on disk: copying its
 * 530 files (0.05 s on tmpfs, 0.6 s on this machine's disk) and opening them is quicker than unpacking the tar into a new
 * directory through PGlite (about 2 s). Made from the tar once, next to it. Null when it cannot be.
 */
export async function ensureTemplateDir(dir = templateDir()): Promise<string | null> {
  const target = templatePath(dir).replace(/\.tar$/, '.dir')
  if (fs.existsSync(path.join(target, 'PG_VERSION'))) return target
  const tar = await ensureTemplate(dir)
  if (!tar) return null
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`
  try {
    const client = new PGlite({ ...(await sharedPgliteOptions()), dataDir: tmp, loadDataDir: tar })
    await client.waitReady
    await client.close()
    try {
      fs.renameSync(tmp, target)
    } catch {
      // Another process made it first: theirs is as good.
      fs.rmSync(tmp, { recursive: true, force: true })
    }
    for (const name of fs.readdirSync(dir)) {
      if (/^template-[0-9a-f]+\.dir$/.test(name) && path.join(dir, name) !== target) fs.rmSync(path.join(dir, name), { recursive: true, force: true })
    }
    return fs.existsSync(path.join(target, 'PG_VERSION')) ? target : null
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true })
    return null
  }
}

/** Fills the empty folder `dataDir` with a copy of the template directory; false if there is none. */
export async function copyTemplateInto(dataDir: string): Promise<boolean> {
  const from = await ensureTemplateDir()
  if (!from) return false
  // (a copy-on-write clone where the file system offers one, a plain copy elsewhere)
  fs.cpSync(from, dataDir, { recursive: true, mode: fs.constants.COPYFILE_FICLONE })
  return true
}

const loaded = new Map<string, Promise<Blob>>()

/**
 * The template for the current migrations: read from the cache folder, or made and written
 * there (atomically, so that processes starting together never read half a file). Returns the
 * tar; null when it could neither be read nor made (the caller then runs initdb as before).
 */
export function ensureTemplate(dir = templateDir()): Promise<Blob | null> {
  const file = templatePath(dir)
  let p = loaded.get(file)
  if (!p) {
    p = loadOrMake(dir, file)
    loaded.set(file, p)
    p.catch(() => loaded.delete(file))
  }
  return p.catch(() => null)
}

async function loadOrMake(dir: string, file: string): Promise<Blob> {
  if (fs.existsSync(file)) return new Blob([fs.readFileSync(file)])
  const tar = await makeTemplate()
  try {
    fs.mkdirSync(dir, { recursive: true })
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`
    fs.writeFileSync(tmp, Buffer.from(await tar.arrayBuffer()))
    fs.renameSync(tmp, file)
    // Templates of older migrations are of no further use.
    for (const name of fs.readdirSync(dir)) {
      if (/^template-[0-9a-f]+\.tar$/.test(name) && path.join(dir, name) !== file) fs.rmSync(path.join(dir, name), { force: true })
    }
  } catch {
    // A read-only project folder: the template serves this process only.
  }
  return tar
}
