import {
  addDays,
  addMonths,
  addYears,
  chinaDate,
  chinaDateTime,
  chinaInstant,
  chinaMidnight,
  chinaPeriod,
  daysBetween,
  formatChina,
  formatDate,
  formatDateTime,
  isCalendarDate,
  monthsBetween,
  periodStart,
  wholeYearsBetween,
  type Period,
} from '../../src/domain/time'

const iso = (p: { start: Date; end: Date }) => [p.start.toISOString(), p.end.toISOString()]

describe('China days of instants', () => {
  test('UTC midnight is 08:00 the same day in China; China midnight is 16:00Z the day before', () => {
    expect(chinaDate(new Date('2026-11-23T00:00:00Z'))).toBe('2026-11-23')
    expect(chinaDateTime(new Date('2026-11-23T00:00:00Z'))).toBe('2026-11-23 08:00')
    expect(chinaMidnight('2026-11-23').toISOString()).toBe('2026-11-22T16:00:00.000Z')
  })

  test('the day turns at 16:00Z, to the millisecond', () => {
    expect(chinaDate(new Date('2026-11-22T15:59:59.999Z'))).toBe('2026-11-22')
    expect(chinaDate(new Date('2026-11-22T16:00:00.000Z'))).toBe('2026-11-23')
    expect(chinaDateTime('2026-11-22T15:59:59.999Z')).toBe('2026-11-22 23:59')
    expect(formatChina(Date.parse('2026-11-22T16:00:00Z'), 'HH:mm')).toBe('00:00')
  })

  test('the year turns at 16:00Z on 31 December', () => {
    expect(chinaDate('2026-12-31T15:59:59Z')).toBe('2026-12-31')
    expect(chinaDate('2026-12-31T16:00:00Z')).toBe('2027-01-01')
  })

  test('a China wall time becomes the instant 8 hours earlier in UTC', () => {
    expect(chinaInstant('2026-11-25', '14:00').toISOString()).toBe('2026-11-25T06:00:00.000Z')
    expect(chinaInstant('2026-11-25', '07:30').toISOString()).toBe('2026-11-24T23:30:00.000Z')
    expect(Number.isNaN(chinaInstant('2026-11-25', 'later').getTime())).toBe(true)
  })
})

describe('periods as instants', () => {
  test('a China day runs from 16:00Z to 16:00Z', () => {
    expect(iso(chinaPeriod('day', new Date('2026-11-23T03:00:00Z')))).toEqual(['2026-11-22T16:00:00.000Z', '2026-11-23T16:00:00.000Z'])
    // 17:00Z is already the next China day.
    expect(iso(chinaPeriod('day', new Date('2026-11-23T17:00:00Z')))).toEqual(['2026-11-23T16:00:00.000Z', '2026-11-24T16:00:00.000Z'])
  })

  test('weeks start on Monday, across a month and a year', () => {
    // Thursday 1 January 2026: the week began on Monday 29 December 2025.
    expect(iso(chinaPeriod('week', new Date('2026-01-01T04:00:00Z')))).toEqual(['2025-12-28T16:00:00.000Z', '2026-01-04T16:00:00.000Z'])
    // Sunday evening in China is still the week that began on Monday; 16:00Z Sunday starts the next one.
    expect(iso(chinaPeriod('week', new Date('2026-11-29T15:59:59Z')))[0]).toBe('2026-11-22T16:00:00.000Z')
    expect(iso(chinaPeriod('week', new Date('2026-11-29T16:00:00Z')))[0]).toBe('2026-11-29T16:00:00.000Z')
    expect(periodStart('week', '2026-11-23')).toBe('2026-11-23') // a Monday
    expect(periodStart('week', '2026-11-29')).toBe('2026-11-23') // a Sunday
    expect(periodStart('week', '2026-12-02')).toBe('2026-11-30') // across a month
    expect(periodStart('week', '2027-01-02')).toBe('2026-12-28') // across a year
  })

  test('months, quarters and years', () => {
    const at = new Date('2026-05-31T20:00:00Z') // 1 June 04:00 in China
    expect(iso(chinaPeriod('month', at))).toEqual(['2026-05-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z'])
    expect(iso(chinaPeriod('quarter', at))).toEqual(['2026-03-31T16:00:00.000Z', '2026-06-30T16:00:00.000Z'])
    expect(iso(chinaPeriod('year', at))).toEqual(['2025-12-31T16:00:00.000Z', '2026-12-31T16:00:00.000Z'])
    // The last China quarter of the year ends at the China new year.
    expect(iso(chinaPeriod('quarter', new Date('2026-12-31T15:00:00Z')))).toEqual(['2026-09-30T16:00:00.000Z', '2026-12-31T16:00:00.000Z'])
  })

  test('quarter starts', () => {
    const starts = ['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => periodStart('quarter', `2026-${m}-15`))
    expect(starts).toEqual([...Array(3).fill('2026-01-01'), ...Array(3).fill('2026-04-01'), ...Array(3).fill('2026-07-01'), ...Array(3).fill('2026-10-01')])
    expect(periodStart('quarter', '2026-03-31')).toBe('2026-01-01')
    expect(periodStart('quarter', '2026-04-01')).toBe('2026-04-01')
    expect(periodStart('month', '2026-02-28')).toBe('2026-02-01')
    expect(periodStart('year', '2026-12-31')).toBe('2026-01-01')
    expect(periodStart('day', '2026-12-31')).toBe('2026-12-31')
  })

  test('a leap February is 29 days long', () => {
    const feb = chinaPeriod('month', new Date('2028-02-10T00:00:00Z'))
    expect((feb.end.getTime() - feb.start.getTime()) / 86_400_000).toBe(29)
  })

  test('the host zone does not matter, daylight saving included', () => {
    const saved = process.env.TZ
    const units: Period[] = ['day', 'week', 'month', 'quarter', 'year']
    // 18:30Z on 28 March 2026 is 02:30 on the 29th in China, an hour into Berlin's summer time
    // (dayjs's utcOffset(480) reads 03:30 there).
    const at = new Date('2026-03-28T18:30:00Z')
    const answer = () => [chinaDateTime(at), ...units.flatMap((u) => iso(chinaPeriod(u, at))), formatDateTime('2026-03-28T18:30:00Z'), formatDate('2026-03-29')]
    try {
      process.env.TZ = 'UTC'
      const inUtc = answer()
      expect(inUtc[0]).toBe('2026-03-29 02:30')
      for (const tz of ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Pacific/Kiritimati']) {
        process.env.TZ = tz
        expect([tz, ...answer()]).toEqual([tz, ...inUtc])
      }
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })
})

describe('calendar dates', () => {
  test('date ± days across month ends, leap days and years', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01')
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31')
    expect(addDays('2026-11-23', 90)).toBe('2027-02-21')
    expect(addDays('2026-11-23', 0)).toBe('2026-11-23')
  })

  test('months and years clamp to the end of the month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28')
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29')
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28')
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15')
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15')
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28')
    expect(addYears('2028-02-29', 4)).toBe('2032-02-29')
    expect(addYears('2026-11-23', -2)).toBe('2024-11-23')
  })

  test('days, months and whole years between', () => {
    expect(daysBetween('2026-11-23', '2026-11-23')).toBe(0)
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1)
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2)
    expect(daysBetween('2026-12-31', '2026-01-01')).toBe(-364)
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365)
    expect(monthsBetween('2026-01-31', '2026-02-27')).toBe(0)
    expect(monthsBetween('2026-01-31', '2026-02-28')).toBe(1) // clamped, as addMonths
    expect(monthsBetween('2026-01-31', '2026-03-30')).toBe(1)
    expect(monthsBetween('2026-01-31', '2026-03-31')).toBe(2)
    expect(monthsBetween('2026-05-23', '2026-11-23')).toBe(6)
    expect(monthsBetween('2026-11-23', '2026-05-23')).toBe(0)
    expect(wholeYearsBetween('2016-02-29', '2017-02-28')).toBe(0)
    expect(wholeYearsBetween('2016-02-29', '2017-03-01')).toBe(1)
    expect(wholeYearsBetween('2015-07-01', '2026-06-30')).toBe(10)
    expect(wholeYearsBetween('2015-07-01', '2026-07-01')).toBe(11)
    expect(wholeYearsBetween('2026-07-01', '2015-07-01')).toBe(0)
  })

  test('monthsBetween is the largest n with addMonths(from, n) ≤ to', () => {
    const days = Array.from({ length: 800 }, (_, i) => addDays('2027-01-01', i))
    for (let i = 0; i < days.length; i += 7) {
      for (let j = i; j < days.length; j += 11) {
        const n = monthsBetween(days[i], days[j])
        expect([days[i], days[j], addMonths(days[i], n) <= days[j], addMonths(days[i], n + 1) > days[j]]).toEqual([days[i], days[j], true, true])
      }
    }
  })

  test('real calendar dates only', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true)
    expect(isCalendarDate('2023-02-29')).toBe(false)
    expect(isCalendarDate('2026-04-31')).toBe(false)
    expect(isCalendarDate('2026-13-01')).toBe(false)
    expect(isCalendarDate('2026-11-23T00:00')).toBe(false)
    expect(isCalendarDate('2023-2-1')).toBe(false)
  })
})

describe('for people', () => {
  test('dates and times read on China’s clock', () => {
    expect(formatDate('2015-07-01')).toBe('2015年7月1日')
    expect(formatDate('2026-11-02', 'M/D')).toBe('11/2')
    expect(formatDate('2026-11-22T16:30:00Z')).toBe('2026年11月23日')
    expect(formatDateTime('2026-11-22T16:30:00.000Z')).toBe('2026年11月23日 00:30')
    expect(formatDateTime('2026-11-23T14:05:00+08:00')).toBe('2026年11月23日 14:05')
    // A time without zone is already China's.
    expect(formatDateTime('2026-11-23T06:05:00')).toBe('2026年11月23日 06:05')
    expect([formatDate(''), formatDate(null), formatDate(undefined), formatDate('not a date'), formatDateTime('2026-99-99T00:00:00Z')]).toEqual(['', '', '', '', ''])
  })
})
