import { z } from 'zod'
import { listOf } from '@/domain/common'
import {
  AttendanceSchema,
  CheckinResultSchema,
  MeetingSchema,
  MinutesSchema,
  PlacesSchema,
  type MeetingBody,
  type MeetingListScope,
} from '@/domain/meetings'
import { request } from './request'
import { openXlsx } from './files'

export const listMeetings = (scope: MeetingListScope) => request({ path: '/api/v1/meetings', query: { scope, limit: 50 }, schema: listOf(MeetingSchema) })
/** 常用地点: the branch's earlier fenced meeting places, the latest first, whose name contains `q`. */
export const listPlaces = (branchId: string, q: string) =>
  request({ path: '/api/v1/meetings/places', query: { branchId, ...(q ? { q } : {}) }, schema: PlacesSchema })
export const getMeeting = (id: string) => request({ path: `/api/v1/meetings/${id}`, schema: MeetingSchema })
export const createMeeting = (body: MeetingBody) => request({ method: 'POST', path: '/api/v1/meetings', data: body, schema: MeetingSchema })
export const checkIn = (code: string, location?: { lat: number; lng: number; accuracyM?: number }) =>
  request({ method: 'POST', path: '/api/v1/checkins', data: { code, ...(location ? { location } : {}) }, schema: CheckinResultSchema })
export const guestCheckIn = (code: string, name: string, company: string) =>
  request({ method: 'POST', path: '/api/v1/checkins/guest', data: { code, name, ...(company ? { company } : {}) }, schema: CheckinResultSchema })
export const requestLeave = (id: string, reason: string) =>
  request({ method: 'POST', path: `/api/v1/meetings/${id}/leave`, data: { reason }, schema: z.object({ meetingId: z.string(), reason: z.string(), at: z.string() }) })
export const getAttendance = (id: string) => request({ path: `/api/v1/meetings/${id}/attendance`, schema: AttendanceSchema })
export const manualCheckIn = (id: string, memberId: string, reason: string) =>
  request({ method: 'POST', path: `/api/v1/meetings/${id}/attendance`, data: { memberId, reason }, schema: CheckinResultSchema })
/** 导出签到表: the browser saves 签到表.xlsx; WeChat downloads it and opens it (share / save from there). */
export const openAttendanceSheet = (id: string) => openXlsx(`/api/v1/meetings/${id}/attendance.xlsx`, '签到表.xlsx', '导出失败，请稍后再试')

export const getMinutes = (id: string) => request({ path: `/api/v1/meetings/${id}/minutes`, schema: MinutesSchema })
export const saveMinutes = (id: string, body: string) => request({ method: 'PUT', path: `/api/v1/meetings/${id}/minutes`, data: { body }, schema: MinutesSchema })
export const amendMinutes = (id: string, body: string) =>
  request({ method: 'POST', path: `/api/v1/meetings/${id}/minutes/amendments`, data: { body }, schema: MinutesSchema })
export const updateMeeting = (id: string, body: MeetingBody) => request({ method: 'PUT', path: `/api/v1/meetings/${id}`, data: body, schema: MeetingSchema })
export const cancelMeeting = (id: string, reason: string) =>
  request({ method: 'POST', path: `/api/v1/meetings/${id}/cancel`, data: { reason }, schema: z.object({ status: z.string() }) })
