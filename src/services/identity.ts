import { z } from 'zod'
import {
  CardSchema,
  DeclarationCreatedSchema,
  DeclarationListSchema,
  DeclarationSchema,
  PostSchema,
  VerifyResultSchema,
  WallSchema,
  type CardPrivacy,
  type DeclarationBody,
  type DeclarationQuery,
  type DeclarationStatus,
  type PostKind,
} from '@/domain/identity'
import { request } from './request'

const base = '/api/v1/identity'

export const submitDeclaration = (body: DeclarationBody) =>
  request({ method: 'POST', path: `${base}/declarations`, data: body, schema: DeclarationCreatedSchema })

export const listDeclarations = (scope: DeclarationQuery['scope'], status?: DeclarationStatus, cursor?: string | null) =>
  request({ path: `${base}/declarations`, query: { scope, status, cursor, limit: 50 }, schema: DeclarationListSchema })

export const getDeclaration = (id: string) => request({ path: `${base}/declarations/${id}`, schema: DeclarationSchema })

export const approveDeclaration = (id: string) =>
  request({ method: 'POST', path: `${base}/declarations/${id}/approve`, data: {}, schema: z.object({ status: z.string() }) })

export const rejectDeclaration = (id: string, reason: string) =>
  request({ method: 'POST', path: `${base}/declarations/${id}/reject`, data: { reason }, schema: z.object({ status: z.string() }) })

export const getCard = () => request({ path: `${base}/card`, schema: CardSchema })

export const updateCard = (patch: Partial<CardPrivacy> & { pledge?: string | null }) =>
  request({ method: 'PATCH', path: `${base}/card`, data: patch, schema: CardSchema })

export const revokeCard = () => request({ method: 'POST', path: `${base}/card/revoke`, data: {}, schema: CardSchema })

/** Public: works without a session. */
export const verifyCard = (code: string) => request({ path: `${base}/verify/${encodeURIComponent(code)}`, schema: VerifyResultSchema })

export const getWall = (branchId: string) => request({ path: `${base}/wall/${branchId}`, schema: WallSchema })

export const branchMembers = (branchId: string) =>
  request({
    path: `${base}/branches/${branchId}/members`,
    schema: z.object({
      items: z.array(z.object({ memberId: z.string(), realName: z.string(), memberType: z.enum(['full', 'probationary']), joinedAt: z.string(), posts: z.array(PostSchema) })),
    }),
  })

export const assignPost = (memberId: string, kind: PostKind, title: string) =>
  request({ method: 'POST', path: `${base}/posts`, data: { memberId, kind, title }, schema: PostSchema })

export const removePost = (id: string) => request<null>({ method: 'DELETE', path: `${base}/posts/${id}` })
