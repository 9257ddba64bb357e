// Small helpers shared by the project scripts (plain Node, no dependencies).
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name)

/** The https API base of the release weapp builds that tests and measurements make (not a real server). */
export const WEAPP_TEST_API_BASE = 'https://redengine.example.com'

/** Runs a command with inherited output; resolves to its exit code. */
export function run(cmd, args, { env = {}, cwd = ROOT } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } })
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
    child.on('error', (err) => {
      console.error(`无法运行 ${cmd}：${err.message}`)
      resolve(1)
    })
  })
}

export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
