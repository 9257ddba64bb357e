import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/src/db/client'
import { createTestDatabase, type TestDatabase } from './helpers'

/**
 * What drizzle reads back from the database is the same on PGlite and PostgreSQL: dates, times and
 * intervals as PostgreSQL's text (drizzle turns them into values), everything else parsed by the
 * driver. On PGlite the text parsers are set once on the database (server/src/db/pglite.ts), so
 * this also checks that they are there, outside and inside a transaction, and that the others were
 * kept.
 */
let t: TestDatabase
beforeAll(async () => {
  t = await createTestDatabase()
})
afterAll(() => t?.destroy())

const VALUES = sql`SELECT
  '2024-01-02'::date AS d,
  '2024-01-02 03:04:05'::timestamp AS ts,
  '2024-01-02T03:04:05.678Z'::timestamptz AS tstz,
  '1 day 02:00'::interval AS iv,
  ARRAY['2024-01-02'::date, '2024-03-04'::date] AS ds,
  ARRAY['2024-01-02T03:04:05Z'::timestamptz] AS tstzs,
  ARRAY[1.5::numeric] AS ns,
  ARRAY['1 day'::interval] AS ivs,
  ARRAY['2024-01-02 03:04:05'::timestamp] AS tss,
  7::int4 AS i, true AS b, '{"a":[1]}'::jsonb AS j, ARRAY[1, 2]::int4[] AS is_`

type Row = Record<string, unknown>

function expectDriverValues(r: Row) {
  expect(r.d).toBe('2024-01-02')
  expect(r.ts).toBe('2024-01-02 03:04:05')
  expect(typeof r.tstz).toBe('string')
  expect(new Date(r.tstz as string).toISOString()).toBe('2024-01-02T03:04:05.678Z')
  expect(r.iv).toBe('1 day 02:00:00')
  expect(r.ds).toBe('{2024-01-02,2024-03-04}')
  expect(typeof r.tstzs).toBe('string')
  expect(r.ns).toBe('{1.5}')
  expect(r.ivs).toBe('{"1 day"}')
  expect(r.tss).toBe('{"2024-01-02 03:04:05"}')
  expect(r.i).toBe(7)
  expect(r.b).toBe(true)
  expect(r.j).toEqual({ a: [1] })
  expect(r.is_).toEqual([1, 2])
}

test('dates, times and intervals come back as text, other types parsed', async () => {
  expectDriverValues(rowsOf<Row>(await t.db.execute(VALUES))[0])
})

test('the same inside a transaction, which still commits and rolls back', async () => {
  await t.db.execute(sql`CREATE TABLE tx_probe (n int4 PRIMARY KEY)`)
  await t.db.transaction(async (tx) => {
    expectDriverValues(rowsOf<Row>(await tx.execute(VALUES))[0])
    await tx.execute(sql`INSERT INTO tx_probe VALUES (1)`)
  })
  await expect(
    t.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO tx_probe VALUES (2)`)
      throw new Error('undo')
    }),
  ).rejects.toThrow('undo')
  expect(rowsOf<{ n: number }>(await t.db.execute(sql`SELECT n FROM tx_probe ORDER BY n`))).toEqual([{ n: 1 }])
})
