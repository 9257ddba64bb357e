import closeWithGrace from 'close-with-grace'
import { buildApp } from './app'
import { ConfigError, loadConfig } from './config'

/** Reads config, builds, listens; closes gracefully on SIGINT/SIGTERM (close-with-grace). */
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
  // A signal closes the app (requests finish, the database closes) and exits 0; a crash closes it
  // and exits 1; a close that takes over 10 s, or a second signal, exits 1 at once.
  closeWithGrace({ delay: 10_000, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'uncaught error, shutting down')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
  })

  const address = await app.listen({ port: config.port, host: config.host })
  app.log.info({ address, db: app.deps.dbKind, devLogin: config.devLogin }, 'red-engine API listening')
}

main().catch((err) => {
  console.error('启动失败：', err)
  process.exit(1)
})
