import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { BASELINE_WASM } from '../support/server-process'

/**
 * The unit run's processes compile PGlite's WebAssembly with V8's baseline compiler only
 * (tests/support/wasm-baseline.cjs says why): this worker loaded that file before any test file,
 * and the flag the unit run's servers and commands get is one this node accepts (an unknown flag
 * stops node at start).
 */
const BASELINE = path.resolve(__dirname, '../support/wasm-baseline.cjs')

test('a worker of the unit run has loaded wasm-baseline.cjs before any test file', () => {
  expect(Object.keys(require.cache)).toContain(BASELINE)
})

test('the servers and commands the unit run starts get the preload\'s flag, one node accepts', async () => {
  const run = promisify(execFile)
  // the same flag as the unit run's own processes set
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  expect(BASELINE_WASM).toEqual([require(BASELINE).FLAG])
  await expect(run(process.execPath, [...BASELINE_WASM, '-e', 'process.exit(0)'])).resolves.toBeDefined()
  // (as node refuses one it does not know)
  await expect(run(process.execPath, ['--liftoff-only-not-a-flag', '-e', 'process.exit(0)'])).rejects.toMatchObject({ code: 9 })
})
