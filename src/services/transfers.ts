import {
  FollowUpSchema,
  MobileCardSchema,
  TransferCreatedSchema,
  TransferListSchema,
  TransferSchema,
  TransferStatusSchema,
  type TransferAction,
  type TransferBody,
  type TransferQuery,
  type TransferStatus,
} from '@/domain/transfers'
import { request } from './request'

const base = '/api/v1/transfers'

export const submitTransfer = (body: TransferBody) => request({ method: 'POST', path: base, data: body, schema: TransferCreatedSchema })

export const resubmitTransfer = (id: string, body: TransferBody) =>
  request({ method: 'PUT', path: `${base}/${id}`, data: body, schema: TransferStatusSchema })

export const listTransfers = (scope: TransferQuery['scope'], status?: TransferStatus, cursor?: string | null) =>
  request({ path: base, query: { scope, status, cursor, limit: 50 }, schema: TransferListSchema })

export const getTransfer = (id: string) => request({ path: `${base}/${id}`, schema: TransferSchema })

/** One move of the workflow; return and reject carry the reason the applicant will read. */
export const moveTransfer = (id: string, action: Exclude<TransferAction, 'resubmit' | 'expire'>, text?: string) =>
  request({
    method: 'POST',
    path: `${base}/${id}/${action}`,
    data: action === 'return' || action === 'reject' ? { reason: text ?? '' } : text ? { note: text } : {},
    schema: TransferStatusSchema,
  })

export const followUp = () => request({ path: `${base}/follow-up`, schema: FollowUpSchema })
export const mobileCard = () => request({ path: `${base}/mobile-card`, schema: MobileCardSchema })
