// Types of scripts/lib.mjs for the TypeScript that imports it (tests).
export const ROOT: string
export function bin(name: string): string
export const WEAPP_TEST_API_BASE: string
export const TIMED_OUT: number
export function run(cmd: string, args: string[], options?: { env?: Record<string, string>; cwd?: string; limitMs?: number; name?: string }): Promise<number>
export function seconds(ms: number): string
