import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { stopProcess } from '../../support/server-process'

const STATE = path.join(os.tmpdir(), 're-e2e-state.json')

export default async function globalTeardown() {
  if (!fs.existsSync(STATE)) return
  const { pid, dataDir } = JSON.parse(fs.readFileSync(STATE, 'utf8')) as { pid: number; dataDir: string }
  await stopProcess(pid, dataDir)
  fs.rmSync(STATE, { force: true })
}
