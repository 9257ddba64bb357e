/**
 * Time, the one module (domain, server and mini-program): China days, weeks, months, quarters and
 * years, date arithmetic on `YYYY-MM-DD` strings, and dates and times formatted for people.
 *
 * Every user of this app lives by China time, Asia/Shanghai, which has been UTC+8 all year round
 * since 1991 (no daylight saving). A fixed offset of +8 h is therefore exact for every instant this
 * app stores, and no time-zone database is needed. That matters on the phone: the mini-program runs
 * in WeChat's JS engine, whose `Intl` cannot be relied on (Android builds may lack ICU time zones),
 * so dayjs's `timezone` plugin (built on `Intl.DateTimeFormat` with `timeZone`) must not reach it.
 *
 * We use dayjs with only the `utc` plugin, and we do not use `utcOffset(480)` either: dayjs builds
 * an offset instance from the host's own zone (`getTimezoneOffset`), so on a host with daylight
 * saving (a developer laptop in Berlin, a phone abroad) its wall clock is an hour off for the hours
 * around the host's switch. Instead China wall time is held as a UTC-mode dayjs of the instant
 * + 8 h: every getter, `startOf`, `add` and `format` then reads UTC fields only, whatever the host's
 * zone, and the instant comes back by subtracting the 8 h. tests/domain/time.test.ts checks it
 * under several host zones.
 *
 * Conventions: a calendar date is a `YYYY-MM-DD` string (what the wire and the database carry);
 * an instant is a `Date` (or an ISO-8601 string or epoch milliseconds); weeks start on Monday;
 * a period's `end` is the instant the next one starts (half-open: start ≤ t < end).
 */
import dayjs, { type Dayjs } from 'dayjs'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)

/** China's offset from UTC, all year. */
export const CHINA_UTC_OFFSET_MIN = 480
const OFFSET_MS = CHINA_UTC_OFFSET_MIN * 60_000
export const HOUR_MS = 3_600_000
export const DAY_MS = 86_400_000

export type Instant = Date | string | number
export type Period = 'day' | 'week' | 'month' | 'quarter' | 'year'

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/
/** An ISO time that names its zone (…Z or …+08:00), i.e. an instant rather than a wall time. */
const ZONED = /(?:z|[+-]\d\d:?\d\d)$/i

const ms = (at: Instant): number => (at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at))
/** The China wall clock at `at`, as a UTC-mode dayjs (see the header). */
const wall = (at: Instant): Dayjs => dayjs.utc(ms(at) + OFFSET_MS)
/** A calendar date (or a China wall time without zone) as a UTC-mode dayjs. */
const calendar = (date: string): Dayjs => dayjs.utc(date)
/** The instant at which China's wall clock reads `w`. */
const instantOf = (w: Dayjs): Date => new Date(w.valueOf() - OFFSET_MS)
const ymd = (d: Dayjs): string => d.format('YYYY-MM-DD')

// ── instants → China ─────────────────────────────────────────────────────────

/** The China calendar date at `at` (today by default): what "today" means to every user of this app. */
export function chinaDate(at: Instant = new Date()): string {
  return ymd(wall(at))
}

/** `at` on China's wall clock in a dayjs pattern, e.g. `HH:mm`. */
export function formatChina(at: Instant, pattern: string): string {
  return wall(at).format(pattern)
}

/** `YYYY-MM-DD HH:mm` in China time, for messages and spreadsheets. */
export function chinaDateTime(at: Instant): string {
  return formatChina(at, 'YYYY-MM-DD HH:mm')
}

// ── China → instants ─────────────────────────────────────────────────────────

/** The instant China's clock reads `time` (`HH:mm`) on `date`; an invalid Date when either is unreadable. */
export function chinaInstant(date: string, time: string): Date {
  return new Date(`${date}T${time}:00+08:00`)
}

/** China midnight at the start of `date` (YYYY-MM-DD), as an instant. */
export function chinaMidnight(date: string): Date {
  return chinaInstant(date, '00:00')
}

/** Start of the period of `unit` containing `w` (a UTC-mode wall clock or calendar date). */
function startOf(unit: Period, w: Dayjs): Dayjs {
  const day = w.startOf('day')
  switch (unit) {
    case 'day':
      return day
    case 'week': // Monday, whatever dayjs's locale says
      return day.subtract((day.day() + 6) % 7, 'day')
    case 'month':
      return day.startOf('month')
    case 'quarter':
      return day.startOf('month').month(Math.floor(day.month() / 3) * 3)
    case 'year':
      return day.startOf('year')
  }
}

const LENGTH: Record<Period, [number, 'day' | 'month']> = { day: [1, 'day'], week: [7, 'day'], month: [1, 'month'], quarter: [3, 'month'], year: [12, 'month'] }

/** The China day, week, month, quarter or year containing the instant `at`, as instants [start, end). */
export function chinaPeriod(unit: Period, at: Instant = new Date()): { start: Date; end: Date } {
  const start = startOf(unit, wall(at))
  const [n, u] = LENGTH[unit]
  return { start: instantOf(start), end: instantOf(start.add(n, u)) }
}

// ── calendar dates (YYYY-MM-DD) ──────────────────────────────────────────────

/** True for a real calendar date written as YYYY-MM-DD. */
export function isCalendarDate(s: string): boolean {
  return DATE_PATTERN.test(s) && ymd(calendar(s)) === s
}

/** The first day of the week (Monday), month, quarter or year containing `date`. */
export function periodStart(unit: Period, date: string): string {
  return ymd(startOf(unit, calendar(date)))
}

export function addDays(date: string, days: number): string {
  return ymd(calendar(date).add(days, 'day'))
}

/** The same day `months` later, clamped to the month's last day (31 Aug + 6 → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  return ymd(calendar(date).add(months, 'month'))
}

/** The same calendar day `years` later (29 Feb → 28 Feb in common years). */
export function addYears(date: string, years: number): string {
  return ymd(calendar(date).add(years, 'year'))
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return calendar(to).diff(calendar(from), 'day')
}

/** Whole months from `from` to `to`: the largest n with addMonths(from, n) ≤ to; 0 when `to` is earlier. */
export function monthsBetween(from: string, to: string): number {
  return Math.max(0, calendar(to).diff(calendar(from), 'month'))
}

/**
 * Whole years from `from` to `to` (both YYYY-MM-DD): the count of anniversaries reached, where a
 * 29 February anniversary is reached on 1 March in common years.
 */
export function wholeYearsBetween(from: string, to: string): number {
  const f = calendar(from)
  const t = calendar(to)
  let years = t.year() - f.year()
  if (t.month() < f.month() || (t.month() === f.month() && t.date() < f.date())) years--
  return Math.max(0, years)
}

// ── for people ───────────────────────────────────────────────────────────────

/**
 * A date or time from the wire read on China's clock: an instant (…Z, …+08:00) is converted; a bare
 * `YYYY-MM-DD` or a time without zone is already China's, so it never shifts with the phone's zone.
 */
function readable(value: string | null | undefined): Dayjs | null {
  if (!value) return null
  const d = ZONED.test(value) ? wall(value) : calendar(value)
  return d.isValid() ? d : null
}

/** '2019-07-01' or an ISO time → '2019年7月1日' (or another dayjs pattern); '' for missing or unreadable input. */
export function formatDate(value: string | null | undefined, pattern = 'YYYY年M月D日'): string {
  return readable(value)?.format(pattern) ?? ''
}

/** ISO time → '2026年11月23日 14:05' in China time; '' for missing or unreadable input. */
export function formatDateTime(value: string | null | undefined): string {
  return readable(value)?.format('YYYY年M月D日 HH:mm') ?? ''
}
