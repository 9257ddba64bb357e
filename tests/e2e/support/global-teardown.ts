import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const STATE = path.join(os.tmpdir(), 're-e2e-state.json')

export default async function globalTeardown() {
  if (!fs.existsSync(STATE)) return
  const { pid, dataDir } = JSON.parse(fs.readFileSync(STATE, 'utf8')) as { pid: number; dataDir: string }
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
  fs.rmSync(dataDir, { recursive: true, force: true })
  fs.rmSync(STATE, { force: true })
}
