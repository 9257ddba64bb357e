import { z } from 'zod'
import { listOf } from '@/domain/common'
import {
  AttendanceSchema,
  CheckinCodeSchema,
  CheckinResultSchema,
  MeetingSchema,
  MinutesSchema,
  PlacesSchema,
  type MeetingBody,
  type MeetingListScope,
} from '@/domain/meetings'
import Taro from '@tarojs/taro'
import { apiBase } from './config'
import { ApiError, request } from './request'
import { sessionHooks } from './session'

export const listMeetings = (scope: MeetingListScope) => request({ path: '/api/v1/meetings', query: { scope, limit: 50 }, schema: listOf(MeetingSchema) })
/** 常用地点: the branch's earlier fenced meeting places, the latest first, whose name contains `q`. */
export const listPlaces = (branchId: string, q: string) =>
  request({ path: '/api/v1/meetings/places', query: { branchId, ...(q ? { q } : {}) }, schema: PlacesSchema })
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
/** The spreadsheet is a download: its URL, fetched with the session token. */
export const attendanceXlsxUrl = (id: string) => `${apiBase()}/api/v1/meetings/${id}/attendance.xlsx`

const EXPORT_FAILED = () => new ApiError(0, 'EXPORT_FAILED', '导出失败，请稍后再试')

/** 导出签到表: the browser saves 签到表.xlsx; WeChat downloads it and opens it (share / save from there). */
export async function openAttendanceSheet(id: string): Promise<void> {
  const header = { Authorization: `Bearer ${sessionHooks.getToken() ?? ''}` }
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(attendanceXlsxUrl(id), { headers: header }).catch(() => null)
    if (!res || !res.ok) throw EXPORT_FAILED()
    const a = document.createElement('a')
    a.href = URL.createObjectURL(await res.blob())
    a.download = '签到表.xlsx'
    a.click()
    return
  }
  try {
    const file = await Taro.downloadFile({ url: attendanceXlsxUrl(id), header })
    if (file.statusCode !== 200) throw EXPORT_FAILED()
    await Taro.openDocument({ filePath: file.tempFilePath, fileType: 'xlsx', showMenu: true })
  } catch {
    throw EXPORT_FAILED()
  }
}

export const getMinutes = (id: string) => request({ path: `/api/v1/meetings/${id}/minutes`, schema: MinutesSchema })
export const saveMinutes = (id: string, body: string) => request({ method: 'PUT', path: `/api/v1/meetings/${id}/minutes`, data: { body }, schema: MinutesSchema })
export const amendMinutes = (id: string, body: string) =>
  request({ method: 'POST', path: `/api/v1/meetings/${id}/minutes/amendments`, data: { body }, schema: MinutesSchema })
export const updateMeeting = (id: string, body: MeetingBody) => request({ method: 'PUT', path: `/api/v1/meetings/${id}`, data: body, schema: MeetingSchema })
export const cancelMeeting = (id: string, reason: string) =>
  request({ method: 'POST', path: `/api/v1/meetings/${id}/cancel`, data: { reason }, schema: z.object({ status: z.string() }) })
