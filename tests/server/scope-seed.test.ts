import fs from 'node:fs'
import { eq, sql } from 'drizzle-orm'
import { openDatabase, rowsOf } from '../../server/src/db/client'
import { enterprises, organizations, roleAssignments, users } from '../../server/src/db/schema'
import { DEMO_ORG_NAMES } from '../../src/domain/demo'
import { canActAs, scopeOrgIds } from '../../server/src/modules/scope/service'
import { getLedger } from '../../server/src/modules/park/service'
import { seedDemo } from '../../server/src/seed/demo'
import { DB_KIND, createTestDatabase, type TestDatabase } from './helpers'
import { scratchDir } from '../support/server-process'

let database: TestDatabase
const ids: Record<string, string> = {}

beforeAll(async () => {
  database = await createTestDatabase()
  expect(await seedDemo(database.db)).toBe(true)
  for (const u of await database.db.select().from(users)) ids[u.openid] = u.id
  for (const o of await database.db.select().from(organizations)) ids[o.name] = o.id
})
afterAll(() => database.destroy())

const COMMITTEE = '示范园区综合党委'
const XINGHUO = '星火科技有限公司党支部'
const CHUANGYE = '创业大厦联合党支部'

describe('scope service', () => {
  test.each([
    ['demo-admin', ['admin'], COMMITTEE, true],
    ['demo-admin', ['admin'], XINGHUO, true], // a role covers everything below
    ['demo-admin', ['secretary'], XINGHUO, false], // …but only that role
    ['demo-secretary', ['secretary'], XINGHUO, true],
    ['demo-secretary', ['secretary', 'admin'], XINGHUO, true],
    ['demo-secretary', ['secretary'], COMMITTEE, false], // never upwards
    ['demo-secretary', ['secretary'], CHUANGYE, false], // never sideways
    ['demo-member', ['secretary', 'instructor', 'admin'], XINGHUO, false],
  ] as const)('%s as %j on %s → %s', async (openid, roles, org, expected) => {
    expect(await canActAs(database.db, ids[openid], roles, ids[org])).toBe(expected)
  })

  test('an unknown org is in nobody’s scope', async () => {
    expect(await canActAs(database.db, ids['demo-admin'], ['admin'], '00000000-0000-4000-8000-000000000000')).toBe(false)
  })

  test('scopeOrgIds: the org itself and everything below', async () => {
    expect((await scopeOrgIds(database.db, ids['demo-admin'], ['admin'])).sort()).toEqual(Object.values(DEMO_ORG_NAMES).map((n) => ids[n]).sort())
    expect(await scopeOrgIds(database.db, ids['demo-secretary'], ['secretary'])).toEqual([ids[XINGHUO]])
    expect(await scopeOrgIds(database.db, ids['demo-member'], ['secretary', 'admin', 'instructor'])).toEqual([])
  })

  test('an instructor of an enterprise covers the branch that covers it, and nothing else', async () => {
    const [kuaisong] = await database.db.select().from(enterprises).where(eq(enterprises.name, '快送骑手服务站'))
    // the demo instructor's enterprises have no branch yet: no branch is in her scope
    expect(await scopeOrgIds(database.db, ids['demo-instructor'], ['instructor'])).toEqual([])
    await database.db.update(enterprises).set({ branchId: ids[CHUANGYE] }).where(eq(enterprises.id, kuaisong.id))
    try {
      expect(await scopeOrgIds(database.db, ids['demo-instructor'], ['instructor'])).toEqual([ids[CHUANGYE]])
      expect(await canActAs(database.db, ids['demo-instructor'], ['instructor'], ids[CHUANGYE])).toBe(true)
      expect(await canActAs(database.db, ids['demo-instructor'], ['secretary', 'admin'], ids[CHUANGYE])).toBe(false)
      expect(await canActAs(database.db, ids['demo-instructor'], ['instructor'], ids[XINGHUO])).toBe(false)
    } finally {
      await database.db.update(enterprises).set({ branchId: null }).where(eq(enterprises.id, kuaisong.id))
    }
  })

  test('the demo ledger: every coverage state, and the rates the README quotes', async () => {
    const park = await getLedger(database.db, ids['demo-admin'], { orgId: ids[COMMITTEE], q: '' })
    expect(park.figures).toEqual({
      enterprises: 8,
      byCoverage: { own: 1, joint: 4, instructor: 2, none: 1 },
      shouldFormBranch: 1,
      members: 9,
      orgCoverageRate: 62.5,
      workCoverageRate: 87.5,
    })
    const area = await getLedger(database.db, ids['demo-admin'], { orgId: ids[DEMO_ORG_NAMES.area], q: '' })
    expect([area.figures.enterprises, area.figures.orgCoverageRate, area.figures.workCoverageRate]).toEqual([4, 25, 75])
  })

  test('a role added deeper in the tree widens the scope only there', async () => {
    await database.db.insert(roleAssignments).values({ userId: ids['demo-member'], orgId: ids[CHUANGYE], role: 'instructor' })
    expect(await scopeOrgIds(database.db, ids['demo-member'], ['instructor'])).toEqual([ids[CHUANGYE]])
    expect(await canActAs(database.db, ids['demo-member'], ['instructor'], ids[XINGHUO])).toBe(false)
    await database.db.delete(roleAssignments).where(eq(roleAssignments.userId, ids['demo-member']))
  })
})

describe('demo seed', () => {
  const counts = async (db: TestDatabase) => {
    const out: Record<string, number> = {}
    for (const table of ['users', 'organizations', 'enterprises', 'role_assignments', 'members', 'member_cards', 'member_posts']) {
      const res = (await db.db.execute((await import('drizzle-orm')).sql.raw(`SELECT count(*)::int AS n FROM ${table}`))) as unknown as {
        rows: { n: number }[]
      }
      out[table] = res.rows[0].n
    }
    return out
  }

  test('loads api.md’s demo data once', async () => {
    // 6 demo accounts, 恒远物流's and 创业大厦's three members each; 5 orgs on two committee levels; 8 enterprises in every coverage state
    const expected = { users: 12, organizations: 5, enterprises: 8, role_assignments: 2, members: 9, member_cards: 3, member_posts: 2 }
    expect(await counts(database)).toEqual(expected)
    expect(await seedDemo(database.db)).toBe(false)
    expect(await counts(database)).toEqual(expected)
  })

  test('never into a database that already has data', async () => {
    const other = await createTestDatabase()
    try {
      await other.db.insert(users).values({ openid: 'someone-real', nickname: '真实用户' })
      expect(await seedDemo(other.db)).toBe(false)
      expect(await counts(other)).toEqual({ users: 1, organizations: 0, enterprises: 0, role_assignments: 0, members: 0, member_cards: 0, member_posts: 0 })
    } finally {
      await other.destroy()
    }
  })

  test('two seeds racing on one empty database load it once', async () => {
    const other = await createTestDatabase()
    try {
      const results = await Promise.all([seedDemo(other.db), seedDemo(other.db)])
      expect(results.sort()).toEqual([false, true])
      expect((await counts(other)).users).toBe(12)
    } finally {
      await other.destroy()
    }
  })
})

describe('migrations', () => {
  test('re-opening a database keeps its data and re-applies nothing', async () => {
    const dir = DB_KIND === 'pglite' ? scratchDir('re-pglite-') : null
    const first = await createTestDatabase(dir)
    try {
      await first.db.insert(users).values({ openid: 'persisted', nickname: '留下来' })
      // PGlite: the buffer pool is a start parameter (PGLITE_SHARED_BUFFERS_MB), 32 MB unless set;
      // test databases set 8 MB (helpers.ts).
      const pool = async (d: { db: TestDatabase['db'] }) => rowsOf<{ sb: string }>(await d.db.execute(sql`SELECT current_setting('shared_buffers') AS sb`))[0].sb
      if (DB_KIND === 'pglite') expect(await pool(first)).toBe('8MB')
      await first.close()
      const again = await openDatabase(first.target.kind === 'pglite' ? { ...first.target, sharedBuffersMB: undefined } : first.target)
      const rows = await again.db.select().from(users)
      expect(rows.map((r) => r.openid)).toEqual(['persisted'])
      if (DB_KIND === 'pglite') expect(await pool(again)).toBe('32MB')
      await again.close()
    } finally {
      if (DB_KIND === 'postgres') await first.destroy().catch(() => {})
      if (dir) fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
