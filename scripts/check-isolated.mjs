// Runs every server test alone (jest --testNamePattern on its full name, one jest per test) and
// reports those that fail alone or that do not run exactly one test: a test that passes only
// after others ran first is order-dependent. Not part of `npm test` (one jest per test is slow).
//
//   node scripts/check-isolated.mjs                     every file of tests/server
//   node scripts/check-isolated.mjs meetings lessons    files whose path matches
//   JOBS=3 node scripts/check-isolated.mjs              jests at a time (default 2)
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ROOT, seconds } from './lib.mjs'

const JEST = [
  '--experimental-vm-modules',
  '--no-warnings=ExperimentalWarning',
  path.join(ROOT, 'node_modules/jest/bin/jest.js'),
  '--config',
  path.join(ROOT, 'jest.config.js'),
  '--selectProjects',
  'server',
]
const filters = process.argv.slice(2)
const jobs = Number(process.env.JOBS || 2)
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 're-isolated-'))
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Runs jest with `args`, JSON results to a file; resolves to { code, json, output }. */
function jest(args, name) {
  const out = path.join(tmp, `${name}.json`)
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...JEST, '--json', `--outputFile=${out}`, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('exit', (code) => {
      let json = null
      try {
        json = JSON.parse(fs.readFileSync(out, 'utf8'))
      } catch {
        // jest did not get as far as writing results
      }
      resolve({ code, json, output })
    })
  })
}

const started = Date.now()
// Every test's full name, without running any: a pattern that matches no name skips them all
// (and with them every beforeAll).
const files = filters.length ? filters : ['tests/server/']
const listing = await jest(['--testNamePattern', '^(?!)$', ...files], 'list')
if (!listing.json) {
  console.error(listing.output)
  process.exit(1)
}
// The name --testNamePattern matches: the describe blocks' titles and the test's, joined by spaces
// (jest-light-runner's fullName is the test's title alone).
const tests = listing.json.testResults.flatMap((f) => f.assertionResults.map((a) => ({ file: path.relative(ROOT, f.name), name: [...a.ancestorTitles, a.title].join(' ') })))
console.log(`${tests.length} tests in ${listing.json.testResults.length} files, ${jobs} at a time`)

const failures = []
const skipped = []
let next = 0
let done = 0
async function worker() {
  while (next < tests.length) {
    const i = next++
    const { file, name } = tests[i]
    const r = await jest(['--testNamePattern', `^${escape(name)}$`, `${escape(file)}$`], String(i))
    const passed = r.json?.numPassedTests ?? 0
    const ok = r.code === 0 && passed === 1 && r.json.numTotalTests - r.json.numPendingTests === 1
    // A test the file itself skips on this database (test.skip for PGlite): nothing ran, nothing failed.
    const skippedHere = r.code === 0 && r.json?.numTotalTests === r.json?.numPendingTests
    done++
    if (skippedHere) {
      skipped.push({ file, name })
      console.log(`○ ${file} › ${name} (skipped on this database)`)
    } else if (!ok) {
      failures.push({ file, name, output: r.output })
      console.log(`✘ ${file} › ${name}`)
    } else if (process.env.VERBOSE) console.log(`✔ ${file} › ${name}`)
    if (done % 10 === 0) console.log(`  ${done}/${tests.length} (${seconds(Date.now() - started)})`)
  }
}
await Promise.all(Array.from({ length: jobs }, worker))
fs.rmSync(tmp, { recursive: true, force: true })

for (const f of failures) console.log(`\n──── ${f.file} › ${f.name}\n${f.output.slice(-3000)}`)
console.log(`\n${tests.length - failures.length - skipped.length}/${tests.length} pass alone, ${skipped.length} skipped on this database (${seconds(Date.now() - started)})`)
process.exit(failures.length ? 1 : 0)
