import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')

/**
 * Node's arguments for the servers and commands the unit run starts: PGlite's WebAssembly compiled
 * by the baseline compiler only, as in the unit run's own processes (wasm-baseline.cjs says why; a
 * server start took 3.5–3.7 s of CPU and 2.6–2.7 s to answer, and 2.3–2.4 s and 2.1–2.3 s with it).
 * Not for the end-to-end tests' server: it serves a browser for minutes, and its first answers
 * were slower with it (首页 on weak 4G, a fresh server each run: 1.99–2.61 s, median 2.38, in
 * seven runs, against 1.93–2.38 s, median 1.95, in four without; the budget is 2.5 s).
 */
export const BASELINE_WASM = ['--liftoff-only']

/** The kernel's range for port 0 and outgoing connections (Linux's default when it cannot be read). */
export function ephemeralPorts(): [number, number] {
  try {
    const [lo, hi] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number)
    if (lo > 0 && hi >= lo) return [lo, hi]
  } catch {
    // not Linux
  }
  return [32768, 60999]
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer()
    s.once('error', () => resolve(false))
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)))
  })
}

/**
 * A port for a server started in another process: free now, and outside the kernel's range for
 * port 0. A port from `listen(0)` was free only until it was closed again: while the child started,
 * any `listen(0)` elsewhere in the run (the page tests' API server, a server test's stand-in) could
 * be handed the same port, and the test then talked to that server (a 404 from /api/health).
 */
export async function freePort(): Promise<number> {
  const [lo, hi] = ephemeralPorts()
  // Below the range (Linux's default leaves 1024–32767), or above it where that is the wider gap.
  const [from, to] = lo - 1024 >= 65535 - hi ? [Math.max(1024, lo - 12_000), lo] : [hi + 1, Math.min(65536, hi + 12_001)]
  for (let i = 0; i < 100; i++) {
    const port = from + Math.floor(Math.random() * (to - from))
    if (await canListen(port)) return port
  }
  throw new Error(`no free port from ${from} to ${to - 1}`)
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
 * weapp tests talk to it. `env` adds to that (STATIC_DIR, PUBLIC_BASE …), `nodeArgs` to node's
 * command line (BASELINE_WASM). A jest run builds it once in its global setup, so that parallel
 * workers never build at the same time.
 */
export async function startServer(env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<ServerProcess> {
  const port = await freePort()
  const dataDir = scratchDir('re-srv-')
  const logFile = path.join(dataDir, 'server.log')
  const log = fs.openSync(logFile, 'a')
  const child = spawn(process.execPath, [...nodeArgs, path.join(ROOT, 'scripts/server.mjs')], {
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
