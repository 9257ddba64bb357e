import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureTemplateDir, templatePath } from '../../server/src/db/template'
import { alive } from '../support/server-process'

/** Where this run's PGlite databases go (each ~40 MB while its test file runs): tmpfs when it has 2 GB free. */
function runFolderParent(): string {
  try {
    if (fs.statfsSync('/dev/shm').bavail * fs.statfsSync('/dev/shm').bsize > 2 * 1024 ** 3) return '/dev/shm'
  } catch {
    // no /dev/shm
  }
  return os.tmpdir()
}

/**
 * Once per jest run, before any server test file: the compiled server when a source is newer, and the migrated PGlite template
 * (server/src/db/template.ts) is made if the cache has none for the current migrations, so
 * that the workers load it instead of racing to make it. Nothing to do on PostgreSQL.
 */
export default async function globalSetup(): Promise<void> {
  // The compiled server that config-process and heartbeat-race start (tests/support/server-process.ts),
  // built here once rather than by two workers at the same time.
  const { buildServer, isStale } = await import('../../scripts/build-server.mjs')
  if (isStale()) await buildServer()
  if (process.env.TEST_DATABASE_URL) return
  if (!(await ensureTemplateDir())) throw new Error(`could not make the PGlite template ${templatePath()}`)
  const parent = runFolderParent()
  // Folders of runs that were killed before their teardown.
  for (const name of fs.readdirSync(parent)) {
    const m = /^re-test-run-(\d+)$/.exec(name)
    if (m && !alive(Number(m[1]))) fs.rmSync(path.join(parent, name), { recursive: true, force: true })
  }
  const dir = path.join(parent, `re-test-run-${process.pid}`)
  fs.mkdirSync(dir, { recursive: true })
  process.env.RE_TEST_DB_DIR = dir // the workers start after this and inherit it
}
