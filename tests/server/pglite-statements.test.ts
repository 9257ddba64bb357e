import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/pglite'
import { rowsOf } from '../../server/src/db/client'
import { forDrizzle } from '../../server/src/db/pglite'
import { copyTemplateInto, sharedPgliteOptions } from '../../server/src/db/template'

/**
 * The embedded database keeps a named statement per SQL text (server/src/db/pglite.ts). These run
 * on PGlite whichever engine the rest of the suite uses, and look at what PostgreSQL itself holds
 * (`pg_prepared_statements`) as well as at the answers.
 */
let client: PGlite
let dir: string
let db: ReturnType<typeof drizzle>
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(process.env.RE_TEST_DB_DIR || os.tmpdir(), 'stmt-'))
  expect(await copyTemplateInto(dir)).toBe(true)
  client = new PGlite({ ...(await sharedPgliteOptions()), dataDir: dir })
  await client.waitReady
  db = drizzle({ client: forDrizzle(client, 3) })
})
afterAll(async () => {
  await client?.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Statements PostgreSQL holds for this session, as their SQL text (PGlite's own client sees them too). */
async function held(): Promise<string[]> {
  const r = await client.query<{ statement: string }>(`SELECT statement FROM pg_prepared_statements WHERE name LIKE 're\\_%'`)
  return r.rows.map((x) => x.statement)
}
const one = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await db.execute(q))[0]

test('a SQL text is prepared once and then run with each call’s values', async () => {
  const answers = []
  for (let i = 1; i <= 4; i++) answers.push((await one<{ n: number }>(sql`SELECT ${i}::int + 1 AS n`)).n)
  expect(answers).toEqual([2, 3, 4, 5])
  expect((await held()).filter((s) => s === 'SELECT $1::int + 1 AS n')).toHaveLength(1)
  // values of other types are written by their parameter's type
  const r = await one<Record<string, unknown>>(sql`SELECT ${true}::bool AS b, ${{ a: 1 }}::jsonb AS j, ${null}::text AS t, ${'2024-05-06T07:08:09.000Z'}::timestamptz AS ts`)
  expect(r.b).toBe(true)
  expect(r.j).toEqual({ a: 1 })
  expect(r.t).toBeNull()
  expect(new Date(r.ts as string).toISOString()).toBe('2024-05-06T07:08:09.000Z')
})

test('queries running at the same time, inside and outside a transaction, each get their own answer', async () => {
  const outside = Array.from({ length: 20 }, (_, i) => one<{ n: number }>(sql`SELECT ${i}::int * 2 AS n`))
  const inside = db.transaction(async (tx) => {
    const got = []
    for (let i = 0; i < 5; i++) got.push(rowsOf<{ n: number }>(await tx.execute(sql`SELECT ${i}::int * 3 AS n`))[0].n)
    return got
  })
  expect((await Promise.all(outside)).map((r) => r.n)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2))
  expect(await inside).toEqual([0, 3, 6, 9, 12])
})

test('a statement that does not parse is reported every time and not kept; a failed run leaves the statement usable', async () => {
  for (let i = 0; i < 2; i++) await expect(db.execute(sql`SELEC 1`)).rejects.toMatchObject({ cause: { code: '42601' } })
  expect(await held()).not.toContain('SELEC 1')

  await db.execute(sql`CREATE TABLE uniq_probe (k text PRIMARY KEY)`)
  const insert = (k: string) => db.execute(sql`INSERT INTO uniq_probe VALUES (${k})`)
  await insert('a')
  await expect(insert('a')).rejects.toMatchObject({ cause: { code: '23505', constraint: 'uniq_probe_pkey' } })
  await insert('b')
  expect(rowsOf<{ k: string }>(await db.execute(sql`SELECT k FROM uniq_probe ORDER BY k`)).map((r) => r.k)).toEqual(['a', 'b'])
})

test('past the limit the least recently used statement is closed, and runs again when asked', async () => {
  const a = sql`SELECT 'a' AS x`
  await one(a)
  await one(sql`SELECT 'b' AS x`)
  await one(sql`SELECT 'c' AS x`)
  await one(a) // a is now the most recently used
  await one(sql`SELECT 'd' AS x`)
  await one(sql`SELECT 'e' AS x`)
  const now = await held()
  expect(now).toContain(`SELECT 'a' AS x`)
  expect(now).not.toContain(`SELECT 'b' AS x`)
  // the limit (3), plus one closed with the next statement prepared
  expect(now.length).toBeLessThanOrEqual(4)
  expect(await one<{ x: string }>(sql`SELECT 'b' AS x`)).toEqual({ x: 'b' })
})

test('a statement whose columns changed under it is prepared again (retried outside a transaction)', async () => {
  await db.execute(sql`CREATE TABLE shape_probe (a int)`)
  await db.execute(sql`INSERT INTO shape_probe VALUES (1)`)
  const all = sql`SELECT * FROM shape_probe`
  expect(await one(all)).toEqual({ a: 1 })
  await db.execute(sql`ALTER TABLE shape_probe ADD COLUMN b int DEFAULT 2`)
  expect(await one(all)).toEqual({ a: 1, b: 2 })

  await db.execute(sql`ALTER TABLE shape_probe ADD COLUMN c int DEFAULT 3`)
  // inside a transaction the error stands (it has aborted the transaction) …
  await expect(db.transaction(async (tx) => tx.execute(all))).rejects.toMatchObject({ cause: { code: '0A000' } })
  // … and the next run prepares it afresh
  expect(await one(all)).toEqual({ a: 1, b: 2, c: 3 })
})

test('two handles on the same database keep their statements apart', async () => {
  const [first, second] = [drizzle({ client: forDrizzle(client) }), drizzle({ client: forDrizzle(client) })]
  const who = async (d: typeof db, name: string) => rowsOf<{ who: string }>(await d.execute(sql`SELECT ${name}::text AS who`))[0].who
  expect([await who(first, 'first'), await who(second, 'second'), await who(first, 'first again')]).toEqual(['first', 'second', 'first again'])
})

test('a statement first prepared in a transaction that rolled back is kept and used inside the next one', async () => {
  const q = sql`SELECT 40 + ${2}::int AS n`
  await expect(
    db.transaction(async (tx) => {
      await tx.execute(q)
      tx.rollback()
    }),
  ).rejects.toThrow('Rollback')
  expect((await held()).filter((s) => s === 'SELECT 40 + $1::int AS n')).toHaveLength(1)
  expect(await db.transaction(async (tx) => rowsOf<{ n: number }>(await tx.execute(q))[0].n)).toBe(42)
})
