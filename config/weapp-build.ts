/**
 * A mini-program on a phone can only reach https domains on its whitelist: a release build
 * pointing at 127.0.0.1 (the dev default) would fail every request, login and media file.
 * So a production weapp build needs TARO_APP_API_BASE=https://<domain>; only a build marked as
 * a dev build (npm start, `--watch`) may use the local server, for DevTools with domain checks off.
 */
export function weappBuildProblem(env: NodeJS.ProcessEnv): string | null {
  if (env.TARO_ENV !== 'weapp' || env.WEAPP_DEV_BUILD === 'true' || env.NODE_ENV === 'development') return null
  const base = (env.TARO_APP_API_BASE ?? '').trim()
  const m = /^https:\/\/([^/:?#\s]+)(?::\d+)?\/?$/i.exec(base)
  if (!base) return '没有设置 TARO_APP_API_BASE。'
  if (!m) return `TARO_APP_API_BASE=${base} 不是 https:// 开头的域名地址（只能是 https://域名，不带路径）。`
  if (/^(localhost|\d+\.\d+\.\d+\.\d+|\[.*\])$/i.test(m[1])) return `TARO_APP_API_BASE=${base} 是本机或 IP 地址，微信只允许已备案并在后台配置的域名。`
  return null
}
