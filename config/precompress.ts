import zlib from 'node:zlib'
import type { Compiler } from 'webpack'

/**
 * Writes a brotli (.br) and a gzip (.gz) copy beside every H5 script, style sheet and page over
 * 1 KB, at build time, so that the server sends them without compressing on each request
 * (@fastify/static `preCompressed`). Brotli at its best quality: it runs once per build.
 */
export class PrecompressPlugin {
  apply(compiler: Compiler): void {
    const { Compilation, sources } = compiler.webpack
    compiler.hooks.thisCompilation.tap('PrecompressPlugin', (compilation) => {
      compilation.hooks.processAssets.tap({ name: 'PrecompressPlugin', stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_TRANSFER }, (assets) => {
        for (const [name, source] of Object.entries(assets)) {
          if (!/\.(js|css|html|svg|json|txt)$/.test(name)) continue
          const buf = source.buffer()
          if (buf.length < 1024) continue
          const br = zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length } })
          const gz = zlib.gzipSync(buf, { level: 9 })
          compilation.emitAsset(`${name}.br`, new sources.RawSource(br))
          compilation.emitAsset(`${name}.gz`, new sources.RawSource(gz))
        }
      })
    })
  }
}
