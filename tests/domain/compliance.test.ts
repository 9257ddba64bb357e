import {
  DEFAULT_RULES,
  backfillFlags,
  effectiveRules,
  isTightening,
  itemState,
  owes,
  parsePeriod,
  periodOf,
  periodsWithin,
  shortfall,
  signinsNeeded,
} from '../../src/domain/compliance'

const at = (s: string) => new Date(s)
const H = 3_600_000
const D = 86_400_000

describe('periods on China calendar', () => {
  test('a month, quarter and year end at China midnight, whatever UTC says', () => {
    // 2026-03-31 23:30 China = 15:30 UTC: still March and Q1; 00:10 on 1 April is Q2.
    expect(periodOf('month', at('2026-03-31T15:30:00Z')).key).toBe('2026-03')
    expect(periodOf('quarter', at('2026-03-31T15:30:00Z')).key).toBe('2026-Q1')
    expect(periodOf('quarter', at('2026-03-31T16:10:00Z')).key).toBe('2026-Q2')
    expect(periodOf('year', at('2026-12-31T16:00:00Z')).key).toBe('2027')
    const q4 = parsePeriod('2026-Q4')!
    expect(q4.start.toISOString()).toBe('2026-09-30T16:00:00.000Z')
    expect(q4.end.toISOString()).toBe('2026-12-31T16:00:00.000Z')
    expect(q4.label).toBe('2026年第4季度')
    expect(parsePeriod('2026-02')!.end.toISOString()).toBe('2026-02-28T16:00:00.000Z')
    expect(parsePeriod('2024-02')!.end.toISOString()).toBe('2024-02-29T16:00:00.000Z')
  })

  test('bad keys are refused', () => {
    for (const k of ['2026-13', '2026-00', '2026-Q5', '2026-Q0', '26-01', '2026-1', '2026Q1', '1999', '']) expect(parsePeriod(k)).toBeNull()
  })

  test('months of a quarter, the quarter of a month, the quarters of a year', () => {
    expect(periodsWithin('month', parsePeriod('2026-Q4')!).map((p) => p.key)).toEqual(['2026-10', '2026-11', '2026-12'])
    expect(periodsWithin('quarter', parsePeriod('2026-11')!).map((p) => p.key)).toEqual(['2026-Q4'])
    expect(periodsWithin('year', parsePeriod('2026-11')!).map((p) => p.key)).toEqual(['2026'])
    expect(periodsWithin('quarter', parsePeriod('2026')!).map((p) => p.key)).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'])
  })

  test('a branch formed mid-quarter owes the months it existed through, not that quarter', () => {
    const branch = { createdAt: at('2026-11-10T02:00:00Z'), dissolvedAt: null }
    expect(owes(branch, parsePeriod('2026-Q4')!)).toBe(false)
    expect(owes(branch, parsePeriod('2026-11')!)).toBe(false)
    expect(owes(branch, parsePeriod('2026-12')!)).toBe(true)
    expect(owes(branch, parsePeriod('2027-Q1')!)).toBe(true)
    expect(owes({ createdAt: at('2020-01-01T00:00:00Z'), dissolvedAt: at('2026-11-20T00:00:00Z') }, parsePeriod('2026-11')!)).toBe(false)
  })
})

describe('rules', () => {
  test('the 条例: assembly and lecture quarterly, committee, group and theme day monthly, life meeting and review yearly', () => {
    expect(Object.fromEntries(DEFAULT_RULES.map((r) => [r.type, `${r.unit}:${r.count}`]))).toEqual({
      branch_assembly: 'quarter:1',
      committee: 'month:1',
      group: 'month:1',
      lecture: 'quarter:1',
      theme_day: 'month:1',
      life_meeting: 'year:1',
      review: 'year:1',
    })
  })

  test('a committee may tighten and never loosen; the strictest tightening above a branch wins', () => {
    const lecture = DEFAULT_RULES.find((r) => r.type === 'lecture')!
    expect(isTightening({ unit: 'month', count: 1 }, lecture)).toBe(true)
    expect(isTightening({ unit: 'quarter', count: 2 }, lecture)).toBe(true)
    expect(isTightening({ unit: 'year', count: 4 }, lecture)).toBe(false) // as many, but a longer period
    expect(isTightening({ unit: 'year', count: 2 }, lecture)).toBe(false)
    const rules = effectiveRules([
      { type: 'lecture', unit: 'quarter', count: 2 },
      { type: 'lecture', unit: 'month', count: 1 },
      { type: 'theme_day', unit: 'year', count: 1 }, // a loosening: ignored
    ])
    expect(rules.find((r) => r.type === 'lecture')).toMatchObject({ unit: 'month', count: 1 })
    expect(rules.find((r) => r.type === 'theme_day')).toMatchObject({ unit: 'month', count: 1 })
  })
})

describe('what counts', () => {
  const now = at('2026-12-02T10:00:00Z')
  const held = { cancelled: false, endsAt: at('2026-11-20T08:00:00Z'), expected: 5, memberSignins: 3, hasMinutes: true }

  test('held, attended by half the expected members, with minutes', () => {
    expect(signinsNeeded(5)).toBe(3)
    expect(signinsNeeded(4)).toBe(2)
    expect(signinsNeeded(0)).toBe(1)
    expect(shortfall(held, now)).toBeNull()
    expect(shortfall({ ...held, memberSignins: 2 }, now)).toBe('attendance')
    expect(shortfall({ ...held, hasMinutes: false }, now)).toBe('minutes')
    expect(shortfall({ ...held, cancelled: true }, now)).toBe('cancelled')
    expect(shortfall({ ...held, endsAt: at('2026-12-02T11:00:00Z') }, now)).toBe('not_held')
  })

  test('待召开, 即将到期 at 7 days left, 逾期 after the end, 已完成, 免于考核', () => {
    const end = at('2026-12-31T16:00:00Z')
    expect(itemState({ required: 1, counted: 0, end }, at('2026-12-01T16:00:00Z'))).toEqual({ state: 'due', daysLeft: 30 })
    expect(itemState({ required: 1, counted: 0, end }, at('2026-12-24T16:00:00Z'))).toEqual({ state: 'soon', daysLeft: 7 })
    expect(itemState({ required: 1, counted: 0, end }, at('2026-12-23T15:59:00Z'))).toMatchObject({ state: 'due' })
    expect(itemState({ required: 1, counted: 0, end }, end)).toEqual({ state: 'overdue', daysLeft: null })
    expect(itemState({ required: 2, counted: 1, end }, at('2026-12-30T00:00:00Z'))).toMatchObject({ state: 'soon', daysLeft: 2 })
    expect(itemState({ required: 1, counted: 1, end }, at('2027-02-01T00:00:00Z'))).toEqual({ state: 'done', daysLeft: null })
    expect(itemState({ required: 1, counted: 0, end, exempt: true }, at('2027-02-01T00:00:00Z'))).toEqual({ state: 'exempt', daysLeft: null })
  })
})

describe('疑似补记', () => {
  const base = {
    startsAt: at('2026-11-10T06:00:00Z'),
    endsAt: at('2026-11-10T08:00:00Z'),
    postedAt: at('2026-11-01T02:00:00Z'),
    minutesFirstAt: at('2026-11-11T02:00:00Z'),
    signins: 6,
    manualSignins: 1,
    signinMinutes: 5,
  }
  test('an honest meeting has no flag', () => {
    expect(backfillFlags(base)).toEqual([])
  })
  test('each sign, on its own', () => {
    expect(backfillFlags({ ...base, manualSignins: 4 })).toEqual(['mostly_manual'])
    expect(backfillFlags({ ...base, manualSignins: 3 })).toEqual([]) // half is not most
    expect(backfillFlags({ ...base, minutesFirstAt: new Date(base.endsAt.getTime() + 7 * D + 60_000) })).toEqual(['late_minutes'])
    expect(backfillFlags({ ...base, minutesFirstAt: new Date(base.endsAt.getTime() + 7 * D) })).toEqual([])
    expect(backfillFlags({ ...base, postedAt: base.endsAt })).toEqual(['posted_after'])
    expect(backfillFlags({ ...base, signinMinutes: 1 })).toEqual(['same_minute'])
    expect(backfillFlags({ ...base, signinMinutes: 1, signins: 2, manualSignins: 0 })).toEqual([]) // two people may well scan together
    expect(backfillFlags({ ...base, signinMinutes: 1, endsAt: new Date(base.startsAt.getTime() + H - 60_000) })).toEqual([]) // under an hour
  })
  test('all together', () => {
    expect(backfillFlags({ ...base, manualSignins: 6, signinMinutes: 1, postedAt: at('2026-11-20T00:00:00Z'), minutesFirstAt: at('2026-11-25T00:00:00Z') })).toEqual([
      'mostly_manual',
      'late_minutes',
      'posted_after',
      'same_minute',
    ])
  })
})
