import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import fastifyCompress from '@fastify/compress'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { Config } from './config'
import { openDatabase, type Database, type Db } from './db/client'
import { systemClock, type Clock } from './lib/clock'
import authRoutes from './modules/auth/routes'
import { HttpWechatClient, HttpWechatMessenger, type WechatClient, type WechatMessenger } from './modules/auth/wechat'
import healthRoutes from './modules/health/routes'
import identityRoutes from './modules/identity/routes'
import meetingRoutes from './modules/meetings/routes'
import meRoutes from './modules/me/routes'
import orgRoutes from './modules/orgs/routes'
import transferRoutes from './modules/transfers/routes'
import lessonRoutes from './modules/lessons/routes'
import linkRoutes from './modules/links/routes'
import parkRoutes from './modules/park/routes'
import complianceRoutes from './modules/compliance/routes'
import todoRoutes from './modules/todo/routes'
import { tick } from './modules/reminders/service'
import authPlugin from './plugins/auth'
import { FieldCipher } from './lib/fieldcrypto'
import { loggerOptions } from './lib/logging'
import { sealLegacyPhones } from './lib/phones'
import accessPlugin, { PUBLIC } from './plugins/access'
import limitsPlugin, { notFoundLimiter } from './plugins/limits'
import securityPlugin from './plugins/security'
import { frameworkErrors, registerErrorHandling, setNotFound } from './plugins/errors'
import { seedDemo } from './seed/demo'
import { setChineseMessages } from '../../src/domain/validation'

/** Media of the demo lessons, committed with the code (under 2 MB together). */
export const MEDIA_DIR = path.join(__dirname, '..', 'media')

// Validation messages in plain Chinese that name the field (src/domain/validation.ts): users read them.
setChineseMessages()

export const BODY_LIMIT = 100 * 1024

/**
 * Every schema is zod. Its compilers are given to Fastify as the factories, rather than set on the
 * instance afterwards, so that Fastify does not load its default ones (ajv, fast-json-stringify),
 * which no route uses. Loading them cost the first app each process (each jest test file) builds
 * 65–150 ms here. Fastify's types describe the factories by those default compilers, hence the cast.
 */
const ZOD_COMPILERS = { buildValidator: () => validatorCompiler, buildSerializer: () => serializerCompiler } as unknown as NonNullable<
  NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']
>

/** What every module may use, decorated on the instance as `app.deps`. */
export interface Deps {
  config: Config
  db: Db
  dbKind: Database['kind']
  /** Notifications between instances on one database (`Database.listen`). */
  listen: Database['listen']
  clock: Clock
  /** null when WeChat login is not configured. */
  wechat: WechatClient | null
  /** Subscribe messages; null when WeChat is not configured (reminders stay in the app). */
  messenger: WechatMessenger | null
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: Deps
  }
}

export interface BuildOptions {
  config: Config
  /** An open database to use (tests share one); otherwise opened from config and closed with the app. */
  database?: Database
  clock?: Clock
  /** Overrides the WeChat client built from config. */
  wechat?: WechatClient | null
  /** Overrides the subscribe-message sender built from config. */
  messenger?: WechatMessenger | null
  /** pino options, or false; defaults to JSON logs at config.logLevel. */
  logger?: FastifyServerOptions['logger']
}

/** Builds the whole application without listening — what tests use through `inject`. */
export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { config } = opts
  const app = Fastify({
    logger: loggerOptions(config.logLevel, opts.logger),
    bodyLimit: BODY_LIMIT,
    // Long enough that any forged verify code reaches its handler and reads CARD_INVALID like the rest.
    routerOptions: { maxParamLength: 1000 },
    genReqId: () => randomUUID(),
    frameworkErrors,
    trustProxy: config.trustProxy,
    // One line per request, written when it is answered (below), instead of Fastify's two.
    logController: new LogController({ requestIdLogLabel: 'requestId', disableRequestLogging: true }),
    schemaController: { compilersFactory: ZOD_COMPILERS },
  })
  registerErrorHandling(app)
  await app.register(limitsPlugin, { limits: config.rateLimits })
  setNotFound(app, notFoundLimiter(app, config.rateLimits))

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })
  app.addHook('onResponse', async (request, reply) => {
    request.log.info({ method: request.method, url: request.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 }, 'request')
  })

  const database =
    opts.database ??
    (await openDatabase(
      config.db.kind === 'postgres'
        ? { ...config.db, onIdleError: (err) => app.log.warn({ err }, 'idle PostgreSQL connection lost') }
        : config.db,
    ))
  if (!opts.database) app.addHook('onClose', async () => database.close())

  // DEV_CLOCK (tests with a browser): the server's time can be moved forward, never back.
  const devOffset = { ms: 0 }
  const baseClock = opts.clock ?? systemClock
  const clock: Clock = config.devClock ? { now: () => new Date(baseClock.now().getTime() + devOffset.ms) } : baseClock
  const wechat =
    opts.wechat !== undefined
      ? opts.wechat
      : config.wechat
        ? new HttpWechatClient({ ...config.wechat, log: app.log })
        : null
  const messenger =
    opts.messenger !== undefined ? opts.messenger : config.wechat ? new HttpWechatMessenger({ ...config.wechat, log: app.log }, () => clock.now().getTime()) : null
  app.decorate('deps', { config, db: database.db, dbKind: database.kind, listen: database.listen, clock, wechat, messenger })
  // Reminders (三会一课 deadlines, meeting starts, leave receipts): a tick a minute (REMINDER_TICK_SEC) once the server
  // listens, in every instance; the reminders table makes each one happen once (modules/reminders).
  let scheduler: NodeJS.Timeout | null = null
  let ticking: Promise<unknown> | null = null
  const runTick = () => {
    if (ticking) return
    ticking = tick({ db: database.db, now: () => clock.now(), messenger, templates: config.wechatTemplates })
      .then((r) => (r.planned || r.sent || r.failed ? app.log.info(r, 'reminders') : undefined))
      .catch((err) => app.log.warn({ err }, 'reminder tick failed'))
      .finally(() => (ticking = null))
  }
  app.addHook('onListen', async () => {
    scheduler = setInterval(runTick, config.reminderTickSec * 1000)
    scheduler.unref()
  })
  app.addHook('preClose', async () => {
    if (scheduler) clearInterval(scheduler)
    await ticking
  })

  if (config.seed === 'demo') {
    const loaded = await seedDemo(database.db, clock.now())
    app.log.info({ loaded }, loaded ? 'demo data loaded' : 'database has data: demo seed skipped')
  }
  // Phone numbers written in plain text by versions before encryption at rest.
  const sealed = await sealLegacyPhones(database.db, new FieldCipher(config.idEncryptionKey))
  if (sealed > 0) app.log.info({ sealed }, 'phone numbers encrypted at rest')

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: '红色引擎 API', version: '0.1.0', description: '两新组织党员小程序的服务端接口' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(securityPlugin, { staticDir: config.staticDir })
  // Answers over 1 KB in brotli or gzip, as the client accepts: a 20-row list is 6–9 KB of JSON, and
  // members are on weak mobile networks. Quality 4: brotli's best (11) costs milliseconds per answer.
  // The H5 app's files are compressed once at build time instead (preCompressed below).
  await app.register(fastifyCompress, { threshold: 1024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } } })
  await app.register(authPlugin)
  await app.register(accessPlugin)

  await app.register(healthRoutes)
  await app.register(authRoutes)
  await app.register(meRoutes)
  await app.register(orgRoutes)
  await app.register(identityRoutes)
  await app.register(meetingRoutes)
  await app.register(transferRoutes)
  await app.register(lessonRoutes)
  await app.register(parkRoutes)
  await app.register(complianceRoutes)
  await app.register(todoRoutes)
  await app.register(linkRoutes, { verifyFile: config.wechatLinkVerifyFile })
  // The demo lessons' media (generated for the project, see scripts/make-media.sh); Range requests work.
  await app.register(fastifyStatic, {
    root: MEDIA_DIR,
    prefix: '/media/',
    decorateReply: false,
    cacheControl: false,
    setHeaders(res) {
      res.setHeader('cache-control', 'public, max-age=86400')
    },
  })
  if (config.devClock) {
    app.post(
      '/api/v1/dev/clock',
      { ...PUBLIC, schema: { hide: true, body: z.strictObject({ advanceSec: z.number().int().min(0).max(86400) }) } },
      async (request) => {
        devOffset.ms += (request.body as { advanceSec: number }).advanceSec * 1000
        return { now: clock.now().toISOString() }
      },
    )
  }
  app.get('/api/docs/json', { ...PUBLIC, schema: { hide: true } }, async () => app.swagger())

  if (config.staticDir) {
    if (!fs.existsSync(path.join(config.staticDir, 'index.html'))) {
      app.log.warn({ staticDir: config.staticDir }, 'STATIC_DIR has no index.html: build the H5 app first (npm run build:h5)')
    }
    await app.register(fastifyStatic, {
      root: config.staticDir,
      prefix: '/',
      // file.br / file.gz written by the H5 build (config/precompress.ts), chosen by Accept-Encoding.
      preCompressed: true,
      cacheControl: false,
      // Hashed bundles may be cached for long; index.html must always be fresh.
      setHeaders(res, filePath) {
        res.setHeader(
          'cache-control',
          filePath.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
        )
      },
    })
  }

  return app
}
