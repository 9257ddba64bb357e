import { CheckinCodeSchema } from '@/domain/checkin-code'
import { CheckinResultSchema } from '@/domain/meetings'
import { request } from './request'

/** The code screen and the 数字签到码 (meetings subpackage only: apart from services/meetings, which the main package carries). */
export const getCheckinCode = (id: string) => request({ path: `/api/v1/meetings/${encodeURIComponent(id)}/checkin-code`, schema: CheckinCodeSchema })
export const pinCheckIn = (meetingId: string, pin: string, location?: { lat: number; lng: number; accuracyM?: number }) =>
  request({ method: 'POST', path: `/api/v1/meetings/${encodeURIComponent(meetingId)}/checkin-pin`, data: { pin, ...(location ? { location } : {}) }, schema: CheckinResultSchema })
