import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import pg from 'pg'
import { forDrizzle } from './pglite'
import * as schema from './schema'
import { copyTemplateInto, ensureTemplate, sharedPgliteOptions } from './template'

export type Schema = typeof schema
/** The one database type the services use, whichever engine is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>
/** A database handle or an open transaction. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0]

export interface Database {
  db: Db
  kind: 'pglite' | 'postgres'
  /**
   * Notifications sent with `pg_notify(channel, payload)` by any instance on this database, once
   * committed. `ready` runs when messages can arrive (again) and `lost` when they may have been
   * missed: the connection dropped (it is re-opened every 2 s). On PGlite, which is one process,
   * they come from PGlite itself (several apps may share it: tests).
   */
  listen(channel: string, on: NotificationHandlers): { close(): Promise<void> }
  close(): Promise<void>
}

export interface NotificationHandlers {
  ready(): void
  lost(): void
  message(payload: string): void
}

export type DbTarget =
  | { kind: 'pglite'; dataDir: string | null; /** PostgreSQL's buffer pool (template.ts), default 32. */ sharedBuffersMB?: number }
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
    // On disk, a copy of the template directory; in memory, the template's tar.
    const copied = fresh && target.dataDir ? await copyTemplateInto(target.dataDir) : false
    const template = fresh && !copied ? await ensureTemplate() : null
    const client = new PGlite({
      ...(await sharedPgliteOptions(target.sharedBuffersMB)),
      ...(target.dataDir ? { dataDir: target.dataDir } : {}),
      ...(template ? { loadDataDir: template } : {}),
    })
    await client.waitReady
    const db = drizzlePglite({ client: forDrizzle(client), schema })
    await migratePglite(db, { migrationsFolder: MIGRATIONS_DIR })
    const listen = (channel: string, on: NotificationHandlers) => {
      if (!CHANNEL.test(channel)) throw new Error(`bad channel name: ${channel}`)
      const unsubscribe = client.listen(channel, (payload) => on.message(payload)).then(
        (unsub) => {
          on.ready()
          return unsub
        },
        () => {
          on.lost() // (PGlite closed meanwhile)
          return null
        },
      )
      return {
        close: async () => {
          const unsub = await unsubscribe
          await unsub?.().catch(() => {})
        },
      }
    }
    return { db: db as unknown as Db, kind: 'pglite', listen, close: once(() => client.close()) }
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
  const url = target.url
  return { db: db as unknown as Db, kind: 'postgres', listen: (channel, on) => listenPg(url, channel, on), close: once(() => pool.end()) }
}

const CHANNEL = /^[a-z_][a-z0-9_]*$/
const RELISTEN_MS = 2000

/** LISTEN on a connection of its own (a pooled one would be handed to queries), re-opened when it drops. */
function listenPg(url: string, channel: string, on: NotificationHandlers): { close(): Promise<void> } {
  if (!CHANNEL.test(channel)) throw new Error(`bad channel name: ${channel}`)
  let closed = false
  let current: pg.Client | null = null
  let timer: NodeJS.Timeout | undefined
  const open = () => {
    if (closed) return
    const client = new pg.Client({ connectionString: url })
    let down = false
    const lose = () => {
      if (down) return
      down = true
      if (current === client) current = null
      client.end().catch(() => {})
      if (closed) return
      on.lost()
      timer = setTimeout(open, RELISTEN_MS)
    }
    client.on('error', lose)
    client.on('end', lose)
    client.on('notification', (n) => {
      if (n.channel === channel) on.message(n.payload ?? '')
    })
    client
      .connect()
      .then(() => client.query(`LISTEN ${channel}`))
      .then(() => {
        if (closed || down) return void client.end().catch(() => {})
        current = client
        on.ready()
      }, lose)
  }
  open()
  return {
    async close() {
      closed = true
      clearTimeout(timer)
      await current?.end().catch(() => {})
    },
  }
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
