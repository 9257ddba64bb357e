import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'
import { PrecompressPlugin } from './precompress'
import { weappBuildProblem } from './weapp-build'

/** Browsers our stylesheets are prefixed for: WeChat's WebViews on phones (and the H5 test window). JavaScript keeps package.json's wider browserslist. */
const CSS_TARGETS = ['Chrome >= 53', 'ChromeAndroid >= 53', 'iOS >= 10']

// https://docs.taro.zone/docs/next/config#defineconfig-辅助函数
export default defineConfig<'webpack5'>(async (merge) => {
  const problem = weappBuildProblem(process.env)
  if (problem) {
    console.error(`\n✘ 不能构建正式版小程序：${problem}
  手机上的小程序只能访问在微信公众平台「开发管理 → 服务器域名」中配置的 https 域名。
  正式构建：TARO_APP_API_BASE=https://你的域名 TARO_APP_ID=你的AppID npm run build:weapp
  本机调试（开发者工具里勾选「不校验合法域名」）：npm start，或 WEAPP_DEV_BUILD=true npm run build:weapp\n`)
    process.exit(1)
  }
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'red-engine',
    date: '2026-11-23',
    // Our styles are drawn on a 750-wide design; NutUI's on a 375-wide one (its 32px button is 32px on a phone).
    designWidth: (input) => (/@nutui/.test(String((input as { file?: string } | undefined)?.file ?? '').replace(/\\/g, '/')) ? 375 : 750),
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2,
    },
    sourceRoot: 'src',
    // dist/weapp and dist/h5 side by side, so one build does not wipe the other.
    outputRoot: `dist/${process.env.TARO_ENV}`,
    // No @tarojs/plugin-generator: not installed, and only needed by `taro create`.
    plugins: [],
    // Taro only injects TARO_APP_* from .env files; pass the shell's value through too
    // (npm start sets it per platform). The default per platform lives in src/services/config.ts.
    // The AppID needs nothing here: Taro writes dist/weapp/project.config.json from the root
    // one with appid = process.env.TARO_APP_ID and miniprogramRoot './'.
    env: {
      TARO_APP_API_BASE: JSON.stringify(process.env.TARO_APP_API_BASE ?? ''),
    },
    defineConstants: {},
    // Same mapping as tsconfig's paths (tsconfig-paths-webpack-plugin is not installed).
    alias: {
      '@': path.resolve(__dirname, '..', 'src'),
    },
    copy: {
      patterns: [],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: {
      enable: true, // webpack persistent cache: warm rebuilds take about a third of the time
      // Kept with the checkout, not in node_modules: two checkouts sharing one node_modules (a git
      // worktree, a symlink) must not read each other's half-written cache.
      // (passed through to webpack's cache options, which Taro's ICache type does not list)
      ...{ cacheDirectory: path.resolve(__dirname, '..', '.cache', 'webpack') },
    },
    mini: {
      postcss: {
        pxtransform: {
          enable: true,
          config: {},
        },
        // WeChat draws with its own WebView (iOS) or XWeb/Chromium (Android): no -ms- prefixes and none
        // for browsers older than those. NutUI's button stylesheet went from 15 KB to 14 KB, every page's a tenth less.
        autoprefixer: { enable: true, config: { overrideBrowserslist: CSS_TARGETS } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // Hash routes: the server only has to serve index.html at '/'.
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      webpackChain(chain) {
        // Taro splits only initial chunks on H5, so every page chunk carried its own copy of
        // zod, zustand and the stores (~170 KB each). Share them between the page chunks too.
        // Taro's minSize 0 then made 20 chunks of 1.5–4 KB for the first screen: at a weak 4G's 150 ms
        // round trip each wave of six costs a round trip. Chunks under 20 KB (webpack's own default)
        // stay inside the chunk that needs them.
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all', minSize: 20_000 })
        // Brotli and gzip copies made once here, served as they are (server/src/app.ts).
        if (process.env.NODE_ENV !== 'development') chain.plugin('precompress').use(PrecompressPlugin)
      },
      postcss: {
        autoprefixer: {
          enable: true,
          config: { overrideBrowserslist: CSS_TARGETS },
        },
      },
    },
  }

  if (process.env.NODE_ENV === 'development') {
    // 本地开发构建配置（不混淆压缩）
    return merge({}, baseConfig, devConfig)
  }
  // 生产构建配置（默认开启压缩混淆等）
  return merge({}, baseConfig, prodConfig)
})
