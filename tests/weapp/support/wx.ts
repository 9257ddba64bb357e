import { types } from 'node:util'
import fs from 'node:fs'
import path from 'node:path'
import type { WeappRealm } from './realm'

/**
 * The `wx` object of the realm. Its keys are exactly the base library's API (read from
 * miniprogram-api-typings, Tencent's published declarations), so code that calls an API the base
 * library lacks throws, as on a phone. Network calls go to the real server; the device's
 * answers (login code, camera, location, modal buttons) come from `realm.script`; everything
 * else answers success. Every call is recorded in `realm.calls`.
 */
export interface WxScript {
  /** wx.scanCode: the text a QR holds, or an Error for 「取消」/camera failure. */
  scanCode?: () => { result: string } | Error
  getLocation?: () => { latitude: number; longitude: number; accuracy?: number } | Error
  chooseLocation?: () => { latitude: number; longitude: number; name?: string; address?: string } | Error
  login?: () => { code: string } | Error
  showModal?: (o: { title?: string; content?: string }) => { confirm: boolean; cancel: boolean; content?: string }
  /** wx.requestSubscribeMessage: the person's answer per template ID ('accept' / 'reject'), or an Error. */
  requestSubscribeMessage?: (o: { tmplIds: string[] }) => Record<string, string> | Error
  /** The file the person picks from a chat: its name and bytes (kept under the realm's temp dir). */
  chooseMessageFile?: () => { name: string; bytes: Buffer } | Error
}

/** APIs guarded by 《用户隐私保护指引》 that this app uses (WeChat's list of privacy interfaces). */
export const PRIVACY_APIS = new Set([
  'getLocation', 'chooseLocation', 'getFuzzyLocation', 'startLocationUpdate', 'startLocationUpdateBackground', 'onLocationChange',
  'chooseAddress', 'setClipboardData', 'getClipboardData', 'chooseImage', 'chooseMedia', 'chooseVideo', 'saveImageToPhotosAlbum',
  'chooseMessageFile', 'getWeRunData', 'startRecord', 'getRecorderManager', 'openBluetoothAdapter', 'createCameraContext',
])

/** Location APIs that fail unless app.json's requiredPrivateInfos declares them (since 2022-07-14). */
export const DECLARED_LOCATION_APIS = new Set([
  'getLocation', 'chooseLocation', 'getFuzzyLocation', 'onLocationChange', 'startLocationUpdate', 'startLocationUpdateBackground',
  'chooseAddress', 'choosePoi',
])

let baseLibrary: string[] | null = null

/** The base library's API names, from Tencent's typings (`interface Wx { … }`). */
export function baseLibraryApis(): string[] {
  if (baseLibrary) return baseLibrary
  const file = require.resolve('miniprogram-api-typings/types/wx/lib.wx.api.d.ts')
  // Doc comments hold code samples with braces: drop them, then take the interface's body.
  const src = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '')
  const start = src.indexOf('interface Wx {')
  if (start < 0) throw new Error('miniprogram-api-typings: interface Wx not found')
  let depth = 0
  let end = start
  for (let i = src.indexOf('{', start); i < src.length; i++) {
    if (src[i] === '{') depth++
    else if (src[i] === '}' && --depth === 0) {
      end = i
      break
    }
  }
  const names = new Set<string>()
  for (const m of src.slice(start, end).matchAll(/^ {8}([a-zA-Z][a-zA-Z0-9]*)[<(]/gm)) names.add(m[1])
  baseLibrary = [...names]
  return baseLibrary
}

type Opts = { success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void; [k: string]: unknown }

export function createWx(realm: WeappRealm): Record<string, unknown> {
  const wx: Record<string, unknown> = {}
  const listeners: Record<string, ((...a: unknown[]) => void)[]> = {}
  let privacyAgreed = false
  let privacyHandler: ((resolve: (r: { event: string; buttonId?: string }) => void, info: { referrer: string }) => void) | null = null

  /** Callback-style answer, a tick later, as the base library gives it. */
  const answer = (name: string, o: Opts | undefined, res: Record<string, unknown> | null, errMsg?: string) => {
    realm.inflight++
    setTimeout(() => {
      realm.inflight--
      const opts = o ?? {}
      if (res) {
        const r = { errMsg: `${name}:ok`, ...res }
        if (opts.success) realm.guard(() => opts.success!(r))
        if (opts.complete) realm.guard(() => opts.complete!(r))
      } else {
        const r = { errMsg: `${name}:fail ${errMsg ?? ''}`.trim(), errno: /privacy/.test(errMsg ?? '') ? 104 : undefined }
        if (opts.fail) realm.guard(() => opts.fail!(r))
        if (opts.complete) realm.guard(() => opts.complete!(r))
      }
    }, 0)
  }

  const record = (api: string, args: unknown) => realm.calls.push({ api, args })

  /** WeChat's gate in front of a privacy API: declared in app.json, agreed to by the user. */
  const gate = (name: string, o: Opts | undefined, go: () => void) => {
    if (DECLARED_LOCATION_APIS.has(name)) {
      const declared = realm.appJson.requiredPrivateInfos ?? []
      if (!declared.includes(name)) {
        realm.violations.push(`${name} 未在 app.json 的 requiredPrivateInfos 中声明`)
        return answer(name, o, null, `the api need to be declared in the requiredPrivateInfos field in app.json/ext.json`)
      }
      if (name !== 'chooseLocation' && !realm.appJson.permission?.['scope.userLocation']?.desc) {
        realm.violations.push(`${name} 需要 app.json 的 permission["scope.userLocation"].desc`)
      }
    }
    if (!PRIVACY_APIS.has(name) || privacyAgreed) return go()
    if (!privacyHandler) {
      realm.violations.push(`${name} 是隐私接口，但小程序没有用 wx.onNeedPrivacyAuthorization 处理隐私授权`)
      return answer(name, o, null, 'privacy permission is not authorized')
    }
    const handler = privacyHandler
    realm.guard(() =>
      handler((r) => {
        // 'exposureAuthorization' only reports that the popup is on screen; the answer follows.
        if (r?.event === 'exposureAuthorization') return
        if (r?.event === 'agree' && privacyAgreed) go()
        else if (r?.event === 'agree') {
          realm.violations.push('resolve({event:"agree"}) 不是在用户点击 open-type="agreePrivacyAuthorization" 的按钮后调用的')
          answer(name, o, null, 'privacy permission is not authorized')
        } else answer(name, o, null, 'privacy permission is not authorized')
      }, { referrer: name }),
    )
  }

  const scripted = <T extends object>(name: string, o: Opts | undefined, fn: (() => T | Error) | undefined) => {
    if (!fn) {
      realm.violations.push(`测试没有为 wx.${name} 准备回答`)
      return answer(name, o, null, 'cancel')
    }
    const r = fn()
    if (r instanceof Error) answer(name, o, null, r.message)
    else answer(name, o, r as Record<string, unknown>)
  }

  const mapUrl = (url: string): string | null => {
    const base = realm.options.apiBase.replace(/\/+$/, '')
    if (!/^https:\/\//.test(url)) {
      realm.violations.push(`网络请求不是 https：${url}`)
      return null
    }
    if (url !== base && !url.startsWith(`${base}/`)) {
      realm.violations.push(`网络请求不在配置的域名内：${url}`)
      return null
    }
    return realm.options.server + url.slice(base.length)
  }

  const system = {
    brand: 'HUAWEI', model: 'ANE-AL00', pixelRatio: 3, screenWidth: 360, screenHeight: 780, windowWidth: 360, windowHeight: 660,
    statusBarHeight: 24, language: 'zh_CN', version: '8.0.50', system: 'Android 9', platform: 'android', SDKVersion: '3.5.8',
    fontSizeSetting: 16, safeArea: { left: 0, right: 360, top: 24, bottom: 780, width: 360, height: 756 }, theme: 'light',
  }

  const impl: Record<string, (o?: Opts, ...rest: unknown[]) => unknown> = {
    request(o) {
      const opts = o ?? {}
      const url = mapUrl(String(opts.url))
      if (!url) {
        answer('request', opts, null, 'url not in domain list')
        return { abort() {}, onHeadersReceived() {}, offHeadersReceived() {} }
      }
      const method = String(opts.method ?? 'GET').toUpperCase()
      const header = { ...(opts.header as Record<string, string> | undefined) }
      // An ArrayBuffer goes as its bytes (as wx.request sends it); anything else as JSON text.
      // (The page's ArrayBuffer is the vm realm's own class, hence isArrayBuffer rather than instanceof.)
      let body: BodyInit | undefined
      if (opts.data !== undefined && method !== 'GET') {
        body = types.isArrayBuffer(opts.data) ? (new Uint8Array(opts.data) as unknown as BodyInit) : typeof opts.data === 'string' ? opts.data : JSON.stringify(opts.data)
      }
      realm.inflight++
      let aborted = false
      fetch(url, { method, headers: header, body })
        .then(async (res) => {
          const text = await res.text()
          let data: unknown = text
          if ((opts.dataType ?? 'json') === 'json') {
            try {
              data = JSON.parse(text)
            } catch {
              data = text
            }
          }
          const headers: Record<string, string> = {}
          res.headers.forEach((v, k) => (headers[k] = v))
          if (aborted) return
          const r = { errMsg: 'request:ok', data, statusCode: res.status, header: headers }
          if (opts.success) realm.guard(() => opts.success!(r))
          if (opts.complete) realm.guard(() => opts.complete!(r))
        })
        .catch((err: Error) => {
          const r = { errMsg: `request:fail ${err.message}` }
          if (opts.fail) realm.guard(() => opts.fail!(r))
          if (opts.complete) realm.guard(() => opts.complete!(r))
        })
        .finally(() => realm.inflight--)
      return { abort: () => (aborted = true), onHeadersReceived() {}, offHeadersReceived() {} }
    },
    downloadFile(o) {
      const opts = o ?? {}
      const url = mapUrl(String(opts.url))
      if (!url) return answer('downloadFile', opts, null, 'url not in domain list')
      realm.inflight++
      fetch(url, { headers: opts.header as Record<string, string> | undefined })
        .then(async (res) => {
          const file = path.join(realm.tmpDir, `download-${realm.downloads.length}`)
          fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()))
          realm.downloads.push(file)
          const r = { errMsg: 'downloadFile:ok', tempFilePath: `wxfile://tmp/${path.basename(file)}`, statusCode: res.status }
          if (opts.success) realm.guard(() => opts.success!(r))
          if (opts.complete) realm.guard(() => opts.complete!(r))
        })
        .catch((err: Error) => answer('downloadFile', opts, null, err.message))
        .finally(() => realm.inflight--)
      return { abort() {}, onProgressUpdate() {}, offProgressUpdate() {} }
    },
    getStorageSync: (key) => (realm.storage.has(String(key)) ? realm.storage.get(String(key)) : ''),
    setStorageSync: (key, value) => void realm.storage.set(String(key), JSON.parse(JSON.stringify(value ?? null))),
    removeStorageSync: (key) => void realm.storage.delete(String(key)),
    clearStorageSync: () => realm.storage.clear(),
    getStorage: (o) => (realm.storage.has(String(o?.key)) ? answer('getStorage', o, { data: realm.storage.get(String(o?.key)) }) : answer('getStorage', o, null, 'data not found')),
    setStorage: (o) => {
      realm.storage.set(String(o?.key), JSON.parse(JSON.stringify(o?.data ?? null)))
      answer('setStorage', o, {})
    },
    removeStorage: (o) => {
      realm.storage.delete(String(o?.key))
      answer('removeStorage', o, {})
    },
    getStorageInfoSync: () => ({ keys: [...realm.storage.keys()], currentSize: 1, limitSize: 10240 }),
    login: (o) => scripted('login', o, realm.script.login),
    scanCode: (o) => gate('scanCode', o, () => scripted('scanCode', o, realm.script.scanCode)),
    getLocation: (o) => gate('getLocation', o, () => scripted('getLocation', o, realm.script.getLocation)),
    chooseLocation: (o) => gate('chooseLocation', o, () => scripted('chooseLocation', o, realm.script.chooseLocation)),
    setClipboardData: (o) => gate('setClipboardData', o, () => answer('setClipboardData', o, {})),
    chooseMessageFile: (o) =>
      gate('chooseMessageFile', o, () => {
        const picked = realm.script.chooseMessageFile?.()
        if (!picked || picked instanceof Error) return answer('chooseMessageFile', o, null, picked?.message ?? 'cancel')
        const file = path.join(realm.tmpDir, `chosen-${Date.now()}-${picked.name}`)
        fs.writeFileSync(file, picked.bytes)
        answer('chooseMessageFile', o, { tempFiles: [{ path: `wxfile://tmp/${path.basename(file)}`, size: picked.bytes.length, name: picked.name, type: 'file', time: 0 }] })
      }),
    // WeChat refuses a subscription request that is not made while a tap is being handled.
    requestSubscribeMessage: (o) => {
      if (!realm.tapping) {
        realm.violations.push('wx.requestSubscribeMessage 不是在点击里调用的（微信会拒绝）')
        return answer('requestSubscribeMessage', o, null, 'can only be invoked by user TAP gesture.')
      }
      const picked = realm.script.requestSubscribeMessage?.({ tmplIds: (o?.tmplIds as string[]) ?? [] }) ?? {}
      return picked instanceof Error ? answer('requestSubscribeMessage', o, null, picked.message) : answer('requestSubscribeMessage', o, picked)
    },
    showModal: (o) => {
      // The base library refuses button texts over 4 Chinese characters.
      for (const key of ['confirmText', 'cancelText'] as const) {
        const text = o?.[key]
        if (typeof text === 'string' && text.length > 4) {
          realm.violations.push(`showModal 的 ${key}「${text}」超过 4 个字`)
          return answer('showModal', o, null, `${key} length should not larger than 4 Chinese characters`)
        }
      }
      realm.modals.push({ title: String(o?.title ?? ''), content: String(o?.content ?? '') })
      answer('showModal', o, realm.script.showModal ? realm.script.showModal(o as { title?: string; content?: string }) : { confirm: true, cancel: false })
    },
    showToast: (o) => {
      realm.toasts.push(String(o?.title ?? ''))
      answer('showToast', o, {})
    },
    navigateTo: (o) => nav('navigateTo', o),
    redirectTo: (o) => nav('redirectTo', o),
    switchTab: (o) => nav('switchTab', o),
    reLaunch: (o) => nav('reLaunch', o),
    navigateBack: (o) => {
      const err = realm.navigateBack(Number(o?.delta ?? 1))
      answer('navigateBack', o, err ? null : {}, err ?? undefined)
    },
    getSystemInfoSync: () => ({ ...system }),
    getSystemInfo: (o) => answer('getSystemInfo', o, { ...system }),
    getWindowInfo: () => ({ ...system }),
    getDeviceInfo: () => ({ ...system }),
    getAppBaseInfo: () => ({ ...system }),
    getSystemSetting: () => ({ locationEnabled: true, wifiEnabled: true, bluetoothEnabled: false }),
    getAppAuthorizeSetting: () => ({ locationAuthorized: 'authorized', cameraAuthorized: 'authorized' }),
    getMenuButtonBoundingClientRect: () => ({ width: 87, height: 32, top: 28, right: 353, bottom: 60, left: 266 }),
    getAccountInfoSync: () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion: 'release', version: '1.0.0' } }),
    getLaunchOptionsSync: () => ({ ...realm.launchOptions }),
    getEnterOptionsSync: () => ({ ...realm.launchOptions }),
    canIUse: () => true,
    nextTick: (fn) => void setTimeout(fn as unknown as () => void, 0),
    getNetworkType: (o) => answer('getNetworkType', o, { networkType: '4g', signalStrength: 0 }),
    getUpdateManager: () => ({ onCheckForUpdate() {}, onUpdateReady() {}, onUpdateFailed() {}, applyUpdate() {} }),
    createSelectorQuery: () => selectorQuery(),
    createIntersectionObserver: () => {
      const io = { relativeTo: () => io, relativeToViewport: () => io, observe: () => undefined, disconnect: () => undefined }
      return io
    },
    createInnerAudioContext: () => mediaContext(),
    createVideoContext: () => mediaContext(),
    getBackgroundAudioManager: () => mediaContext(),
    onNeedPrivacyAuthorization: (fn) => {
      privacyHandler = fn as unknown as typeof privacyHandler
    },
    getPrivacySetting: (o) => answer('getPrivacySetting', o, { needAuthorization: !privacyAgreed, privacyContractName: '《红色引擎小程序隐私保护指引》' }),
    requirePrivacyAuthorize: (o) => gate('requirePrivacyAuthorize', o, () => answer('requirePrivacyAuthorize', o, {})),
    openPrivacyContract: (o) => answer('openPrivacyContract', o, {}),
    getFileSystemManager: () => ({
      // A file this realm handed out (wxfile://tmp/…), as an ArrayBuffer when no encoding is asked for.
      readFile: (a?: Opts) => {
        const name = String(a?.filePath ?? '').replace(/^wxfile:\/\/tmp\//, '')
        const file = path.join(realm.tmpDir, path.basename(name))
        if (!fs.existsSync(file)) return answer('readFile', a, null, 'no such file or directory')
        const b = fs.readFileSync(file)
        answer('readFile', a, { data: b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) })
      },
      readFileSync: () => '',
      writeFileSync: () => undefined,
      accessSync: () => undefined,
      access: (a?: Opts) => answer('access', a, {}),
      saveFile: (a?: Opts) => answer('saveFile', a, { savedFilePath: 'wxfile://usr/saved' }),
    }),
  }
  // Events the platform raises (wx.onXxx) — kept so the test can raise them.
  const on = (name: string) => (fn: (...a: unknown[]) => void) => void (listeners[name] ??= []).push(fn)
  const off = (name: string) => (fn?: (...a: unknown[]) => void) => {
    listeners[name] = fn ? (listeners[name] ?? []).filter((f) => f !== fn) : []
  }

  function nav(kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'reLaunch', o?: Opts) {
    const url = String(o?.url ?? '')
    // The base library answers before the new page has loaded.
    realm.inflight++
    setTimeout(() => {
      realm.inflight--
      const err = realm.navigate(kind, url)
      const opts = o ?? {}
      const r = err ? { errMsg: `${kind}:fail ${err}` } : { errMsg: `${kind}:ok` }
      const cb = err ? opts.fail : opts.success
      if (cb) realm.guard(() => cb(r))
      if (opts.complete) realm.guard(() => opts.complete!(r))
    }, 0)
  }

  function selectorQuery() {
    const q: Record<string, (...a: unknown[]) => unknown> = {}
    const results: unknown[] = []
    const node = () => {
      const n: Record<string, (...a: unknown[]) => unknown> = {}
      for (const m of ['boundingClientRect', 'scrollOffset', 'fields', 'node', 'context']) {
        n[m] = (cb?: unknown) => {
          results.push({ width: 360, height: 600, top: 0, left: 0, right: 360, bottom: 600, scrollTop: 0, scrollHeight: 600 })
          if (typeof cb === 'function') realm.guard(() => cb(results[results.length - 1]))
          return q
        }
      }
      return n
    }
    q.select = node
    q.selectAll = node
    q.selectViewport = node
    q.in = () => q
    q.exec = (cb?: unknown) => {
      setTimeout(() => typeof cb === 'function' && realm.guard(() => cb([...results])), 0)
      return undefined
    }
    return q
  }

  function mediaContext() {
    const ctx: Record<string, unknown> = { src: '', startTime: 0, autoplay: false, loop: false, volume: 1, duration: 0, currentTime: 0, paused: true }
    for (const m of ['play', 'pause', 'stop', 'seek', 'destroy', 'requestFullScreen', 'exitFullScreen', 'playbackRate']) ctx[m] = () => undefined
    for (const e of ['Canplay', 'Play', 'Pause', 'Stop', 'Ended', 'TimeUpdate', 'Error', 'Waiting', 'Seeking', 'Seeked']) {
      ctx[`on${e}`] = () => undefined
      ctx[`off${e}`] = () => undefined
    }
    return ctx
  }

  for (const name of baseLibraryApis()) {
    const fn =
      impl[name] ??
      (/^on[A-Z]/.test(name)
        ? on(name)
        : /^off[A-Z]/.test(name)
          ? off(name.replace(/^off/, 'on'))
          : name.endsWith('Sync') || /^(create|get)[A-Z].*(Context|Manager|Observer|Task)$/.test(name)
            ? () => undefined
            : (o?: Opts) => answer(name, o, {}))
    wx[name] = (...args: unknown[]) => {
      record(name, args[0])
      return fn(...(args as [Opts?]))
    }
  }
  for (const name of Object.keys(impl)) if (!(name in wx)) throw new Error(`wx.${name} is not in the base library's API list`)
  // Namespaces the base library has besides its functions (Taro copies wx.cloud onto Taro.cloud).
  wx.env = { USER_DATA_PATH: 'wxfile://usr' }
  wx.cloud = {}
  Object.defineProperty(wx, '__agreePrivacy', { value: () => (privacyAgreed = true), enumerable: false })
  Object.defineProperty(wx, '__listeners', { value: listeners, enumerable: false })
  // Reading an API the base library lacks (Taro looks names up when they are called) is a
  // breach even when the app swallows the TypeError that follows.
  return new Proxy(wx, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && !(prop in target) && /^[a-z][A-Za-z0-9]*$/.test(prop) && !NOT_APIS.has(prop)) {
        realm.violations.push(`调用了基础库没有的 wx.${prop}`)
      }
      return Reflect.get(target, prop, receiver)
    },
  })
}

/** Names read off `wx` that are not API calls: webpack's chunk list, and feature probes. */
const NOT_APIS = new Set(['webpackJsonp', 'then', 'toJSON', 'constructor'])
