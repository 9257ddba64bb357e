import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { sql } from 'drizzle-orm'
import { rowsOf } from '../../server/src/db/client'
import { BASELINE_WASM } from '../support/server-process'
import { auth, createTestDatabase, startTestApp, type TestApp, type TestDatabase } from './helpers'

const ROOT = path.resolve(__dirname, '../..')
const run = promisify(execFile)

/** `npm run admin:invite` as a user runs it: its own process, on the database the server will use. */
async function adminInvite(database: TestDatabase, args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '1', LOG_LEVEL: 'silent' }
  delete env.DATABASE_URL
  delete env.APP_SECRET
  delete env.AUTH_DEV_LOGIN
  if (database.target.kind === 'postgres') env.DATABASE_URL = database.target.url
  else env.DATA_DIR = database.target.dataDir!
  return run(process.execPath, [...BASELINE_WASM, path.join(ROOT, 'scripts/admin-invite.mjs'), ...args], { cwd: ROOT, env }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  )
}

let dir: string | null = null
let database: TestDatabase
let t: TestApp | null = null

beforeAll(async () => {
  // A folder of its own that the command and then the server open in turn (PGlite is one process's).
  dir = process.env.TEST_DATABASE_URL ? null : fs.mkdtempSync(path.join(process.env.RE_TEST_DB_DIR || os.tmpdir(), 'boot-'))
  database = await createTestDatabase(dir)
  if (dir) await database.close()
})
afterAll(async () => {
  await t?.close()
  await database.destroy().catch(() => {})
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

test('from an empty installation to a park with a secretary, through the bootstrap invitation and the app alone', async () => {
  const usage = await adminInvite(database, [])
  expect(usage.code).toBe(2)
  expect(usage.stderr).toContain('用法：npm run admin:invite -- --org')

  const out = await adminInvite(database, ['--org', '滨江科创园综合党委'])
  expect(out.code).toBe(0)
  expect(out.stdout).toContain('已建立最上级党委「滨江科创园综合党委」')
  const code = /邀请码：(\S+)/.exec(out.stdout)![1]
  expect(out.stdout).toContain(`/i/${code}`)

  if (dir) database = await createTestDatabase(dir)
  t = await startTestApp({ database })
  const call = (token: string, method: 'GET' | 'POST', url: string, payload?: object) => t!.app.inject({ method, url, payload, headers: auth(token) })

  // the first account to accept becomes the committee's admin
  const admin = await t.login('boot-admin')
  expect((await call(admin, 'POST', `/api/v1/park/invitations/by-code/${code}/accept`)).json()).toMatchObject({ status: 'accepted', orgName: '滨江科创园综合党委' })
  const me = (await call(admin, 'GET', '/api/v1/me')).json()
  expect(me.roles).toEqual([expect.objectContaining({ orgName: '滨江科创园综合党委', role: 'admin' })])
  const top = me.roles[0].orgId

  // she builds a branch and appoints its secretary, who posts the first meeting
  const branch = (await call(admin, 'POST', '/api/v1/park/orgs', { parentId: top, name: '滨江第一联合党支部', type: 'branch', branchKind: 'joint' })).json()
  const inv = (await call(admin, 'POST', '/api/v1/park/invitations', { role: 'secretary', orgId: branch.id, title: '书记', inviteeName: '林书记' })).json()
  const secretary = await t.login('boot-secretary')
  expect((await call(secretary, 'POST', `/api/v1/park/invitations/by-code/${inv.code}/accept`)).statusCode).toBe(200)
  const start = Date.now() + 86_400_000
  const meeting = await call(secretary, 'POST', '/api/v1/meetings', {
    branchId: branch.id,
    type: 'branch_assembly',
    title: '第一次支部党员大会',
    location: '园区服务中心',
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + 3_600_000).toISOString(),
    open: false,
  })
  expect(meeting.statusCode).toBe(201)
  // and the admin sees it, read-only
  const seen = (await call(admin, 'GET', '/api/v1/meetings?scope=supervised')).json().items
  expect(seen).toEqual([expect.objectContaining({ title: '第一次支部党员大会', branchName: '滨江第一联合党支部', canManage: false, canInspect: true })])

  // a second run for the same committee issues another invitation; the demo seed was never involved
  await t.close()
  t = null
  if (dir) await database.close()
  const again = await adminInvite(database, ['--org', '滨江科创园综合党委'])
  expect(again.stdout).toContain('「滨江科创园综合党委」已存在')
  if (dir) database = await createTestDatabase(dir)
  const demo = rowsOf<{ n: number }>(await database.db.execute(sql`SELECT count(*)::int AS n FROM users WHERE openid LIKE 'demo-%'`))
  expect(demo[0].n).toBe(0)
}, 60_000)
