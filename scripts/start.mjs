// `npm start`: build the weapp and H5 bundles, then run the API on PGlite with the demo
// data and dev login, serving the H5 app from the same origin. Data in ./data is kept
// between runs (the seed only loads into an empty database).
import path from 'node:path'
import { spawn } from 'node:child_process'
import { ROOT, bin, run, seconds } from './lib.mjs'

const PORT = process.env.PORT || '3000'
const HOST = process.env.HOST || '127.0.0.1'
const local = `http://${HOST === '0.0.0.0' ? '127.0.0.1' : HOST}:${PORT}`
const skipBuild = process.argv.includes('--no-build')

async function build(type, env) {
  console.log(`\n▶ 构建 ${type === 'weapp' ? '微信小程序 dist/weapp' : 'H5 dist/h5'} …`)
  const started = Date.now()
  const code = await run(bin('taro'), ['build', '--type', type], { env })
  if (code !== 0) {
    console.error(`\n✘ ${type} 构建失败（退出码 ${code}），请查看上面的输出。`)
    process.exit(code)
  }
  console.log(`✔ ${type} 构建完成（${seconds(Date.now() - started)}）`)
}

if (!skipBuild) {
  // A dev build for DevTools: the weapp talks to this server over the LAN/loopback, which only
  // works with DevTools' domain check off (a release build refuses a non-https base).
  // H5 is served by the server itself (same origin).
  await build('weapp', { TARO_APP_API_BASE: process.env.TARO_APP_API_BASE || local, WEAPP_DEV_BUILD: 'true' })
  await build('h5', { TARO_APP_API_BASE: '' })
}

const env = {
  ...process.env,
  PORT,
  HOST,
  SEED: process.env.SEED ?? 'demo',
  AUTH_DEV_LOGIN: process.env.AUTH_DEV_LOGIN ?? 'true',
  STATIC_DIR: process.env.STATIC_DIR || path.join(ROOT, 'dist/h5'),
  LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
}
console.log('\n▶ 启动服务端（PGlite 内嵌数据库，演示数据，开发登录）…')
const server = spawn(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'server/src/server.ts')], {
  cwd: ROOT,
  env,
  stdio: 'inherit',
})
let stopping = false
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    stopping = true
    server.kill(sig)
  })
}
server.on('exit', (code) => {
  if (!stopping) console.error(`\n✘ 服务端退出了（退出码 ${code}）。`)
  process.exit(code ?? 0)
})

// Tell the user where to go once the API answers.
const deadline = Date.now() + 120_000
while (Date.now() < deadline && !stopping) {
  const ok = await fetch(`${local}/api/health`).then((r) => r.ok, () => false)
  if (ok) {
    const weappBase = process.env.TARO_APP_API_BASE || local
    const dataDir = env.DATABASE_URL ? 'PostgreSQL（DATABASE_URL）' : path.resolve(env.DATA_DIR || './data/pglite')
    console.log(`
✔ 红色引擎已启动
  H5 预览：        ${local}/   （用演示账号登录：demo-member、demo-secretary …）
  微信开发者工具： 导入 ${path.join(ROOT, 'dist/weapp')}（或仓库根目录）
                   这是开发构建：接口指向 ${weappBase}，请在开发者工具中勾选「不校验合法域名」；
                   上线用的正式构建见 README「上线到微信」
  接口文档：       ${local}/api/docs/json
  数据：           ${dataDir}
  按 Ctrl+C 停止。`)
    break
  }
  await new Promise((r) => setTimeout(r, 300))
}
