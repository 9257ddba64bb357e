// `npm run check:weapp`: compile the built mini-program offline with WeChat's own compiler
// (miniprogram-ci, the compiler the DevTools and the upload use), the way it will be uploaded:
// ES6 → ES5, enhanced compile, minified. Then every compiled .js file must parse as ES5
// (acorn, ecmaVersion 5), and the packages must fit WeChat's size limits.
//
//   node scripts/check-weapp.mjs [--dir <path>] [--verbose]
//
// --dir      the folder to compile (default: dist/weapp; build it first with `npm run build:weapp`)
// --verbose  also print miniprogram-ci's own log lines
//
// miniprogram-ci brings ~300 MB of dependencies, so it is not a devDependency: it is installed on
// first use into .cache/miniprogram-ci (git-ignored) and reused while the version matches.
// Nothing is fetched from Tencent: the project attributes, which miniprogram-ci would otherwise
// download with the upload key, are given locally through the project's `attr`; the key is a
// throw-away RSA key made for this run; and miniprogram-ci's HTTP client is disabled.
// Exit code 0 when everything passes, 1 otherwise.
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { ROOT } from './lib.mjs'

const CI_VERSION = '2.1.42'
const INSTALL_DIR = path.join(ROOT, '.cache', 'miniprogram-ci')
const INSTALL_MARKER = path.join(INSTALL_DIR, '.installed')
const COMPILE_TIMEOUT_MS = 10 * 60 * 1000

// WeChat's limits (https://developers.weixin.qq.com/miniprogram/dev/framework/subpackages.html).
const LIMIT_PACKAGE = 2048 * 1024
const LIMIT_TOTAL = 20 * 1024 * 1024

const rel = (p) => {
  const r = path.relative(ROOT, p)
  return r.startsWith('..') || path.isAbsolute(r) ? p : r || '.'
}
const seconds = (ms) => `${(ms / 1000).toFixed(1)} 秒`
const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const bytes = (n) => `${n.toLocaleString('en-US')} 字节`
const sizeOf = (v) => (Buffer.isBuffer(v) ? v.length : Buffer.byteLength(String(v)))

function fail(message, detail) {
  console.error(`✘ ${message}`)
  if (detail) console.error(detail)
  process.exit(1)
}

// ---------------------------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const opts = { dir: path.join(ROOT, 'dist', 'weapp'), verbose: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--dir' || arg.startsWith('--dir=')) {
      const value = arg === '--dir' ? argv[++i] : arg.slice('--dir='.length)
      if (!value) fail('--dir 后面要跟目录路径')
      opts.dir = path.resolve(value)
    } else if (arg === '--verbose' || arg === '-v') {
      opts.verbose = true
    } else if (arg === '--help' || arg === '-h') {
      console.log('用法：node scripts/check-weapp.mjs [--dir <目录>] [--verbose]')
      console.log('  用微信官方编译器 miniprogram-ci 离线编译小程序（ES6 转 ES5、增强编译、压缩），')
      console.log('  再检查每个编译后的 .js 都是 ES5、主包与分包体积不超限。默认编译 dist/weapp。')
      process.exit(0)
    } else {
      fail(`不认识的参数：${arg}（用 --help 查看用法）`)
    }
  }
  return opts
}

// ---------------------------------------------------------------------------------------------
// On-demand install of miniprogram-ci into .cache/miniprogram-ci

function installedVersion() {
  try {
    const marker = fs.readFileSync(INSTALL_MARKER, 'utf8').trim()
    const pkg = JSON.parse(fs.readFileSync(path.join(INSTALL_DIR, 'node_modules', 'miniprogram-ci', 'package.json'), 'utf8'))
    return marker === pkg.version ? pkg.version : null
  } catch {
    return null
  }
}

function runNpmInstall(logFile) {
  return new Promise((resolve) => {
    const log = fs.openSync(logFile, 'w')
    // Our own package.json (written below) pins the version; --prefix keeps npm from walking up
    // to the repository's package.json when run under `npm run`; --prefer-offline reuses what
    // npm's cache already holds instead of asking the registry again for every package.
    const args = ['install', '--prefix', INSTALL_DIR, '--prefer-offline', '--no-audit', '--no-fund', '--no-update-notifier']
    const child = spawn('npm', args, {
      cwd: INSTALL_DIR,
      stdio: ['ignore', log, log],
      shell: process.platform === 'win32',
    })
    let settled = false
    const done = (outcome) => {
      if (settled) return
      settled = true
      fs.closeSync(log)
      resolve(outcome)
    }
    child.on('error', (err) => done({ code: 1, error: err }))
    child.on('exit', (code, signal) => done({ code: code ?? (signal ? 1 : 0) }))
  })
}

async function ensureMiniprogramCi() {
  if (installedVersion() === CI_VERSION) {
    console.log(`✔ miniprogram-ci@${CI_VERSION} 已安装在 ${rel(INSTALL_DIR)}，跳过安装`)
    return
  }
  console.log(`… 正在安装 miniprogram-ci@${CI_VERSION} 到 ${rel(INSTALL_DIR)}（约 300 MB，只在第一次或升级版本时安装）`)
  fs.mkdirSync(INSTALL_DIR, { recursive: true })
  fs.rmSync(INSTALL_MARKER, { force: true })
  fs.writeFileSync(
    path.join(INSTALL_DIR, 'package.json'),
    `${JSON.stringify(
      {
        name: 'check-weapp-tools',
        private: true,
        description: 'Installed by scripts/check-weapp.mjs; safe to delete.',
        dependencies: { 'miniprogram-ci': CI_VERSION },
      },
      null,
      2,
    )}\n`,
  )
  const logFile = path.join(INSTALL_DIR, 'install.log')
  const started = performance.now()
  const { code, error } = await runNpmInstall(logFile)
  const took = performance.now() - started
  let version = null
  try {
    version = JSON.parse(fs.readFileSync(path.join(INSTALL_DIR, 'node_modules', 'miniprogram-ci', 'package.json'), 'utf8')).version
  } catch {
    // reported below
  }
  if (code !== 0 || version !== CI_VERSION) {
    let tail = ''
    try {
      // npm's summary lines, without its stack trace.
      tail = fs
        .readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((l) => l.trim() && !/^npm (error|ERR!)(\s+at\s|\s*[{}]?\s*$|\s{2,})/.test(l))
        .slice(0, 12)
        .map((l) => `    ${l}`)
        .join('\n')
    } catch {
      // no log
    }
    const why = error
      ? `无法运行 npm：${error.message}`
      : code !== 0
        ? `npm install 退出码 ${code}`
        : `安装后找不到 miniprogram-ci@${CI_VERSION}（找到的是 ${version ?? '无'}）`
    fail(
      `安装 miniprogram-ci@${CI_VERSION} 失败（${why}，用时 ${seconds(took)}）。可能是离线或连不上 npm 仓库；联网后重试即可。完整日志：${rel(logFile)}`,
      tail,
    )
  }
  fs.writeFileSync(INSTALL_MARKER, `${CI_VERSION}\n`)
  console.log(`✔ 已安装 miniprogram-ci@${CI_VERSION}，用时 ${seconds(took)}`)
}

// ---------------------------------------------------------------------------------------------
// Compile

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

function walk(dir, base = dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p, base)
    return e.isFile() ? [path.relative(base, p).split(path.sep).join('/')] : []
  })
}

// The project attributes miniprogram-ci would otherwise download from WeChat's servers with the
// upload key (getProjectAttr). These are its own offline defaults (ci.DefaultProjectAttr) for an
// ordinary mini-program: not a third-party platform (platform: false, so no ext.json), not a
// mini-game (gameApp: false), appType 0.
function projectAttr(ci) {
  const defaults = ci.DefaultProjectAttr ?? {}
  return {
    ...defaults,
    platform: false,
    appType: 0,
    gameApp: false,
    isSandbox: false,
    released: false,
    setting: {
      ...(defaults.setting ?? {}),
      MaxCodeSize: 2,
      MaxSubpackageSubCodeSize: 2,
      MaxSubpackageFullCodeSize: 20,
    },
  }
}

// miniprogram-ci makes one request on its own during a compile: the list of file extensions
// allowed in a package (getwhiteextlist), with its own built-in list as the fallback. Replace its
// HTTP client so that nothing leaves this machine, whatever the network; if the internal module
// ever moves, point its proxy at a closed loopback port instead (public API `ci.proxy`).
const OFFLINE_MESSAGE = 'network disabled by scripts/check-weapp.mjs'
function disableNetwork(ci, ciDir) {
  try {
    const request = createRequire(path.join(ciDir, 'package.json'))('./dist/utils/request.js')
    const refuse = () => {
      const promise = Promise.reject(new Error(OFFLINE_MESSAGE))
      promise.abort = () => {}
      return promise
    }
    request.request = refuse
    request.simpleRequest = (opts, callback) => {
      if (typeof callback === 'function') callback(new Error(OFFLINE_MESSAGE))
      return { abort() {}, on() {} }
    }
  } catch {
    ci.proxy('http://127.0.0.1:9')
  }
}

// miniprogram-ci logs through console.*; collect its lines instead of interleaving them with ours.
function captureConsole() {
  const lines = []
  const saved = {}
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    saved[level] = console[level]
    console[level] = (...args) => {
      const text = args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.stack : JSON.stringify(a))).join(' ')
      // Strip colours (chalk) so the lines can be matched.
      // eslint-disable-next-line no-control-regex
      lines.push({ level, text: text.replace(/\u001b\[[0-9;]*m/g, '') })
    }
  }
  return {
    lines,
    restore() {
      Object.assign(console, saved)
    },
  }
}

// The expected noise: progress chatter, and the failed (disabled) extension-list download.
const isExpectedLine = (text) =>
  /^\[(miniprogram-builder|summer-compiler)\]/.test(text) ||
  /^serialize mini-weixin/.test(text) ||
  /^\[info\] miniprogram-ci is using proxy/.test(text) ||
  (/getwhiteextlist|get white ext list fail/.test(text) && /network disabled|ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(text))
const isErrorLine = (text) => /^\[error\]/.test(text) || /^msg-\S+ compile error/.test(text)

function compileSetting() {
  // The rest of project.config.json's setting is honoured; the three the upload must have are forced.
  // In miniprogram-ci "enhance" is not a separate switch: it is on whenever es6 or es7 is.
  const setting = readJson(path.join(ROOT, 'project.config.json'))?.setting ?? {}
  return {
    es6: true,
    es7: true,
    minify: true,
    autoPrefixWXSS: Boolean(setting.postcss),
    codeProtect: Boolean(setting.uglifyFileName),
    disableUseStrict: Boolean(setting.disableUseStrict),
  }
}

async function compile(dir, verbose) {
  const require = createRequire(path.join(INSTALL_DIR, 'package.json'))
  // miniprogram-ci already logs while it loads.
  const captured = captureConsole()
  let ci
  try {
    ci = require('miniprogram-ci')
  } catch (err) {
    captured.restore()
    fail(`无法加载 ${rel(INSTALL_DIR)} 里的 miniprogram-ci：${err.message}。删除该目录后重试。`)
  }
  const ciDir = path.dirname(require.resolve('miniprogram-ci/package.json'))
  disableNetwork(ci, ciDir)

  const appid = readJson(path.join(ROOT, 'project.config.json'))?.appid || readJson(path.join(dir, 'project.config.json'))?.appid || 'touristappid'
  const setting = compileSetting()

  // A throw-away upload key: Project requires one, but with `attr` given nothing is signed.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'check-weapp-'))
  const keyPath = path.join(tmp, 'private.key')
  const { privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  })
  fs.writeFileSync(keyPath, privateKey, { mode: 0o600 })

  // miniprogram-ci creates an (empty) cache folder named after an MD5 in the current directory:
  // run it from the temp folder so it lands there, not in the repository.
  const cwd = process.cwd()
  process.chdir(tmp)
  const started = performance.now()
  let result
  let error
  const watchdog = setTimeout(() => {
    captured.restore()
    fail(`微信编译超过 ${COMPILE_TIMEOUT_MS / 60000} 分钟仍未结束，已放弃`)
  }, COMPILE_TIMEOUT_MS)
  try {
    const project = new ci.Project({
      appid,
      type: 'miniProgram',
      projectPath: dir,
      privateKeyPath: keyPath,
      ignores: ['node_modules/**/*'],
      attr: async () => projectAttr(ci),
    })
    result = await ci.getCompiledResult({ project, setting, onProgressUpdate: () => {} })
  } catch (err) {
    error = err
  } finally {
    clearTimeout(watchdog)
    captured.restore()
    process.chdir(cwd)
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  const took = performance.now() - started

  const errorLines = captured.lines.filter((l) => isErrorLine(l.text) && !isExpectedLine(l.text))
  const warnLines = captured.lines.filter((l) => /^\[warn\]/.test(l.text) && !isExpectedLine(l.text))
  if (verbose) for (const l of captured.lines) console.log(`  [miniprogram-ci] ${l.text}`)
  else for (const l of warnLines) console.log(`  ⚠ miniprogram-ci：${l.text.replace(/^\[warn\]\s*/, '')}`)

  if (error) {
    const code = error.code ? `错误码 ${error.code}` : error.name || 'Error'
    const message = String(error.message || error).trim().split('\n').slice(0, 40).map((l) => `    ${l}`).join('\n')
    const extra = errorLines.map((l) => `    ${l.text}`).join('\n')
    fail(`微信编译失败（${code}，用时 ${seconds(took)}）：`, [message, extra].filter(Boolean).join('\n'))
  }
  if (errorLines.length > 0) {
    fail(`微信编译报告了 ${errorLines.length} 条错误（用时 ${seconds(took)}）：`, errorLines.map((l) => `    ${l.text}`).join('\n'))
  }
  return { result, took }
}

// ---------------------------------------------------------------------------------------------
// Checks on the compiled files

function loadAcorn() {
  for (const from of [path.join(ROOT, 'package.json'), path.join(INSTALL_DIR, 'package.json')]) {
    try {
      return createRequire(from)('acorn')
    } catch {
      // try the next place
    }
  }
  return fail('找不到 acorn（应随 npm install 装在 node_modules 里）')
}

function snippet(source, err) {
  const lines = source.split('\n')
  const line = lines[(err.loc?.line ?? 1) - 1] ?? ''
  const col = err.loc?.column ?? 0
  const start = Math.max(0, col - 50)
  const end = Math.min(line.length, col + 50)
  const prefix = start > 0 ? '…' : ''
  const text = `${prefix}${line.slice(start, end)}${end < line.length ? '…' : ''}`
  return `      ${text}\n      ${' '.repeat(prefix.length + col - start)}^`
}

function checkEs5(result) {
  const acorn = loadAcorn()
  const failures = []
  let count = 0
  for (const [file, content] of Object.entries(result)) {
    if (!file.endsWith('.js')) continue
    count++
    const source = Buffer.isBuffer(content) ? content.toString('utf8') : String(content)
    try {
      acorn.parse(source, { ecmaVersion: 5, sourceType: 'script', locations: true })
    } catch (err) {
      failures.push({ file, err, source })
    }
  }
  return { count, failures }
}

function packageSizes(result, dir) {
  const appJsonText = result['app.json'] ?? fs.readFileSync(path.join(dir, 'app.json'), 'utf8')
  const appJson = JSON.parse(Buffer.isBuffer(appJsonText) ? appJsonText.toString('utf8') : appJsonText)
  const roots = (appJson.subPackages ?? appJson.subpackages ?? [])
    .map((p) => String(p.root).replace(/^\.?\//, '').replace(/\/$/, ''))
    .sort((a, b) => b.length - a.length)
  const packages = new Map([['主包', 0], ...[...roots].sort().map((r) => [r, 0])])
  for (const [file, content] of Object.entries(result)) {
    // Not part of the uploaded code: DevTools' project files.
    if (/(^|\/)project(\.private)?\.config\.json$/.test(file)) continue
    const root = roots.find((r) => file.startsWith(`${r}/`)) ?? '主包'
    packages.set(root, packages.get(root) + sizeOf(content))
  }
  return packages
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2))
  if (!fs.existsSync(path.join(opts.dir, 'app.json'))) {
    fail(`${rel(opts.dir)} 里没有 app.json：请先构建小程序（npm run build:weapp），或用 --dir 指定目录`)
  }

  await ensureMiniprogramCi()

  const input = walk(opts.dir)
  const inputBytes = input.reduce((n, f) => n + fs.statSync(path.join(opts.dir, f)).size, 0)

  console.log(`… 正在用 miniprogram-ci 编译 ${rel(opts.dir)}（ES6 转 ES5、增强编译、压缩代码）`)
  const { result, took } = await compile(opts.dir, opts.verbose)
  const files = Object.keys(result)
  const outputBytes = Object.values(result).reduce((n, v) => n + sizeOf(v), 0)

  const { count: jsCount, failures } = checkEs5(result)
  let failed = false
  if (failures.length > 0) {
    failed = true
    console.error(`✘ 编译后有 ${failures.length} 个 .js 文件不是 ES5（acorn ecmaVersion 5 解析失败）：`)
    const shown = failures.slice(0, 20)
    for (const { file, err, source } of shown) {
      const where = err.loc ? `第 ${err.loc.line} 行第 ${err.loc.column + 1} 列` : ''
      console.error(`  ${file} ${where}：${err.message.replace(/\s*\(\d+:\d+\)$/, '')}`)
      console.error(snippet(source, err))
    }
    if (failures.length > shown.length) console.error(`  ……另有 ${failures.length - shown.length} 个文件`)
  }

  const packages = packageSizes(result, opts.dir)
  let total = 0
  const sizeLines = []
  for (const [name, size] of packages) {
    total += size
    const over = size > LIMIT_PACKAGE
    failed ||= over
    sizeLines.push(`  ${(name === '主包' ? '主包' : `分包 ${name}`).padEnd(24)}${kb(size).padStart(10)}  ${over ? '✘ 超出 2048 KB' : '✔'}`)
  }
  const overTotal = total > LIMIT_TOTAL
  failed ||= overTotal
  sizeLines.push(`  ${'合计'.padEnd(24)}${kb(total).padStart(10)}  ${overTotal ? '✘ 超出 20 MB' : '✔'}`)

  console.log(`编译用时 ${seconds(took)}；输入 ${input.length} 个文件 ${bytes(inputBytes)} → 输出 ${files.length} 个文件 ${bytes(outputBytes)}（其中 .js ${jsCount} 个）`)
  console.log('包体积（编译产物，每包上限 2048 KB，合计上限 20 MB）：')
  for (const line of sizeLines) console.log(line)

  if (failed) {
    if (failures.length === 0) console.error('✘ 包体积超出微信的上限')
    process.exit(1)
  }
  console.log(`✔ 微信编译通过：${files.length} 个文件，${jsCount} 个 .js 全部是 ES5，主包 ${kb(packages.get('主包'))}，合计 ${kb(total)}`)
  process.exit(0)
}

main().catch((err) => fail(`检查出错：${err?.stack ?? err}`))
