import { buildApp } from './app'
import { ConfigError, loadConfig } from './config'

/** Reads config, builds, listens; closes gracefully on SIGINT/SIGTERM. */
async function main() {
  let config
  try {
    config = loadConfig(process.env)
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message)
      console.error('请修正上面的环境变量后重新启动（说明见 README.md「环境变量」）。')
      process.exit(1)
    }
    throw err
  }

  const app = await buildApp({ config })
  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      app.log.error('shutdown took longer than 10 s, exiting')
      process.exit(1)
    }, 10_000)
    force.unref()
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'error while shutting down')
        process.exit(1)
      },
    )
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))

  const address = await app.listen({ port: config.port, host: config.host })
  app.log.info({ address, db: app.deps.dbKind, devLogin: config.devLogin }, 'red-engine API listening')
}

main().catch((err) => {
  console.error('启动失败：', err)
  process.exit(1)
})
