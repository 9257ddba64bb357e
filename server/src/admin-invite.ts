// `npm run admin:invite -- --org <名称>`: the first admin of a fresh installation (README 「园区党委」).
// Creates the top committee named <名称> if there is none, and prints a one-time invitation (7 days)
// as a link, a QR in the terminal and a bare code. Whoever accepts it in the app becomes the
// committee's admin and appoints everyone else from there. Never from the demo seed.
//
// It opens the database the server uses (DATABASE_URL, or the PGlite folder DATA_DIR), signs with the
// server's APP_SECRET, and prints links on PUBLIC_BASE_URL (default http://HOST:PORT).
import qrcode from 'qrcode-generator'
import { appLink } from '../../src/domain/links'
import { INVITATION_DAYS } from '../../src/domain/park'
import { formatDateTime } from '../../src/domain/time'
import { ConfigError, loadConfig } from './config'
import { openDatabase } from './db/client'
import { SignedIdCodes } from './lib/signedcode'
import { bootstrapInvitation } from './modules/park/service'

function argValue(name: string): string | null {
  const args = process.argv.slice(2)
  const i = args.indexOf(name)
  if (i >= 0) return args[i + 1] ?? null
  const eq = args.find((a) => a.startsWith(`${name}=`))
  return eq ? eq.slice(name.length + 1) : null
}

/** Two rows of modules per line of text (▀ ▄ █), dark on the terminal's light cells. */
function terminalQr(text: string): string {
  const qr = qrcode(0, 'M')
  qr.addData(text, 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  const dark = (r: number, c: number) => r >= 0 && c >= 0 && r < n && c < n && qr.isDark(r, c)
  const lines: string[] = []
  for (let r = -2; r < n + 2; r += 2) {
    let line = ''
    for (let c = -2; c < n + 2; c++) {
      const top = dark(r, c)
      const bottom = dark(r + 1, c)
      line += top && bottom ? ' ' : top ? '▄' : bottom ? '▀' : '█'
    }
    lines.push(line)
  }
  return lines.join('\n')
}

async function main() {
  const name = argValue('--org')?.trim()
  if (!name) {
    console.error('用法：npm run admin:invite -- --org <最上级党委的名称>\n例如：npm run admin:invite -- --org 示范园区综合党委')
    process.exit(2)
  }
  // The same defaults as `npm start` when nothing is configured: dev login and its signing key.
  const env = { ...process.env }
  if (!env.APP_SECRET && env.AUTH_DEV_LOGIN === undefined) env.AUTH_DEV_LOGIN = 'true'
  let config
  try {
    config = loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      process.exit(2)
    }
    throw err
  }
  if (config.db.kind === 'pglite') {
    // PGlite is one process's database: a running server holds the folder.
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/api/v1/health`
    const running = await fetch(url, { signal: AbortSignal.timeout(1500) }).then(
      () => true,
      () => false,
    )
    if (running) {
      console.error(`服务端正在运行并占用内置数据库（${config.db.dataDir}）。请先停止服务端（Ctrl+C），再运行本命令；或者改用 PostgreSQL（DATABASE_URL）。`)
      process.exit(3)
    }
  }
  const database = await openDatabase(config.db)
  try {
    const codes = new SignedIdCodes(config.appSecret, 'invitation/v1')
    const inv = await bootstrapInvitation({ db: database.db, now: () => new Date(), codes }, name)
    const base = process.env.PUBLIC_BASE_URL || `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`
    const link = appLink(base, 'invite', inv.code)
    console.log(inv.created ? `已建立最上级党委「${name}」。` : `「${name}」已存在，为它再发一份管理员邀请。`)
    console.log(`\n管理员任命邀请（一次性，${INVITATION_DAYS} 天内有效，至 ${formatDateTime(inv.expiresAt.toISOString())}）：\n`)
    console.log(terminalQr(link))
    console.log(`\n链接：${link}`)
    console.log(`邀请码：${inv.code}`)
    console.log('\n用微信扫码，或在小程序「我的 → 接受任命」粘贴链接或邀请码；第一个接受的账号成为这个党委的管理员。')
  } finally {
    await database.close()
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
