import type { ReminderTemplate } from '../../src/domain/reminders'
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { PGLITE_SHARED_BUFFERS_MB } from './db/template'

/** Development-only signing key, used only when dev login is on and APP_SECRET is unset. */
const DEV_SECRET = 'red-engine-dev-login-only-not-a-secret-0000'
/** Development-only ID-number key, likewise only when dev login is on. */
const DEV_ID_KEY = Buffer.alloc(32, 7)

const boolString = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1')

/** Trust this many proxies in front of the server (X-Forwarded-For read from the right). */
const hops = (n: number) => (_address: string, hop: number) => hop < n

const perMinute = (fallback: number) => z.coerce.number({ message: '应为每分钟的次数（正整数）' }).int().min(1).max(1_000_000).default(fallback)

const EnvSchema = z
  .object({
    PORT: z.coerce.number({ message: '必须是 0–65535 之间的端口号' }).int().min(0).max(65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data/pglite'),
    PGLITE_SHARED_BUFFERS_MB: z.coerce.number({ message: '应为 8–4096 之间的整数（MB）' }).int().min(8).max(4096).default(PGLITE_SHARED_BUFFERS_MB),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, '必须是 postgres:// 开头的连接串')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    SEED: z.enum(['demo', '']).optional(),
    AUTH_DEV_LOGIN: boolString,
    /** Tests only: lets POST /api/v1/dev/clock move the server's clock forward. Needs AUTH_DEV_LOGIN. */
    DEV_CLOCK: boolString,
    APP_SECRET: z.string().min(32, 'APP_SECRET 至少 32 个字符').optional().or(z.literal('').transform(() => undefined)),
    ID_ENCRYPTION_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'ID_ENCRYPTION_KEY 应为 32 字节密钥的 base64（可用 openssl rand -base64 32 生成）')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    TOKEN_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 90).default(24 * 7),
    WECHAT_APPID: z.string().optional(),
    WECHAT_SECRET: z.string().optional(),
    WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
    STATIC_DIR: z.string().optional(),
    /** 订阅消息 template IDs from the admin console (README 「三会一课与提醒」); unset: in-app reminders only. */
    WECHAT_TEMPLATE_DEADLINE: z.string().max(64).optional(),
    WECHAT_TEMPLATE_MEETING_START: z.string().max(64).optional(),
    WECHAT_TEMPLATE_LEAVE_RECEIVED: z.string().max(64).optional(),
    /** How often the reminder scheduler ticks once the server listens (seconds). */
    REMINDER_TICK_SEC: z.coerce.number().int().min(1).max(3600).default(60),
    /** The verification file the admin console hands out for 「扫普通链接二维码打开小程序」 rules. */
    WECHAT_LINK_VERIFY_FILE: z
      .string()
      .regex(/(^|\/)[A-Za-z0-9_-]{1,64}\.txt$/, '应为公众平台下载的校验文件路径（文件名形如 AbCd1234.txt）')
      .refine((v) => fs.existsSync(v), '文件不存在')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    /** Behind a reverse proxy: whose X-Forwarded-For to believe ('true', a hop count, or addresses/CIDRs). */
    TRUST_PROXY: z
      .string()
      .regex(/^(true|false|\d{1,2}|[0-9a-fA-F.:/, ]+)$/, '应为 true、false、代理层数或代理的 IP/CIDR（逗号分隔）')
      .default('false'),
    RATE_LIMIT: z.enum(['on', 'off']).default('on'),
    RATE_LIMIT_PER_IP: perMinute(6000),
    RATE_LIMIT_LOGIN: perMinute(600),
    RATE_LIMIT_CHECKIN: perMinute(30),
    RATE_LIMIT_VERIFY: perMinute(300),
    RATE_LIMIT_HEARTBEAT: perMinute(30),
    RATE_LIMIT_NOT_FOUND: perMinute(120),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })

/** Rules across variables, checked on the raw values so they are reported together with the rest. */
function crossProblems(env: NodeJS.ProcessEnv): string[] {
  const out: string[] = []
  const devLogin = env.AUTH_DEV_LOGIN === 'true' || env.AUTH_DEV_LOGIN === '1'
  if (!devLogin && !env.APP_SECRET) {
    out.push('APP_SECRET: 未开启开发登录（AUTH_DEV_LOGIN=true）时必须设置 APP_SECRET（至少 32 个字符的随机串）')
  }
  if (!devLogin && !env.ID_ENCRYPTION_KEY) {
    out.push('ID_ENCRYPTION_KEY: 未开启开发登录时必须设置身份证号加密密钥（openssl rand -base64 32），且不要与 APP_SECRET 相同')
  }
  if (env.NODE_ENV === 'production' && devLogin) {
    out.push('AUTH_DEV_LOGIN: NODE_ENV=production 时不能开启开发登录（任何人都能冒充任何账号）')
  }
  if (env.NODE_ENV === 'production' && (env.DEV_CLOCK === 'true' || env.DEV_CLOCK === '1')) {
    out.push('DEV_CLOCK: NODE_ENV=production 时不能开启（它让任何人拨动服务器时钟）')
  }
  if ((env.DEV_CLOCK === 'true' || env.DEV_CLOCK === '1') && !devLogin) {
    out.push('DEV_CLOCK: 只能在开发登录（AUTH_DEV_LOGIN=true）的测试环境中开启')
  }
  if (Boolean(env.WECHAT_APPID) !== Boolean(env.WECHAT_SECRET)) {
    out.push('WECHAT_SECRET: WECHAT_APPID 和 WECHAT_SECRET 需要同时设置')
  }
  return out
}

export interface Config {
  port: number
  host: string
  db: { kind: 'pglite'; dataDir: string | null; sharedBuffersMB: number } | { kind: 'postgres'; url: string }
  seed: 'demo' | null
  devLogin: boolean
  devClock: boolean
  appSecret: string
  /** 32-byte AES key for ID numbers at rest. */
  idEncryptionKey: Buffer
  tokenTtlSec: number
  wechat: { appId: string; secret: string; apiBase: string } | null
  wechatApiBase: string
  /** Subscribe-message template IDs by reminder; a reminder without one is given in the app only. */
  wechatTemplates: Partial<Record<ReminderTemplate, string>>
  reminderTickSec: number
  staticDir: string | null
  wechatLinkVerifyFile: string | null
  /** Fastify's trustProxy: false, true, a hop count or a list of proxy addresses. */
  trustProxy: boolean | string | ((address: string, hop: number) => boolean)
  rateLimits: { enabled: boolean; perIp: number; login: number; checkin: number; verify: number; heartbeat: number; notFound: number }
  logLevel: string
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`配置有误：\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

/** Parses the environment once; throws ConfigError naming every bad or missing value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env)
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || '环境变量'}: ${i.message}`)),
    ...crossProblems(env),
  ]
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems)
  const e = parsed.data
  return {
    port: e.PORT,
    host: e.HOST,
    db: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.resolve(e.DATA_DIR), sharedBuffersMB: e.PGLITE_SHARED_BUFFERS_MB },
    seed: e.SEED === 'demo' ? 'demo' : null,
    devLogin: e.AUTH_DEV_LOGIN,
    devClock: e.DEV_CLOCK,
    appSecret: e.APP_SECRET ?? DEV_SECRET,
    idEncryptionKey: e.ID_ENCRYPTION_KEY ? Buffer.from(e.ID_ENCRYPTION_KEY, 'base64') : DEV_ID_KEY,
    tokenTtlSec: e.TOKEN_TTL_HOURS * 3600,
    wechat:
      e.WECHAT_APPID && e.WECHAT_SECRET
        ? { appId: e.WECHAT_APPID, secret: e.WECHAT_SECRET, apiBase: e.WECHAT_API_BASE }
        : null,
    wechatApiBase: e.WECHAT_API_BASE,
    wechatTemplates: Object.fromEntries(
      (
        [
          ['deadline', e.WECHAT_TEMPLATE_DEADLINE],
          ['meeting_start', e.WECHAT_TEMPLATE_MEETING_START],
          ['leave_received', e.WECHAT_TEMPLATE_LEAVE_RECEIVED],
        ] as const
      ).filter(([, id]) => !!id),
    ),
    reminderTickSec: e.REMINDER_TICK_SEC,
    staticDir: e.STATIC_DIR ? path.resolve(e.STATIC_DIR) : null,
    wechatLinkVerifyFile: e.WECHAT_LINK_VERIFY_FILE ? path.resolve(e.WECHAT_LINK_VERIFY_FILE) : null,
    trustProxy:
      e.TRUST_PROXY === 'true' ? true : e.TRUST_PROXY === 'false' ? false : /^\d+$/.test(e.TRUST_PROXY) ? hops(Number(e.TRUST_PROXY)) : e.TRUST_PROXY,
    rateLimits: {
      enabled: e.RATE_LIMIT === 'on',
      perIp: e.RATE_LIMIT_PER_IP,
      login: e.RATE_LIMIT_LOGIN,
      checkin: e.RATE_LIMIT_CHECKIN,
      verify: e.RATE_LIMIT_VERIFY,
      heartbeat: e.RATE_LIMIT_HEARTBEAT,
      notFound: e.RATE_LIMIT_NOT_FOUND,
    },
    logLevel: e.LOG_LEVEL,
  }
}
