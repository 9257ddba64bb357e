import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runNestedJest } from '../support/nested-jest'

/**
 * The app project's runtime (tests/support/app-runtime.cjs) compiles a module once per run. What a
 * test file sees must not change: its own module objects, module state and globals.
 */
const ROOT = path.resolve(__dirname, '../..')

test('page test files share compiled modules, never module state or globals', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(path.join(ROOT, 'jest.config.js'))
  const app = config.projects.find((p: { displayName: string }) => p.displayName === 'app')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 're-app-runtime-'))
  const counts = path.join(dir, 'counts.json')
  const write = (name: string, lines: string[]) => fs.writeFileSync(path.join(dir, name), lines.join('\n'))
  try {
    write('store.js', ['let n = 0', 'module.exports = { bump: () => ++n }'])
    // Each of three files bumps the counter once and marks the global object: a fresh module and a
    // fresh global in every file, though all three run in one process.
    for (const name of ['a', 'b', 'c'])
      write(`${name}.test.js`, [
        "const { bump } = require('./store')",
        "test('fresh', () => {",
        '  expect(bump()).toBe(1)',
        '  expect(globalThis.marked).toBeUndefined()',
        '  globalThis.marked = true',
        `  expect(require('./store')).toBe(require('./store'))`,
        '})',
      ])
    fs.writeFileSync(
      path.join(dir, 'jest.config.json'),
      JSON.stringify({
        rootDir: dir,
        testMatch: ['<rootDir>/*.test.js'],
        runtime: app.runtime.replace('<rootDir>', ROOT),
        transform: {},
        testEnvironment: 'node',
        cache: false,
      }),
    )
    const { code, output } = await runNestedJest(dir, { args: ['--runInBand'], timeoutMs: 20_000, env: { ...process.env, RE_APP_RUNTIME_COUNTS: counts } })
    expect(output).toMatch(/Tests:\s+3 passed, 3 total/)
    expect(code).toBe(0)
    // store.js compiled once and run by all three files; each test file compiled once.
    const seen = JSON.parse(fs.readFileSync(counts, 'utf8'))
    expect(seen[fs.realpathSync(path.join(dir, 'store.js'))]).toEqual({ compiled: 1, reused: 2 })
    expect(seen[fs.realpathSync(path.join(dir, 'b.test.js'))]).toEqual({ compiled: 1, reused: 0 })
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}, 25_000)
