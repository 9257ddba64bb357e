import { spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

export const CHROMIUM = '/usr/bin/chromium'
const ROOT = path.resolve(__dirname, '../../..')
const STATE = path.join(os.tmpdir(), 're-e2e-state.json')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
    s.on('error', reject)
  })
}

/** Starts the real server (tsx, PGlite in a throw-away folder, demo data) serving dist/h5. */
export default async function globalSetup() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`端到端测试需要 Chromium，但 ${CHROMIUM} 不存在。请先安装：sudo apt-get install -y chromium fonts-noto-cjk`)
  }
  const h5 = path.join(ROOT, 'dist/h5')
  if (!fs.existsSync(path.join(h5, 'index.html'))) {
    throw new Error('没有找到 H5 构建（dist/h5/index.html）。请先运行：npm run build:h5')
  }
  const port = await freePort()
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 're-e2e-'))
  const logFile = path.join(dataDir, 'server.log')
  const log = fs.openSync(logFile, 'a')
  const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'server/src/server.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      DATA_DIR: path.join(dataDir, 'pglite'),
      SEED: 'demo',
      AUTH_DEV_LOGIN: 'true',
      DEV_CLOCK: 'true',
      STATIC_DIR: h5,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', log, log],
    detached: false,
  })
  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) break
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false)
    if (ok) {
      process.env.E2E_BASE_URL = base
      fs.writeFileSync(STATE, JSON.stringify({ pid: child.pid, dataDir }))
      return
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  child.kill('SIGKILL')
  throw new Error(`服务端没有在 60 秒内启动，日志：\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`)
}
