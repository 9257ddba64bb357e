import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { BASELINE_WASM } from '../support/server-process'

/**
 * The test processes compile PGlite's WebAssembly with V8's baseline compiler only
 * (tests/support/wasm-baseline.cjs says why): this worker loaded it before any test file, and the
 * flag the spawned servers get is one this node accepts (an unknown flag stops node at start).
 */
const BASELINE = path.resolve(__dirname, '../support/wasm-baseline.cjs')

test('a worker of the unit run compiles WebAssembly with the baseline compiler only', () => {
  expect(Object.keys(require.cache)).toContain(BASELINE)
})

test('the servers and commands the tests start get a flag that node accepts', async () => {
  const run = promisify(execFile)
  expect(BASELINE_WASM).toEqual(['--liftoff-only'])
  await expect(run(process.execPath, [...BASELINE_WASM, '-e', 'process.exit(0)'])).resolves.toBeDefined()
  // (as node refuses one it does not know)
  await expect(run(process.execPath, ['--liftoff-only-not-a-flag', '-e', 'process.exit(0)'])).rejects.toMatchObject({ code: 9 })
})
