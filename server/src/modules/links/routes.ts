import fs from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { ErrorCodes } from '../../../../src/domain/errors'
import { LINKS, LINK_VALUE, type LinkKind } from '../../../../src/domain/links'
import { notFound } from '../../lib/errors'

/**
 * The QR links (src/domain/links.ts) for whoever opens them outside WeChat: a phone's camera app,
 * another scanner, a browser. WeChat's own scanner opens the mini-program instead, through the
 * 「扫普通链接二维码打开小程序」 rules, and never reaches these routes.
 *
 * Each answers with a redirect to the H5 page (hash routes), so a QR still works without the
 * mini-program. Also serves the admin console's verification file for those rules.
 */
export default async function linkRoutes(app: FastifyInstance, opts: { verifyFile: string | null }) {
  for (const kind of Object.keys(LINKS) as LinkKind[]) {
    const { prefix, page, param, label } = LINKS[kind]
    app.get(`${prefix}:value`, { schema: { hide: true } }, async (request, reply) => {
      const { value } = request.params as { value: string }
      if (!LINK_VALUE.test(value)) {
        throw notFound(`这个${label}链接不完整或已损坏，请重新扫描二维码`, kind === 'verify' ? ErrorCodes.CARD_INVALID : ErrorCodes.NOT_FOUND)
      }
      return reply.header('cache-control', 'no-store').redirect(`/#${page}?${param}=${encodeURIComponent(value)}`, 302)
    })
  }

  if (opts.verifyFile) {
    const file = opts.verifyFile
    const body = fs.readFileSync(file)
    app.get(`/${path.basename(file)}`, { schema: { hide: true } }, async (_request, reply) =>
      reply.header('content-type', 'text/plain; charset=utf-8').send(body),
    )
  }
}
