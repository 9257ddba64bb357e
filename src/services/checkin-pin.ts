import { CheckinResultSchema } from '@/domain/meetings'
import { request } from './request'

/** 数字签到码 (the 6 digits on the secretary's screen). Apart from services/meetings, which the main package carries. */
export const pinCheckIn = (meetingId: string, pin: string, location?: { lat: number; lng: number; accuracyM?: number }) =>
  request({ method: 'POST', path: `/api/v1/meetings/${encodeURIComponent(meetingId)}/checkin-pin`, data: { pin, ...(location ? { location } : {}) }, schema: CheckinResultSchema })
