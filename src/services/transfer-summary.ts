import { TransferSummarySchema } from '@/domain/transfer-summary'
import { request } from './request'

/** Kept apart from services/transfers: 首页 (main package) needs only this. */
export const transferSummary = () => request({ path: '/api/v1/transfers/summary', schema: TransferSummarySchema })
