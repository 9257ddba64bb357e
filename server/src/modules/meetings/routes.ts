import type { FastifyInstance } from 'fastify'
import type { ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { IdSchema, listOf } from '../../../../src/domain/common'
import {
  AttendanceSchema,
  CancelBodySchema,
  CheckinBodySchema,
  CheckinResultSchema,
  GuestCheckinBodySchema,
  LeaveBodySchema,
  ManualCheckinBodySchema,
  MeetingBodySchema,
  MeetingQuerySchema,
  MeetingSchema,
  MinutesBodySchema,
  MinutesSchema,
  PlacesQuerySchema,
  PlacesSchema,
} from '../../../../src/domain/meetings'
import { CheckinCodeSchema, PinCheckinBodySchema } from '../../../../src/domain/checkin-code'
import { errorResponses } from '../../lib/openapi'
import { SignedIdCodes } from '../../lib/signedcode'
import { sessionUser } from '../../plugins/auth'
import * as svc from './service'

const IdParams = z.strictObject({ id: IdSchema })
const tags = ['组织生活']
const security = [{ bearer: [] }]
const CHECKIN_ERRORS = errorResponses(400, 401, 403, 409, 410, 422)

export default async function meetingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>()
  const deps: svc.MeetingDeps = {
    db: app.deps.db,
    codes: new SignedIdCodes(app.deps.config.appSecret, 'checkin/v1'),
    now: () => app.deps.clock.now(),
  }

  r.post(
    '/api/v1/meetings',
    { schema: { tags, security, summary: '发布组织生活（支部书记）', body: MeetingBodySchema, response: { 201: MeetingSchema, ...errorResponses(400, 401, 403) } } },
    async (req, reply) => reply.status(201).send(await svc.createMeeting(deps, sessionUser(req).id, req.body)),
  )
  r.get(
    '/api/v1/meetings',
    { schema: { tags, security, summary: '组织生活列表：未结束的在前', querystring: MeetingQuerySchema, response: { 200: listOf(MeetingSchema), ...errorResponses(400, 401) } } },
    async (req) => svc.listMeetings(deps, sessionUser(req).id, req.query),
  )
  r.get(
    '/api/v1/meetings/places',
    {
      schema: { tags, security, summary: '常用地点：本支部以前定过签到范围的会场，最近的在前（支部书记）', querystring: PlacesQuerySchema, response: { 200: PlacesSchema, ...errorResponses(400, 401, 403) } },
    },
    async (req) => svc.listPlaces(deps, sessionUser(req).id, req.query),
  )
  r.get(
    '/api/v1/meetings/:id',
    { schema: { tags, security, summary: '组织生活详情（含我的状态）', params: IdParams, response: { 200: MeetingSchema, ...errorResponses(401, 404) } } },
    async (req) => svc.getMeeting(deps, sessionUser(req).id, req.params.id),
  )
  r.put(
    '/api/v1/meetings/:id',
    {
      schema: { tags, security, summary: '修改未开始的组织生活（支部书记）', params: IdParams, body: MeetingBodySchema, response: { 200: MeetingSchema, ...errorResponses(400, 401, 404, 409) } },
    },
    async (req) => svc.updateMeeting(deps, sessionUser(req).id, req.params.id, req.body),
  )
  r.post(
    '/api/v1/meetings/:id/cancel',
    {
      schema: { tags, security, summary: '取消组织生活（须填原因）', params: IdParams, body: CancelBodySchema, response: { 200: z.object({ status: z.literal('cancelled') }), ...errorResponses(400, 401, 404, 409) } },
    },
    async (req) => svc.cancelMeeting(deps, sessionUser(req).id, req.params.id, req.body.reason),
  )
  r.get(
    '/api/v1/meetings/:id/checkin-code',
    { schema: { tags, security, summary: '当前签到码（每 20 秒一换）', params: IdParams, response: { 200: CheckinCodeSchema, ...errorResponses(401, 404) } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-store')
      return svc.checkinCode(deps, sessionUser(req).id, req.params.id)
    },
  )
  r.post(
    '/api/v1/checkins',
    {
      // A token not looked up yet is confirmed inside the sign-in's own statement (see checkInUnconfirmed).
      config: { confirmsSession: true },
      schema: { tags, security, summary: '扫码签到', body: CheckinBodySchema, response: { 200: CheckinResultSchema, 201: CheckinResultSchema, ...CHECKIN_ERRORS } },
    },
    async (req, reply) => {
      if (req.unconfirmed) {
        const signed = await svc.checkInUnconfirmed(deps, req.unconfirmed, req.body)
        if (signed) {
          app.sessionConfirmed(req)
          return reply.status(201).send(signed.res)
        }
        await app.authenticate(req) // the session looked up: 401 when it does not hold
      }
      const { res, created } = await svc.checkIn(deps, sessionUser(req).id, req.body)
      return reply.status(created ? 201 : 200).send(res)
    },
  )
  r.post(
    '/api/v1/meetings/:id/checkin-pin',
    {
      schema: {
        tags,
        security,
        summary: '输入数字签到码签到（6 位，书记手机上与二维码同时显示；每人每次会议最多输错 10 次）',
        params: IdParams,
        body: PinCheckinBodySchema,
        response: { 200: CheckinResultSchema, 201: CheckinResultSchema, ...CHECKIN_ERRORS, ...errorResponses(404, 429) },
      },
    },
    async (req, reply) => {
      const { res, created } = await svc.pinCheckIn(deps, sessionUser(req).id, req.params.id, req.body)
      return reply.status(created ? 201 : 200).send(res)
    },
  )
  r.post(
    '/api/v1/checkins/guest',
    { schema: { tags, security, summary: '来宾签到（仅开放式组织生活）', body: GuestCheckinBodySchema, response: { 200: CheckinResultSchema, 201: CheckinResultSchema, ...CHECKIN_ERRORS } } },
    async (req, reply) => {
      const { res, created } = await svc.guestCheckIn(deps, sessionUser(req).id, req.body)
      return reply.status(created ? 201 : 200).send(res)
    },
  )
  r.post(
    '/api/v1/meetings/:id/leave',
    {
      schema: {
        tags,
        security,
        summary: '请假（会前，须填原因）',
        params: IdParams,
        body: LeaveBodySchema,
        response: { 201: z.object({ meetingId: IdSchema, reason: z.string(), at: z.string() }), ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.requestLeave(deps, sessionUser(req).id, req.params.id, req.body.reason)),
  )
  r.post(
    '/api/v1/meetings/:id/attendance',
    {
      schema: { tags, security, summary: '补签（须填原因，记录为补签）', params: IdParams, body: ManualCheckinBodySchema, response: { 200: CheckinResultSchema, 201: CheckinResultSchema, ...errorResponses(400, 401, 404, 409) } },
    },
    async (req, reply) => {
      const { res, created } = await svc.manualCheckIn(deps, sessionUser(req).id, req.params.id, req.body.memberId, req.body.reason)
      return reply.status(created ? 201 : 200).send(res)
    },
  )
  r.get(
    '/api/v1/meetings/:id/attendance',
    { schema: { tags, security, summary: '签到情况（支部书记）', params: IdParams, response: { 200: AttendanceSchema, ...errorResponses(401, 404) } } },
    async (req) => svc.attendance(deps, sessionUser(req).id, req.params.id),
  )
  r.get(
    '/api/v1/meetings/:id/attendance.xlsx',
    { schema: { tags, security, summary: '导出签到表（.xlsx，失败时为错误 JSON）', params: IdParams } },
    async (req, reply) => {
      const { filename, buffer } = await svc.attendanceWorkbook(deps, sessionUser(req).id, req.params.id)
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="attendance.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(buffer)
    },
  )
  r.get(
    '/api/v1/meetings/:id/minutes',
    { schema: { tags, security, summary: '会议记录（含修订）', params: IdParams, response: { 200: MinutesSchema, ...errorResponses(401, 404) } } },
    async (req) => svc.getMinutes(deps, sessionUser(req).id, req.params.id),
  )
  r.put(
    '/api/v1/meetings/:id/minutes',
    {
      schema: { tags, security, summary: '填写/修改会议记录（会后 7 天内）', params: IdParams, body: MinutesBodySchema, response: { 200: MinutesSchema, ...errorResponses(400, 401, 404, 409) } },
    },
    async (req) => svc.saveMinutes(deps, sessionUser(req).id, req.params.id, req.body.body),
  )
  r.post(
    '/api/v1/meetings/:id/minutes/amendments',
    {
      schema: { tags, security, summary: '追加修订（原记录不变）', params: IdParams, body: MinutesBodySchema, response: { 201: MinutesSchema, ...errorResponses(400, 401, 404, 409) } },
    },
    async (req, reply) => reply.status(201).send(await svc.amendMinutes(deps, sessionUser(req).id, req.params.id, req.body.body)),
  )
}
