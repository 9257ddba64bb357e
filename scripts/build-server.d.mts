/** Types of build-server.mjs for the TypeScript that imports it (tests/server/global-setup.ts). */
export const OUT: string
export const ENTRY: string
export function isStale(): boolean
export function buildServer(): Promise<number>
export function prepareTemplate(): Promise<void>
