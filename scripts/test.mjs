// `npm test`: every layer, in the order a failure is cheapest to find.
// Typecheck → lint → jest (domain, app, server on PGlite) → server suite on PostgreSQL
// (when TEST_DATABASE_URL is set) → weapp release build → the weapp in a WeChat-like runtime →
// Tencent's compiler over dist/weapp → H5 build → end-to-end in Chromium.
import fs from 'node:fs'
import path from 'node:path'
import { ROOT, WEAPP_TEST_API_BASE, bin, run, seconds } from './lib.mjs'

const MINUTE = 60_000
const JEST = [ '--experimental-vm-modules', '--no-warnings=ExperimentalWarning', path.join(ROOT, 'node_modules/jest/bin/jest.js')]
// Each step's time limit (limitMs), about five times what it takes here (README 「用时」), and 10
// minutes unless said: a step past it is stopped and fails (scripts/lib.mjs), so that one stuck test
// costs minutes, not CI's whole limit.
const steps = [
  { name: '类型检查 typecheck', cmd: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.json'] },
  { name: '代码检查 lint', cmd: bin('eslint'), args: ['.', '--max-warnings=0'] },
  { name: '单元与服务端测试 jest（PGlite）', cmd: process.execPath, args: [...JEST, '--config', 'jest.config.js'], env: { TEST_DATABASE_URL: '' } },
  process.env.TEST_DATABASE_URL
    ? { name: `服务端测试 jest（PostgreSQL ${redact(process.env.TEST_DATABASE_URL)}）`, cmd: process.execPath, args: [...JEST, '--config', 'jest.config.js', '--selectProjects', 'server'] }
    : { name: '服务端测试（PostgreSQL）', skip: '未设置 TEST_DATABASE_URL，跳过；CI 会设置' },
  // A release build, as uploaded: an https API base (a test domain the runtime test maps to its server).
  { name: '微信小程序构建 build:weapp', cmd: bin('taro'), args: ['build', '--type', 'weapp'], env: { TARO_APP_API_BASE: WEAPP_TEST_API_BASE, WEAPP_DEV_BUILD: '' }, check: () => fs.existsSync(path.join(ROOT, 'dist/weapp/app.json')) },
  { name: '小程序运行时测试 test:weapp（类微信 JS 环境）', cmd: 'npm', args: ['run', '--silent', 'test:weapp'], env: { WEAPP_TEST_API_BASE }, needs: '微信小程序构建 build:weapp' },
  // (the first run also installs miniprogram-ci, about 300 MB)
  { name: '微信官方编译 check:weapp（miniprogram-ci）', cmd: process.execPath, args: ['scripts/check-weapp.mjs'], needs: '微信小程序构建 build:weapp', limitMs: 20 * MINUTE },
  { name: 'H5 构建 build:h5', cmd: bin('taro'), args: ['build', '--type', 'h5'], check: () => fs.existsSync(path.join(ROOT, 'dist/h5/index.html')) },
  { name: '端到端测试 e2e（Chromium）', cmd: process.execPath, args: [...JEST, '--config', 'tests/e2e/jest.config.js', '--runInBand'], needs: 'H5 构建 build:h5', limitMs: 20 * MINUTE },
]

function redact(url) {
  try {
    const u = new URL(url)
    u.password = u.password ? '***' : ''
    return u.toString()
  } catch {
    return '(无效的连接串)'
  }
}

const results = []
for (const step of steps) {
  if (step.skip) {
    results.push({ name: step.name, status: 'skipped', note: step.skip })
    continue
  }
  const dep = step.needs && results.find((r) => r.name === step.needs)
  if (dep && dep.status !== 'passed') {
    results.push({ name: step.name, status: 'failed', note: `依赖的「${step.needs}」没有通过` })
    continue
  }
  console.log(`\n━━ ${step.name} ━━`)
  const started = Date.now()
  let code = await run(step.cmd, step.args, { env: step.env, limitMs: step.limitMs ?? 10 * MINUTE, name: step.name })
  if (code === 0 && step.check && !step.check()) {
    console.error(`${step.name}：命令成功，但没有产出预期的文件`)
    code = 1
  }
  results.push({ name: step.name, status: code === 0 ? 'passed' : 'failed', ms: Date.now() - started })
}

console.log('\n━━ 结果 ━━')
for (const r of results) {
  const mark = r.status === 'passed' ? '✔' : r.status === 'skipped' ? '−' : '✘'
  console.log(`${mark} ${r.name}${r.ms !== undefined ? `（${seconds(r.ms)}）` : ''}${r.note ? `：${r.note}` : ''}`)
}
const failed = results.filter((r) => r.status === 'failed').length
const passed = results.filter((r) => r.status === 'passed').length
console.log(`\n${passed} 步通过，${failed} 步失败，${results.length - passed - failed} 步跳过`)
process.exit(failed ? 1 : 0)
