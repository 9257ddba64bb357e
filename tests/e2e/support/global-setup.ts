import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer } from '../../support/server-process'

export const CHROMIUM = '/usr/bin/chromium'
const ROOT = path.resolve(__dirname, '../../..')
const STATE = path.join(os.tmpdir(), 're-e2e-state.json')

/** Starts the real server (tsx, PGlite in a throw-away folder, demo data) serving dist/h5. */
export default async function globalSetup() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`端到端测试需要 Chromium，但 ${CHROMIUM} 不存在。请先安装：sudo apt-get install -y chromium fonts-noto-cjk`)
  }
  const h5 = path.join(ROOT, 'dist/h5')
  if (!fs.existsSync(path.join(h5, 'index.html'))) {
    throw new Error('没有找到 H5 构建（dist/h5/index.html）。请先运行：npm run build:h5')
  }
  const server = await startServer({ STATIC_DIR: h5 })
  process.env.E2E_BASE_URL = server.base
  fs.writeFileSync(STATE, JSON.stringify({ pid: server.child.pid, dataDir: server.dataDir }))
}
