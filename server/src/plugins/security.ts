import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import helmet from 'helmet'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'

/**
 * Security headers for everything the server answers, the H5 app included (helmet).
 * The Content-Security-Policy is the one the H5 build runs under, and no looser:
 * - scripts from this origin only, plus the one inline script of index.html (Taro's rem sizing),
 *   allowed by its hash — read from the build at start, so a rebuilt index.html keeps working;
 * - styles from this origin, and inline styles (Taro's components set style attributes);
 * - images and lesson media from this origin, data: URLs, and https (covers and media may sit on
 *   a CDN, as the lesson form allows);
 * - API calls to this origin only; no plugins, no framing, no <base> tricks.
 */
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
const JS_URL_HASHES = [sha256('javascript:;')]

export function inlineScriptHashes(staticDir: string | null): string[] {
  if (!staticDir) return []
  const file = path.join(staticDir, 'index.html')
  if (!fs.existsSync(file)) return []
  const html = fs.readFileSync(file, 'utf8')
  return [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => sha256(m[1]))
}

export default fp(async function securityPlugin(app: FastifyInstance, opts: { staticDir: string | null }) {
  // Built once and applied to every response. (@fastify/helmet built helmet anew for each request,
  // parsing the policy every time: 5 % of the server's CPU under load.)
  const apply = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // 'unsafe-hashes' admits only the exact hashed code: Taro's H5 tab bar items are
        // <a href="javascript:;"> (its click handler navigates), nothing else inline.
        scriptSrc: ["'self'", ...inlineScriptHashes(opts.staticDir), "'unsafe-hashes'", ...JS_URL_HASHES],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        mediaSrc: ["'self'", 'blob:', 'https:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    },
    // Lesson media and exported sheets are fetched by the mini-program, not by other sites' pages.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // Browsers honour this only over https (production); on a LAN over http it is ignored.
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false },
  })
  // The headers do not depend on the request (no nonces): helmet runs once here, against a stand-in
  // response that records what it sets and removes, and every response gets that record — its
  // chain of thirteen middlewares per request was 9 % of GET /me's CPU in-process.
  const set: [string, string | number | readonly string[]][] = []
  const removed: string[] = []
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void set.push([name, value]),
    removeHeader: (name: string) => void removed.push(name),
  }
  let recorded = false
  apply({} as never, recorder as never, (err?: unknown) => {
    if (err) throw err
    recorded = true
  })
  // (helmet sets its headers synchronously; should a version not, fail at start rather than answer without them)
  if (!recorded || set.length === 0) throw new Error('helmet did not set its headers synchronously')
  app.addHook('onRequest', (_request, reply, done) => {
    const res = reply.raw
    for (const [name, value] of set) res.setHeader(name, value)
    for (const name of removed) res.removeHeader(name)
    done()
  })
})
