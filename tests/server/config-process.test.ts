import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { ConfigError, loadConfig } from '../../server/src/config'
import { BASELINE_WASM, ephemeralPorts, freePort, scratchDir } from '../support/server-process'

const ROOT = path.resolve(__dirname, '../..')
const SECRET = 'a-production-secret-of-at-least-32-chars'
const KEY = Buffer.alloc(32, 1).toString('base64')

describe('loadConfig', () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env)
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError)
      return (err as ConfigError).message
    }
    throw new Error('expected a ConfigError')
  }

  test('defaults match api.md', () => {
    const c = loadConfig({ AUTH_DEV_LOGIN: 'true' })
    expect(c).toMatchObject({ port: 3000, seed: null, devLogin: true, wechat: null, tokenTtlSec: 7 * 24 * 3600 })
    expect(c.db).toEqual({ kind: 'pglite', dataDir: path.resolve('./data/pglite'), sharedBuffersMB: 32 })
    expect(loadConfig({ AUTH_DEV_LOGIN: 'true', PGLITE_SHARED_BUFFERS_MB: '256' }).db).toMatchObject({ sharedBuffersMB: 256 })
  })

  test('DATABASE_URL switches to PostgreSQL', () => {
    expect(loadConfig({ APP_SECRET: SECRET, ID_ENCRYPTION_KEY: KEY, DATABASE_URL: 'postgres://u@h:5432/db' }).db).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db' })
  })

  test('DEV_CLOCK (moving the server clock in browser tests) only with dev login; off by default', async () => {
    expect(problems({ APP_SECRET: SECRET, ID_ENCRYPTION_KEY: KEY, DEV_CLOCK: 'true' })).toContain('DEV_CLOCK')
    expect(loadConfig({ AUTH_DEV_LOGIN: 'true' }).devClock).toBe(false)
    expect(loadConfig({ AUTH_DEV_LOGIN: 'true', DEV_CLOCK: 'true' }).devClock).toBe(true)
  })

  test('APP_SECRET is required when dev login is off', () => {
    expect(problems({})).toContain('APP_SECRET')
    expect(problems({ AUTH_DEV_LOGIN: 'false' })).toContain('APP_SECRET')
  })

  test('the ID-number key is required without dev login, and must be 32 bytes', () => {
    expect(problems({ APP_SECRET: SECRET })).toContain('ID_ENCRYPTION_KEY')
    expect(problems({ APP_SECRET: SECRET, ID_ENCRYPTION_KEY: 'c2hvcnQ=' })).toContain('32 字节')
    expect(loadConfig({ APP_SECRET: SECRET, ID_ENCRYPTION_KEY: KEY }).idEncryptionKey).toEqual(Buffer.alloc(32, 1))
  })

  test('a short APP_SECRET is refused', () => {
    expect(problems({ APP_SECRET: 'short' })).toContain('至少 32 个字符')
  })

  test('WeChat credentials come in pairs', () => {
    expect(problems({ APP_SECRET: SECRET, WECHAT_APPID: 'wx1' })).toContain('WECHAT_SECRET')
  })

  test('the link-rule verification file must exist and be named as the admin console names it', () => {
    expect(problems({ APP_SECRET: SECRET, WECHAT_LINK_VERIFY_FILE: '/nowhere/AbCd1234.txt' })).toContain('文件不存在')
    expect(problems({ APP_SECRET: SECRET, WECHAT_LINK_VERIFY_FILE: '/etc/passwd' })).toContain('WECHAT_LINK_VERIFY_FILE')
  })

  test('NODE_ENV=production refuses dev login and the test clock', () => {
    expect(problems({ NODE_ENV: 'production', AUTH_DEV_LOGIN: 'true' })).toContain('AUTH_DEV_LOGIN: NODE_ENV=production')
    expect(problems({ NODE_ENV: 'production', AUTH_DEV_LOGIN: 'true', DEV_CLOCK: 'true' })).toContain('DEV_CLOCK: NODE_ENV=production')
    expect(() => loadConfig({ NODE_ENV: 'production', APP_SECRET: SECRET, ID_ENCRYPTION_KEY: KEY })).not.toThrow()
  })

  test('every bad value is named at once', () => {
    const msg = problems({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SEED: 'everything', AUTH_DEV_LOGIN: 'yes', PGLITE_SHARED_BUFFERS_MB: '1' })
    for (const name of ['PORT', 'DATABASE_URL', 'SEED', 'AUTH_DEV_LOGIN', 'PGLITE_SHARED_BUFFERS_MB']) expect(msg).toContain(name)
  })
})

function runServer(env: Record<string, string>) {
  // What `npm run server` runs: the compiled server in node's own process (compiles if stale).
  const child = spawn(process.execPath, [...BASELINE_WASM, path.join(ROOT, 'scripts/server.mjs')], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  child.stderr.on('data', (d) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, exited, output: () => out }
}

describe('npm run server (the process)', () => {
  test('is started on a free port that no listen(0) elsewhere in the run can be handed meanwhile', async () => {
    const [lo, hi] = ephemeralPorts()
    for (let i = 0; i < 20; i++) {
      const port = await freePort()
      expect(port).toBeGreaterThanOrEqual(1024)
      expect(port).toBeLessThanOrEqual(65535)
      expect({ port, outsideTheKernelsRange: port < lo || port > hi }).toEqual({ port, outsideTheKernelsRange: true })
    }
  })

  test('a bad configuration prints what is wrong and exits 1 without listening', async () => {
    const run = runServer({ PORT: 'abc' })
    expect(await run.exited).toBe(1)
    expect(run.output()).toContain('PORT')
    expect(run.output()).toContain('APP_SECRET')
  }, 30000)

  test('starts on PGlite, answers, and shuts down cleanly on SIGTERM', async () => {
    const dir = scratchDir('re-proc-')
    const port = await freePort()
    const run = runServer({ PORT: String(port), DATA_DIR: dir, APP_SECRET: SECRET, ID_ENCRYPTION_KEY: KEY, LOG_LEVEL: 'info' })
    try {
      let health: Response | null = null
      for (let i = 0; i < 300 && !health; i++) {
        await new Promise((r) => setTimeout(r, 100))
        health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => null)
      }
      expect(health?.status).toBe(200)
      expect(await health?.json()).toEqual({ status: 'ok', db: 'pglite' })
      run.child.kill('SIGTERM')
      expect(await run.exited).toBe(0)
      expect(run.output()).toContain('shutting down')
      // Data folder holds a real database that a second start can open.
      expect(fs.existsSync(path.join(dir, 'PG_VERSION'))).toBe(true)
    } finally {
      run.child.kill('SIGKILL')
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60000)

  test('kill -9 of the PID a process manager sees stops the server itself (no wrapper left listening)', async () => {
    const dir = scratchDir('re-proc-')
    const port = await freePort()
    const run = runServer({ PORT: String(port), DATA_DIR: dir, APP_SECRET: SECRET, ID_ENCRYPTION_KEY: KEY, NODE_ENV: 'production' })
    try {
      let up = false
      for (let i = 0; i < 300 && !up; i++) {
        await new Promise((r) => setTimeout(r, 100))
        up = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false)
      }
      expect(up).toBe(true)
      run.child.kill('SIGKILL')
      await run.exited
      await new Promise((r) => setTimeout(r, 300))
      expect(await fetch(`http://127.0.0.1:${port}/api/health`).then(() => 'still answering', () => 'gone')).toBe('gone')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }, 60000)

  test('NODE_ENV=production with dev login stops at start', async () => {
    const run = runServer({ NODE_ENV: 'production', AUTH_DEV_LOGIN: 'true', APP_SECRET: SECRET, ID_ENCRYPTION_KEY: KEY })
    expect(await run.exited).toBe(1)
    expect(run.output()).toContain('NODE_ENV=production 时不能开启开发登录')
  }, 30000)
})
