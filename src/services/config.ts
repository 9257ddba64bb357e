/**
 * Where the API lives. The only place that reads TARO_APP_API_BASE.
 * H5 is served by the API server itself, so '' (same origin) is right there; a mini-program
 * has no origin and needs an absolute address — the local server by default.
 */
const DEFAULT_WEAPP_BASE = 'http://127.0.0.1:3000'

export function resolveApiBase(raw: string | undefined, platform: string | undefined): string {
  const value = (raw ?? '').trim().replace(/\/+$/, '')
  if (value) return value
  return platform === 'h5' ? '' : DEFAULT_WEAPP_BASE
}

/**
 * Both variables are replaced with literals at build time (config/index.ts `env`, Taro's
 * TARO_ENV), so this costs nothing per call; reading them per call lets tests point the
 * client at a server started on a free port.
 */
export function apiBase(): string {
  return resolveApiBase(process.env.TARO_APP_API_BASE, process.env.TARO_ENV)
}

/**
 * Where the public verify page lives, for the link inside a member card's QR code. The server
 * serves the H5 app, so on H5 it is this page's origin and on weapp the API's address.
 */
export function publicWebBase(): string {
  if (process.env.TARO_ENV === 'h5' && typeof location !== 'undefined') return location.origin
  return apiBase()
}
