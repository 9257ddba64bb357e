import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import pg from 'pg'
import * as schema from './schema'
import { ensureTemplate, sharedPgliteOptions } from './template'

export type Schema = typeof schema
/** The one database type the services use, whichever engine is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>
/** A database handle or an open transaction. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0]

export interface Database {
  db: Db
  kind: 'pglite' | 'postgres'
  close(): Promise<void>
}

export type DbTarget =
  | { kind: 'pglite'; dataDir: string | null }
  | { kind: 'postgres'; url: string; poolSize?: number; onIdleError?: (err: Error) => void }

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations')

/** Any serialized lock number works as long as every instance uses the same one. */
const MIGRATION_LOCK_KEY = 731_947_001

/**
 * Opens the database and brings its schema up to date with the committed migrations.
 * PGlite (embedded, in `dataDir`, or in memory when null) or PostgreSQL — the rest of
 * the code sees the same Drizzle API either way.
 */
export async function openDatabase(target: DbTarget): Promise<Database> {
  if (target.kind === 'pglite') {
    if (target.dataDir) fs.mkdirSync(target.dataDir, { recursive: true })
    // A new database starts from the migrated template (template.ts) instead of running
    // initdb and every migration; an existing one is opened as it is.
    const fresh = !target.dataDir || !fs.existsSync(path.join(target.dataDir, 'PG_VERSION'))
    const template = fresh ? await ensureTemplate() : null
    const client = new PGlite({
      ...(await sharedPgliteOptions()),
      ...(target.dataDir ? { dataDir: target.dataDir } : {}),
      ...(template ? { loadDataDir: template } : {}),
    })
    await client.waitReady
    const db = drizzlePglite(client, { schema })
    await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR })
    return { db: db as unknown as Db, kind: 'pglite', close: once(() => client.close()) }
  }

  // Migrate on one dedicated connection under an advisory lock, so that several
  // instances starting together do not race each other.
  const migrator = new pg.Client({ connectionString: target.url })
  await migrator.connect()
  try {
    await migrator.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY])
    await migratePg(drizzlePg(migrator, { schema }), { migrationsFolder: MIGRATIONS_DIR })
  } finally {
    await migrator.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {})
    await migrator.end()
  }
  const pool = new pg.Pool({ connectionString: target.url, max: target.poolSize ?? 10 })
  // An idle connection dropped by the server (restart, failover) must not crash the process:
  // the pool replaces it on the next query.
  pool.on('error', (err) => target.onIdleError?.(err))
  const db = drizzlePg(pool, { schema })
  return { db: db as unknown as Db, kind: 'postgres', close: once(() => pool.end()) }
}

/** Closing twice (a test, then its teardown) is harmless. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | null = null
  return () => (done ??= fn())
}

/** Rows of a raw `db.execute(sql…)`, which both drivers return as `{ rows }`. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows
}

/** True when `err` is PostgreSQL's unique violation (23505) on `constraint`, from either driver. */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string; cause?: { code?: string; constraint?: string } }
  const c = e?.cause ?? e
  return c?.code === '23505' && (c.constraint === constraint || String(e?.message ?? '').includes(constraint))
}
