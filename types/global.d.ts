/// <reference types="@tarojs/taro" />

declare module '*.png'
declare module '*.gif'
declare module '*.jpg'
declare module '*.jpeg'
declare module '*.svg'
declare module '*.css'
declare module '*.less'
declare module '*.scss'
declare module '*.sass'
declare module '*.styl'

// Optional keys: this file is in the same tsconfig as the server and its tests, which build
// env objects for child processes (spawn's `env` is a NodeJS.ProcessEnv).
declare namespace NodeJS {
  interface ProcessEnv {
    /** NODE 内置环境变量，会影响到最终构建生成产物 */
    NODE_ENV?: 'development' | 'production' | 'test'
    /** 当前构建的平台（构建时替换为字面量） */
    TARO_ENV?: 'weapp' | 'swan' | 'alipay' | 'h5' | 'rn' | 'tt' | 'qq' | 'jd' | 'harmony' | 'jdrn'
    /** 接口地址；未设置时 H5 为同源，小程序为 http://127.0.0.1:3000（见 src/services/config.ts） */
    TARO_APP_API_BASE?: string
    /** 写入 dist/weapp/project.config.json 的小程序 AppID，默认 touristappid */
    TARO_APP_ID?: string
  }
}

/** The QR encoder of the maintained `qrcode` package, without its Node/canvas renderers. */
declare module 'qrcode/lib/core/qrcode' {
  export function create(
    text: string,
    options?: { errorCorrectionLevel?: 'L' | 'M' | 'Q' | 'H' },
  ): { modules: { size: number; data: Uint8Array | boolean[] } }
}
