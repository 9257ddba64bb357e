import { ParkSummarySchema } from '@/domain/park-summary'
import { request } from './request'

/** Kept apart from services/park: 首页 (main package) needs only this. */
export const parkSummary = () => request({ path: '/api/v1/park/summary', schema: ParkSummarySchema })
