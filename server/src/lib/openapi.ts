import { ErrorBodySchema } from '../../../src/domain/errors'

/** Declares the contract's error body for the given statuses (OpenAPI documentation). */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBodySchema])) as Record<number, typeof ErrorBodySchema>
}
