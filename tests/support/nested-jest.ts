import { execFile } from 'node:child_process'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../..')

/**
 * This project's jest run on a config of a test's own (a folder with jest.config.json and its test
 * files), in a process of its own: for tests of the test setup itself (runner, runtime, timeouts).
 * Resolves with jest's exit code (null when it was killed at `timeoutMs`) and everything it printed.
 */
export function runNestedJest(
  dir: string,
  opts: { args?: string[]; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--config', path.join(dir, 'jest.config.json'), ...(opts.args ?? [])],
      { cwd: dir, timeout: opts.timeoutMs, killSignal: 'SIGKILL', env: opts.env ?? process.env },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, output: stdout + stderr }),
    )
  })
}
