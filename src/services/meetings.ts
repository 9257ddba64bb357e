import { z } from 'zod'
import { listOf } from '@/domain/common'
import {
  AttendanceSchema,
  CheckinCodeSchema,
  CheckinResultSchema,
  MeetingSchema,
  MinutesSchema,
  type MeetingBody,
} from '@/domain/meetings'
import { apiBase } from './config'
import { request } from './request'

export const listMeetings = (scope: 'mine' | 'open') => request({ path: '/api/v1/meetings', query: { scope, limit: 50 }, schema: listOf(MeetingSchema) })
export const getMeeting = (id: string) => request({ path: `/api/v1/meetings/${id}`, schema: MeetingSchema })
export const createMeeting = (body: MeetingBody) => request({ method: 'POST', path: '/api/v1/meetings', data: body, schema: MeetingSchema })
export const getCheckinCode = (id: string) => request({ path: `/api/v1/meetings/${id}/checkin-code`, schema: CheckinCodeSchema })
export const checkIn = (code: string, location?: { lat: number; lng: number; accuracyM?: number }) =>
  request({ method: 'POST', path: '/api/v1/checkins', data: { code, ...(location ? { location } : {}) }, schema: CheckinResultSchema })
export const guestCheckIn = (code: string, name: string, company: string) =>
  request({ method: 'POST', path: '/api/v1/checkins/guest', data: { code, name, ...(company ? { company } : {}) }, schema: CheckinResultSchema })
export const requestLeave = (id: string, reason: string) =>
  request({ method: 'POST', path: `/api/v1/meetings/${id}/leave`, data: { reason }, schema: z.object({ meetingId: z.string(), reason: z.string(), at: z.string() }) })
export const getAttendance = (id: string) => request({ path: `/api/v1/meetings/${id}/attendance`, schema: AttendanceSchema })
export const manualCheckIn = (id: string, memberId: string, reason: string) =>
  request({ method: 'POST', path: `/api/v1/meetings/${id}/attendance`, data: { memberId, reason }, schema: CheckinResultSchema })
/** The spreadsheet is a download: its URL, fetched with the session token by the caller. */
export const attendanceXlsxUrl = (id: string) => `${apiBase()}/api/v1/meetings/${id}/attendance.xlsx`

/** A scanned QR holds the check-in page link; a typed code is the code itself. */
export const getMinutes = (id: string) => request({ path: `/api/v1/meetings/${id}/minutes`, schema: MinutesSchema })
export const saveMinutes = (id: string, body: string) => request({ method: 'PUT', path: `/api/v1/meetings/${id}/minutes`, data: { body }, schema: MinutesSchema })
export const amendMinutes = (id: string, body: string) =>
  request({ method: 'POST', path: `/api/v1/meetings/${id}/minutes/amendments`, data: { body }, schema: MinutesSchema })
export const updateMeeting = (id: string, body: MeetingBody) => request({ method: 'PUT', path: `/api/v1/meetings/${id}`, data: body, schema: MeetingSchema })
export const cancelMeeting = (id: string, reason: string) =>
  request({ method: 'POST', path: `/api/v1/meetings/${id}/cancel`, data: { reason }, schema: z.object({ status: z.string() }) })
