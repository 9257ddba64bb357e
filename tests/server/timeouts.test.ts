import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { runNestedJest } from '../support/nested-jest'
import { alive } from '../support/server-process'

/**
 * The server and domain suites run on jest-light-runner, which has no timeouts of its own
 * (tests/support/setup-timeouts.mjs adds them). A jest with this project's runner and setup files
 * runs a file whose test and hook never finish: both fail with jest's message, quickly, and the
 * run ends instead of waiting for CI's limit.
 */
const ROOT = path.resolve(__dirname, '../..')

test('a test or hook that never settles fails at its timeout and the run ends', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(path.join(ROOT, 'jest.config.js'))
  const server = config.projects.find((p: { displayName: string }) => p.displayName === 'server')
  const at = (p: string) => p.replace('<rootDir>', ROOT)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 're-timeouts-'))
  try {
    fs.writeFileSync(
      path.join(dir, 'hang.test.mjs'),
      [
        "describe('a hook', () => { beforeAll(() => new Promise(() => {}), 300); test('after it', () => {}) })",
        "test('a test', () => new Promise(() => {}), 400)",
        "test.each([[1]])('a table row %i', () => new Promise(() => {}), 500)",
        "test('one that passes', () => {})",
      ].join('\n'),
    )
    fs.writeFileSync(
      path.join(dir, 'jest.config.json'),
      JSON.stringify({
        rootDir: dir,
        testMatch: ['<rootDir>/hang.test.mjs'],
        runner: require.resolve(at(server.runner), { paths: [ROOT] }),
        setupFiles: server.setupFiles.map(at),
        setupFilesAfterEnv: server.setupFilesAfterEnv.map(at),
        maxWorkers: 2,
      }),
    )
    // Were the timeouts gone, that jest would wait forever: it is killed after 15 s (code null).
    const { code, output } = await runNestedJest(dir, { timeoutMs: 15_000 })
    expect(code).toBe(1)
    expect(output).toContain('Exceeded timeout of 300 ms')
    expect(output).toContain('Exceeded timeout of 400 ms')
    expect(output).toContain('Exceeded timeout of 500 ms')
    // The failed hook counts as a failure; unlike jest's own runner, this one still runs the
    // tests under it (「after it」 passes), so the file fails on the hook.
    expect(output).toMatch(/Tests:\s+3 failed, 2 passed, 5 total/)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}, 20_000)

test('a step of npm test still running at its limit is stopped with the processes it started, and fails', async () => {
  const { run, TIMED_OUT } = await import('../../scripts/lib.mjs')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 're-step-'))
  const pidFile = path.join(dir, 'grandchild.pid')
  // A step that starts a process of its own and then, like it, waits for a minute.
  const step = [
    "const { spawn } = require('node:child_process')",
    "const c = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' })",
    `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(c.pid))`,
    'setTimeout(() => {}, 60000)',
  ].join('\n')
  try {
    const began = Date.now()
    expect(await run(process.execPath, ['-e', step], { limitMs: 1000, name: '卡住的步骤' })).toBe(TIMED_OUT)
    expect(Date.now() - began).toBeLessThan(8000)
    const grandchild = Number(fs.readFileSync(pidFile, 'utf8'))
    for (let i = 0; i < 50 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 100))
    expect(alive(grandchild)).toBe(false)
    // A step that ends in time keeps its own exit code.
    expect(await run(process.execPath, ['-e', 'process.exit(3)'], { limitMs: 5000 })).toBe(3)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}, 20_000)

test('a light-runner worker that receives its configuration before it asks for it still starts (tests/support/light-worker-data.cjs)', async () => {
  // A worker as jest-light-runner forks it: tinypool's process entry, with the project's preload.
  const { fork } = await import('node:child_process')
  const entry = require.resolve('tinypool').replace(/index\.js$/, 'entry/process.js')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 're-light-'))
  // The first thing the worker runs does what jest-light-runner's does: listens, then asks.
  const firstFile = path.join(dir, 'first.mjs')
  fs.writeFileSync(
    firstFile,
    [
      "process.on('message', (m) => { if (m?.type === 'jest-light-runner-worker-data') process.send({ started: m.workerData }) })",
      "process.send('jest-light-runner-get-worker-data')",
      'export default () => {}',
    ].join('\n'),
  )
  const child = fork(entry, [], {
    env: { PATH: process.env.PATH ?? '', TINYPOOL_WORKER_ID: '1', NODE_OPTIONS: `--require ${JSON.stringify(path.join(ROOT, 'tests/support/light-worker-data.cjs'))}` },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  try {
    const seen: unknown[] = []
    const started = new Promise<unknown>((resolve) =>
      child.on('message', (m: { started?: unknown }) => {
        seen.push(m)
        if (m && typeof m === 'object' && 'started' in m) resolve(m.started)
      }),
    )
    // The shared channel's answer arrives first (another worker asked); nobody answers this one's question.
    child.send({ type: 'jest-light-runner-worker-data', workerData: { project: 'server' } })
    child.send({ __tinypool_worker_message__: true, source: 'pool', filename: pathToFileURL(firstFile).href, name: 'default' })
    const outcome = await Promise.race([started, new Promise((r) => setTimeout(() => r('waiting for ever'), 5000))])
    expect(outcome).toEqual({ project: 'server' })
    expect(seen).not.toContain('jest-light-runner-get-worker-data')
  } finally {
    child.kill('SIGKILL')
    fs.rmSync(dir, { recursive: true, force: true })
  }
}, 20_000)
