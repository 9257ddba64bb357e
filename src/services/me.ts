import { MeResponseSchema, type MeResponse } from '@/domain/me'
import { request } from './request'

export function getMe(): Promise<MeResponse> {
  return request({ path: '/api/v1/me', schema: MeResponseSchema })
}
