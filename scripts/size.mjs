// `npm run size`: production weapp build, then the size of the main package and each
// subpackage as WeChat counts them. Exits 1 over WeChat's limits (2048 KB a package, 20 MB in all)
// or over our own budget for the main package (500 KB: what every member downloads before the
// first screen; new features go into subpackages).
import fs from 'node:fs'
import path from 'node:path'
import { ROOT, WEAPP_TEST_API_BASE, bin, run } from './lib.mjs'

const LIMIT_PACKAGE = 2048 * 1024
const LIMIT_TOTAL = 20 * 1024 * 1024
const BUDGET_MAIN = 500 * 1024
const OUT = path.join(ROOT, 'dist/weapp')

if (!process.argv.includes('--no-build')) {
  // A release build needs an https API base; the sizes do not depend on which.
  const code = await run(bin('taro'), ['build', '--type', 'weapp'], {
    env: { NODE_ENV: 'production', TARO_APP_API_BASE: process.env.TARO_APP_API_BASE || WEAPP_TEST_API_BASE },
  })
  if (code !== 0) process.exit(code)
}

const appJson = JSON.parse(fs.readFileSync(path.join(OUT, 'app.json'), 'utf8'))
const subRoots = (appJson.subPackages ?? appJson.subpackages ?? []).map((p) => p.root.replace(/\/$/, ''))

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? files(p) : [p]
  })
}
// Not uploaded as code: DevTools' own project files and source maps.
const counted = files(OUT).filter((f) => !/\.map$/.test(f) && !/project(\.private)?\.config\.json$/.test(path.basename(f)))

const packages = new Map([['主包', { bytes: 0, files: [] }], ...subRoots.map((r) => [r, { bytes: 0, files: [] }])])
for (const f of counted) {
  const rel = path.relative(OUT, f).split(path.sep).join('/')
  const root = subRoots.find((r) => rel.startsWith(`${r}/`)) ?? '主包'
  const size = fs.statSync(f).size
  const pkg = packages.get(root)
  pkg.bytes += size
  pkg.files.push([rel, size])
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`
let failed = false
let total = 0
console.log('\n包              大小        上限 2048 KB')
for (const [name, { bytes, files: list }] of packages) {
  total += bytes
  const over = bytes > LIMIT_PACKAGE
  const overBudget = name === '主包' && bytes > BUDGET_MAIN
  failed ||= over || overBudget
  const note = name === '主包' ? `（自定预算 ${kb(BUDGET_MAIN)}，还剩 ${kb(BUDGET_MAIN - bytes)}）` : ''
  console.log(`${name.padEnd(16)}${kb(bytes).padStart(10)}  ${over ? '✘ 超出' : overBudget ? '✘ 超出主包预算' : '✔'}${note}`)
  if (name === '主包') {
    for (const [rel, size] of list.sort((a, b) => b[1] - a[1]).slice(0, 5)) console.log(`    ${rel.padEnd(36)}${kb(size).padStart(10)}`)
  }
}
const overTotal = total > LIMIT_TOTAL
failed ||= overTotal
console.log(`${'合计'.padEnd(16)}${kb(total).padStart(10)}  ${overTotal ? '✘ 超出 20 MB' : '✔（上限 20 MB）'}`)
process.exit(failed ? 1 : 0)
