/** Injected wherever time matters, so tests can move it. */
export interface Clock {
  now(): Date
}
export const systemClock: Clock = { now: () => new Date() }

/** Today's calendar date in China (UTC+8, no DST): what "today" means to every user of this app. */
export function chinaDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10)
}

/** `YYYY-MM-DD HH:mm` in China time, for messages and spreadsheets. */
export function chinaDateTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 16).replace('T', ' ')
}
