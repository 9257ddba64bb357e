import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { startServer, type ServerProcess } from '../../support/server-process'
import { WeappRealm, type Node } from './realm'

/**
 * Shared by the weapp test files: one real server per file (PGlite, demo data, dev login), and
 * phones — realms — that start the production build, logged in or not.
 */
export const ROOT = path.resolve(__dirname, '../../..')
export const WEAPP_DIR = process.env.WEAPP_DIR ? path.resolve(process.env.WEAPP_DIR) : path.join(ROOT, 'dist/weapp')
/** The https base the tested build was made with (scripts/test.mjs builds with the same). */
export const WEAPP_API_BASE = process.env.WEAPP_TEST_API_BASE ?? 'https://redengine.example.com'

export interface Harness {
  server: ServerProcess
  /**
   * A phone that opened the app before: logged in through the login page as a demo account
   * (by the name shown, e.g. 张明) or as `openid:<id>` (typed into 其他账号), storage kept.
   */
  phone(name?: string, launchUrl?: string): Promise<WeappRealm>
  /** The API as `openid` (setup and checks that the UI is not the subject of). */
  api<T = any>(openid: string, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }>
  close(): Promise<void>
}

export async function startHarness(): Promise<Harness> {
  if (!fs.existsSync(path.join(WEAPP_DIR, 'app.json'))) {
    throw new Error(`没有找到小程序构建（${WEAPP_DIR}/app.json）。请先运行：TARO_APP_API_BASE=${WEAPP_API_BASE} npm run build:weapp`)
  }
  const appJs = fs.readFileSync(path.join(WEAPP_DIR, 'app.js'), 'utf8') + fs.readFileSync(path.join(WEAPP_DIR, 'common.js'), 'utf8')
  if (!appJs.includes(WEAPP_API_BASE)) {
    throw new Error(`${WEAPP_DIR} 不是用 TARO_APP_API_BASE=${WEAPP_API_BASE} 构建的；请重新构建，或用 WEAPP_TEST_API_BASE 指明它的接口地址`)
  }
  // Subscribe-message templates configured, as in production: the 订阅 flows need them.
  const server = await startServer({ WECHAT_TEMPLATE_DEADLINE: 'tpl-deadline', WECHAT_TEMPLATE_MEETING_START: 'tpl-start', WECHAT_TEMPLATE_LEAVE_RECEIVED: 'tpl-leave' })
  const realms: WeappRealm[] = []
  const sessions = new Map<string, Map<string, unknown>>()
  const tokens = new Map<string, string>()

  const newRealm = () => {
    const realm = new WeappRealm({ dir: WEAPP_DIR, apiBase: WEAPP_API_BASE, server: server.base })
    realms.push(realm)
    return realm
  }

  async function session(name: string): Promise<Map<string, unknown>> {
    const known = sessions.get(name)
    if (known) return known
    const realm = newRealm()
    await realm.launch()
    await realm.waitForRoute('packages/auth/pages/login/index')
    await realm.waitForText('演示账号')
    if (name.startsWith('openid:')) {
      realm.type('login__input', name.slice('openid:'.length))
      await realm.settle()
      realm.tap('登录')
    } else {
      realm.tap(name)
    }
    await realm.waitForRoute('pages/home/index')
    await realm.waitForText(/早上好|上午好|中午好|下午好|晚上好/)
    assertClean(realm, `登录 ${name}`)
    const storage = new Map(realm.storage)
    sessions.set(name, storage)
    realm.close()
    return storage
  }

  return {
    server,
    async phone(name, launchUrl) {
      const storage = name ? await session(name) : null
      const realm = newRealm()
      if (storage) for (const [k, v] of storage) realm.storage.set(k, v)
      await realm.launch(launchUrl)
      return realm
    },
    async api(openid, method, url, body) {
      let token = tokens.get(openid)
      if (!token) {
        const res = await fetch(`${server.base}/api/v1/auth/dev-login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ openid }),
        })
        token = ((await res.json()) as { token: string }).token
        tokens.set(openid, token)
      }
      const res = await fetch(`${server.base}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null }
    },
    async close() {
      for (const r of realms) r.close()
      await server.stop()
    },
  }
}

/** No uncaught error, no rejected promise, no console.error, no breach of WeChat's rules. */
export function assertClean(realm: WeappRealm, where: string) {
  assert.deepEqual(realm.errors, [], `${where}：小程序里出现了未捕获的错误`)
  assert.deepEqual(realm.violations, [], `${where}：违反了微信的平台规则`)
}

/**
 * The QR drawn by components/QrCode, read back from the page's data: rows of dark and light
 * runs whose widths are multiples of one cell. Returns the module matrix.
 */
export function readQrMatrix(realm: WeappRealm): boolean[][] {
  const qr = realm.findByClass('qr')
  assert.ok(qr, '页面上没有二维码')
  const rows = (qr.node.cn ?? []).filter((r: Node) => typeof r.cl === 'string' && r.cl.includes('qr__row'))
  assert.ok(rows.length > 20, `二维码只有 ${rows.length} 行`)
  const width = (n: Node) => Number(/width:\s*([\d.]+)/.exec(String(n.st ?? ''))?.[1])
  const cell = Math.min(...rows.flatMap((r: Node) => (r.cn ?? []).map(width)))
  assert.ok(cell > 0, '二维码的格子没有宽度')
  return rows.map((r: Node) =>
    (r.cn ?? []).flatMap((run: Node) => Array.from({ length: Math.round(width(run) / cell) }, () => String(run.cl).includes('qr__dark'))),
  )
}

/** Decodes a module matrix with jsQR (a real decoder, as a phone's scanner would). */
export function decodeQr(matrix: boolean[][]): string | null {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsQR = require('jsqr') as (data: Uint8ClampedArray, w: number, h: number) => { data: string } | null
  const scale = 6
  const quiet = 4
  const n = matrix.length
  const size = (n + quiet * 2) * scale
  const px = new Uint8ClampedArray(size * size * 4).fill(255)
  for (let y = 0; y < n; y++) {
    assert.equal(matrix[y].length, n, `二维码第 ${y + 1} 行宽 ${matrix[y].length}，应为 ${n}`)
    for (let x = 0; x < n; x++) {
      if (!matrix[y][x]) continue
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const i = (((y + quiet) * scale + dy) * size + (x + quiet) * scale + dx) * 4
          px[i] = px[i + 1] = px[i + 2] = 0
        }
      }
    }
  }
  return jsQR(px, size, size)?.data ?? null
}
