import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify'
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod'
import { CARD_INVALID_MESSAGE, ErrorCodes, type ErrorBody } from '../../../src/domain/errors'
import type { z } from 'zod'
import { explainIssues } from '../../../src/domain/validation'
import { AppError, type ErrorDetails } from '../lib/errors'

function body(code: string, message: string, requestId: string, fields?: { path: string; message: string }[], details?: ErrorDetails): ErrorBody {
  return { error: { code, message, requestId, ...(fields ? { fields } : {}), ...details } }
}

/**
 * The one place that turns a failure into the contract's error shape.
 * 4xx tell the user what to do; 5xx never leak internals and are logged with the request id.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const rid = String(request.id)

    if (err instanceof AppError) {
      if (err.status >= 500) request.log.error({ err }, 'request failed')
      return reply.status(err.status).send(body(err.code, err.message, rid, err.fields, err.details))
    }

    if (hasZodFastifySchemaValidationErrors(err)) {
      // Names the field as people say it (src/domain/validation.ts), from the schema that was checked.
      const part = (err.validationContext ?? 'body') as 'body' | 'querystring' | 'params' | 'headers'
      const schema = (request.routeOptions.schema as Record<string, z.core.$ZodType | undefined> | undefined)?.[part]
      const fields = explainIssues(
        schema,
        err.validation.map((v) => ({ ...(v.params as object), code: v.keyword, path: String(v.instancePath ?? '').split('/').filter(Boolean), message: v.message ?? '' })),
      ).map((f) => ({ path: f.path || '(根)', message: f.message || '填写的内容有误' }))
      return reply.status(400).send(body(ErrorCodes.VALIDATION_FAILED, fields[0]?.message ?? '填写的内容有误，请检查后重试', rid, fields))
    }

    if (isResponseSerializationError(err)) {
      request.log.error({ err, cause: err.cause }, 'response did not match its schema')
      return reply.status(500).send(body(ErrorCodes.INTERNAL, '服务器开小差了，请稍后再试', rid))
    }

    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE': {
        // The route's own limit (an .xlsx upload has a larger one than a JSON body).
        const limit = request.routeOptions.bodyLimit ?? 100 * 1024
        const size = limit >= 1024 * 1024 ? `${Math.round(limit / 1024 / 1024)} MB` : `${Math.round(limit / 1024)} KB`
        return reply.status(413).send(body(ErrorCodes.BODY_TOO_LARGE, `提交的内容太大（上限 ${size}），请精简后再试`, rid))
      }
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply
          .status(415)
          .send(body(ErrorCodes.UNSUPPORTED_MEDIA_TYPE, '请以 JSON（application/json）格式提交', rid))
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.status(400).send(body(ErrorCodes.INVALID_JSON, '请求体为空，请提交 JSON 数据', rid))
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return reply.status(400).send(body(ErrorCodes.INVALID_JSON, '请求体不是有效的 JSON，请检查格式', rid))
    }
    if (err instanceof SyntaxError && err.statusCode === 400) {
      return reply.status(400).send(body(ErrorCodes.INVALID_JSON, '请求体不是有效的 JSON，请检查格式', rid))
    }

    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) {
      request.log.info({ err }, 'client error')
      return reply.status(status).send(body(err.code ?? 'BAD_REQUEST', '请求无法处理，请检查后重试', rid))
    }

    request.log.error({ err }, 'unexpected error')
    return reply.status(500).send(body(ErrorCodes.INTERNAL, '服务器开小差了，请稍后再试', rid))
  })

}

/** Unknown paths: the contract's 404, behind `preHandler` (the per-IP limit on path scanning). */
export function setNotFound(app: FastifyInstance, preHandler?: preHandlerHookHandler): void {
  app.setNotFoundHandler({ preHandler }, (request, reply) => {
    reply
      .status(404)
      .send(body(ErrorCodes.NOT_FOUND, `没有这个接口：${request.method} ${request.url.split('?')[0]}`, String(request.id)))
  })
}

/**
 * Errors the router raises before any route runs (Fastify's `frameworkErrors`): a path with broken
 * %-encoding, or a path parameter longer than the router reads. They get the contract's shape too,
 * and a card code that cannot even be read verifies as invalid, like every other bad code.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const rid = String(request.id)
  reply.header('x-request-id', rid)
  const path = request.raw.url?.split('?')[0] ?? ''
  if (/^\/(api\/v1\/identity\/verify|v)\//.test(path)) {
    reply.status(404).send(body(ErrorCodes.CARD_INVALID, CARD_INVALID_MESSAGE, rid))
    return
  }
  request.log.info({ code: err.code }, 'unreadable url')
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.status(404).send(body(ErrorCodes.NOT_FOUND, '链接太长，找不到要访问的内容', rid))
    return
  }
  reply.status(400).send(body(ErrorCodes.VALIDATION_FAILED, '链接格式不正确（含有无法识别的 % 编码），请检查后重试', rid))
}
