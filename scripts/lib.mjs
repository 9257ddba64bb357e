// Small helpers shared by the project scripts (plain Node, no dependencies).
import { spawn } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name)

/** The https API base of the release weapp builds that tests and measurements make (not a real server). */
export const WEAPP_TEST_API_BASE = 'https://redengine.example.com'

/** The exit code `run` gives a command it stopped at its time limit (as coreutils' timeout does). */
export const TIMED_OUT = 124

/**
 * Runs a command with inherited output; resolves to its exit code. With `limitMs`, a command still
 * running after that long is stopped with everything it started (it runs as a process group of its
 * own: SIGTERM, then SIGKILL 5 s later) and resolves to TIMED_OUT, so that a stuck test fails its
 * step instead of holding CI to its own limit. Ctrl+C and SIGTERM are passed on to that group.
 */
export function run(cmd, args, { env = {}, cwd = ROOT, limitMs = 0, name = cmd } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env }, detached: limitMs > 0 })
    const group = (signal) => {
      try {
        process.kill(limitMs > 0 ? -child.pid : child.pid, signal)
      } catch {
        // already gone
      }
    }
    let timedOut = false
    let killer
    const timer =
      limitMs > 0
        ? setTimeout(() => {
            timedOut = true
            console.error(`\n${name}：超过 ${limitMs >= 60_000 ? `${Math.round(limitMs / 60_000)} 分钟` : `${limitMs / 1000} 秒`}没有结束，已停止（连同它启动的进程）。多半是有测试卡住了：看上面最后完成的是哪些，再单独运行没有出现的那个。`)
            group('SIGTERM')
            killer = setTimeout(() => group('SIGKILL'), 5000)
          }, limitMs)
        : null
    // Ctrl+C reaches only the terminal's process group: pass it on, and once the command has
    // stopped, stop this script the same way (not go on to the next step).
    let interrupted = null
    const forward = (signal) => () => {
      interrupted = signal
      group(signal)
    }
    const onInt = forward('SIGINT')
    const onTerm = forward('SIGTERM')
    if (limitMs > 0) {
      process.on('SIGINT', onInt)
      process.on('SIGTERM', onTerm)
    }
    const done = (code) => {
      clearTimeout(timer)
      process.off('SIGINT', onInt)
      process.off('SIGTERM', onTerm)
      if (timedOut) {
        // The group may still hold processes that ignored SIGTERM: they get the SIGKILL now.
        clearTimeout(killer)
        group('SIGKILL')
      }
      if (interrupted) process.kill(process.pid, interrupted)
      else resolve(timedOut ? TIMED_OUT : code)
    }
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)))
    child.on('error', (err) => {
      console.error(`无法运行 ${cmd}：${err.message}`)
      done(1)
    })
  })
}

export const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
