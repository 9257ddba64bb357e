import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** Whether a process of this id still exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * A new empty folder for a throw-away database: in the jest run's own folder (tmpfs where there is
 * room; tests/server/global-setup.ts) when there is one, else the system's temporary folder.
 */
export function scratchDir(prefix: string): string {
  return fs.mkdtempSync(path.join(process.env.RE_TEST_DB_DIR || os.tmpdir(), prefix))
}

export interface ServerProcess {
  base: string
  child: ChildProcess
  dataDir: string
  stop: () => Promise<void>
}

/**
 * The real server in its own process as `npm run server` runs it (the compiled server, built first
 * when a source is newer; PGlite in a throw-away folder, demo data, dev login), as the browser and
 * weapp tests talk to it. `env` adds to that (STATIC_DIR, PUBLIC_BASE …). A jest run builds it once
 * in its global setup, so that parallel workers never build at the same time.
 */
export async function startServer(env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort()
  const dataDir = scratchDir('re-srv-')
  const logFile = path.join(dataDir, 'server.log')
  const log = fs.openSync(logFile, 'a')
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/server.mjs')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      DATA_DIR: path.join(dataDir, 'pglite'),
      SEED: 'demo',
      AUTH_DEV_LOGIN: 'true',
      DEV_CLOCK: 'true',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', log, log],
    detached: false,
  })
  const base = `http://127.0.0.1:${port}`
  const stop = () => stopProcess(child.pid, dataDir)
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) break
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false)
    if (ok) return { base, child, dataDir, stop }
    await new Promise((r) => setTimeout(r, 100))
  }
  child.kill('SIGKILL')
  throw new Error(`服务端没有在 60 秒内启动，日志：\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`)
}

/** SIGTERM, then SIGKILL after 10 s; removes the data folder. */
export async function stopProcess(pid: number | undefined, dataDir: string): Promise<void> {
  if (pid) {
    try {
      process.kill(pid, 'SIGTERM')
      for (let i = 0; i < 40; i++) {
        process.kill(pid, 0) // throws once it has exited
        await new Promise((r) => setTimeout(r, 250))
      }
      process.kill(pid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
}
