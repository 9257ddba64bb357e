import fs from 'node:fs'

/** Removes this run's folder of PGlite databases (global-setup.ts). */
export default async function globalTeardown(): Promise<void> {
  if (process.env.RE_TEST_DB_DIR) fs.rmSync(process.env.RE_TEST_DB_DIR, { recursive: true, force: true })
}
