/**
 * The one jest runner of `npm run test:unit` (every project in jest.config.js names it): the app
 * project's files go to jest's own runner (jsdom, module mapping, a module registry per file), the
 * domain and server files to jest-light-runner's child processes, and both run at once.
 *
 * Why: jest runs its runners one after another (@jest/core's TestScheduler), so with two runners the
 * app files (about 18 s of worker time) started only when the last server file had ended. Beside
 * them they use the CPU the server workers leave while they wait for spawned servers and real-time
 * heartbeats: on 2 cores 50.7 and 51.6 s became 44.8–49.1 s. The app files run in this process
 * (jest's in-band mode), which is otherwise idle: a worker process of their own was no faster
 * (46.3–51.8 s) and, ending while the server files kept both cores busy, often missed jest-worker's
 * 500 ms to exit and was killed with a warning about leaking tests that was not true.
 */
import { fileURLToPath } from 'node:url'
import LightRunner from 'jest-light-runner/child-process'
import jestRunner from 'jest-runner'

const JestRunner = jestRunner.default ?? jestRunner

const APP = 'app'

// The light runner's workers are forked with this process's environment: each loads the fix for
// the lost worker configuration (light-worker-data.cjs, which says why) and compiles PGlite's
// WebAssembly with the baseline compiler only (wasm-baseline.cjs, which says why).
for (const file of ['./light-worker-data.cjs', './wasm-baseline.cjs']) {
  const preload = `--require ${JSON.stringify(fileURLToPath(new URL(file, import.meta.url)))}`
  if (!(process.env.NODE_OPTIONS ?? '').includes(preload)) process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${preload}`.trim()
}

export default class CombinedRunner {
  constructor(globalConfig, context) {
    this.serial = globalConfig.maxWorkers === 1
    this.light = new LightRunner(globalConfig, context)
    this.jest = new JestRunner(globalConfig, context)
  }

  async runTests(tests, watcher, onStart, onResult, onFailure, options) {
    const isApp = (t) => t.context.config.displayName?.name === APP
    const app = tests.filter(isApp)
    const rest = tests.filter((t) => !isApp(t))
    const subs = [
      this.jest.on('test-file-start', ([test]) => onStart(test)),
      this.jest.on('test-file-success', ([test, result]) => onResult(test, result)),
      this.jest.on('test-file-failure', ([test, error]) => onFailure(test, error)),
    ]
    const runApp = () => (app.length ? this.jest.runTests(app, watcher, { ...options, serial: true }) : null)
    const runRest = () => (rest.length ? this.light.runTests(rest, watcher, onStart, onResult, onFailure, options) : null)
    try {
      // In band (--runInBand, one worker) both would run in this very process: one after the other.
      // (jest-light-runner 0.8 in band still fails at the end when it ran both domain and server
      // files: its cleanup runs once per project; pick one with --selectProjects.)
      if (options.serial || this.serial) {
        await runRest()
        await runApp()
      } else {
        await Promise.all([runApp(), runRest()])
      }
    } finally {
      for (const unsubscribe of subs) unsubscribe()
    }
  }
}
