import { z } from 'zod'
import {
  CategoriesSchema,
  HeartbeatResultSchema,
  LessonListSchema,
  LessonSchema,
  StudySummarySchema,
  type LessonBody,
} from '@/domain/lessons'
import { apiBase } from './config'
import { request } from './request'

const base = '/api/v1/lessons'
const Saved = z.object({ id: z.string(), published: z.boolean() })

export interface LessonFilter {
  category?: string
  q?: string
  cursor?: string | null
  limit?: number
  scope?: 'study' | 'manage'
}

export const listLessons = ({ category, q, cursor, limit = 20, scope }: LessonFilter = {}) =>
  request({ path: base, query: { category, q: q?.trim(), cursor, limit, scope }, schema: LessonListSchema })

export const lessonCategories = () => request({ path: `${base}/categories`, schema: CategoriesSchema })
export const getLesson = (id: string) => request({ path: `${base}/${id}`, schema: LessonSchema })
export const sendHeartbeat = (id: string, positionSec: number) =>
  request({ method: 'POST', path: `${base}/${id}/progress`, data: { positionSec: Math.max(0, Math.round(positionSec * 10) / 10) }, schema: HeartbeatResultSchema })
export const studySummary = () => request({ path: '/api/v1/me/study', schema: StudySummarySchema })

export const createLesson = (body: LessonBody) => request({ method: 'POST', path: base, data: body, schema: Saved })
export const updateLesson = (id: string, body: LessonBody) => request({ method: 'PUT', path: `${base}/${id}`, data: body, schema: Saved })
export const setPublished = (id: string, publish: boolean) =>
  request({ method: 'POST', path: `${base}/${id}/${publish ? 'publish' : 'unpublish'}`, data: {}, schema: Saved })
export const publishOrgs = () => request({ path: `${base}/publish-orgs`, schema: z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) }) })

/** Media paths the server hosts ('/media/…') need its address on weapp; H5 is same-origin. */
export function mediaSrc(url: string | null | undefined): string {
  if (!url) return ''
  return url.startsWith('/') ? `${apiBase()}${url}` : url
}
