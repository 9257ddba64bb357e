import type { FastifyServerOptions } from 'fastify'

/**
 * What the logs may hold. Errors are written from an allow-list of their fields: a failed query's
 * parameters (names, phone numbers, ID numbers), PostgreSQL's `detail` ("Key (phone)=(…)") and the
 * like never reach a log line, at any level; the SQL text (placeholders only) and the codes do.
 */
const ERROR_FIELDS = ['code', 'constraint', 'table', 'column', 'routine', 'severity', 'statusCode'] as const

function scrubText(text: string): string {
  return (
    text
      // DrizzleQueryError: "Failed query: <sql>\nparams: <values>"
      .replace(/\nparams:[^\n]*/g, '\nparams: [不记录]')
      // PostgreSQL quotes the offending value: 'value "13577778888" is out of range', 'Key (phone)=(…)'.
      // Identifiers ("users", "members_branch_idx") stay; anything else quoted is a value.
      .replace(/"([^"\n]*)"/g, (m, inner: string) => (/^[A-Za-z_][A-Za-z0-9_.]*$/.test(inner) ? m : '"[不记录]"'))
      .replace(/\(([^()\n]*)\)=\(([^()\n]*)\)/g, '($1)=([不记录])')
  )
}

export function scrubError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error) && (typeof err !== 'object' || err === null)) return err
  const e = err as Error & Record<string, unknown>
  const out: Record<string, unknown> = {
    type: e.constructor?.name ?? 'Error',
    message: typeof e.message === 'string' ? scrubText(e.message) : undefined,
    stack: typeof e.stack === 'string' ? scrubText(e.stack) : undefined,
  }
  for (const key of ERROR_FIELDS) if (typeof e[key] === 'string' || typeof e[key] === 'number') out[key] = e[key]
  if (e.cause !== undefined && depth < 3) out.cause = scrubError(e.cause, depth + 1)
  return out
}

/** The server's logger options: the caller's (level, stream) with our redaction and serializers. */
export function loggerOptions(level: string, given: FastifyServerOptions['logger'] | undefined): FastifyServerOptions['logger'] {
  if (given === false) return false
  const base = typeof given === 'object' && given !== null ? given : {}
  return {
    level,
    ...base,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    // pino types a serializer by what it returns; ours returns a plain object of allowed fields.
    serializers: { ...(base as { serializers?: object }).serializers, err: scrubError as any, cause: scrubError as any },
  }
}
