import {
  CHECKIN_OPENS_BEFORE_MS,
  CHECKIN_STEP_MS,
  MEETING_TYPE_LABELS,
  MeetingBodySchema,
  checkinWindow,
  distanceM,
  stepAccepted,
  stepExpiresAt,
  timeStep,
  withinGeofence,
} from '../../src/domain/meetings'

const start = Date.parse('2026-11-23T06:00:00Z')
const end = start + 2 * 3600_000

describe('sign-in window', () => {
  test('opens 30 minutes before the start and closes at the end', () => {
    expect(checkinWindow(start, end, start - CHECKIN_OPENS_BEFORE_MS - 1)).toBe('not_open')
    expect(checkinWindow(start, end, start - CHECKIN_OPENS_BEFORE_MS)).toBe('open')
    expect(checkinWindow(start, end, end)).toBe('open')
    expect(checkinWindow(start, end, end + 1)).toBe('closed')
  })
})

describe('code time steps', () => {
  const t = start + 5 * CHECKIN_STEP_MS + 123
  test('current and previous step accepted, two steps old expired, future refused', () => {
    const s = timeStep(t)
    expect(stepAccepted(s, t)).toBe('ok')
    expect(stepAccepted(s - 1, t)).toBe('ok')
    expect(stepAccepted(s - 2, t)).toBe('expired')
    expect(stepAccepted(s + 1, t)).toBe('future')
  })
  test('a code lives at most two steps (≤ 40 s) and expiresAt is when it stops working', () => {
    const s = timeStep(t)
    expect(stepExpiresAt(s) - t).toBeLessThanOrEqual(2 * CHECKIN_STEP_MS)
    expect(stepAccepted(s, stepExpiresAt(s) - 1)).toBe('ok')
    expect(stepAccepted(s, stepExpiresAt(s))).toBe('expired')
  })
})

describe('geofence', () => {
  const tiananmen = { lat: 39.9087, lng: 116.3975 }
  test('haversine distance is right to within a metre on a known pair', () => {
    // 0.01° of latitude ≈ 1111.95 m
    expect(Math.abs(distanceM(tiananmen, { lat: 39.9187, lng: 116.3975 }) - 1111.95)).toBeLessThan(1)
  })
  test('inside the radius, plus reported accuracy up to 100 m', () => {
    const fence = { ...tiananmen, radiusM: 100 }
    const at150 = { lat: tiananmen.lat + 150 / 111195, lng: tiananmen.lng }
    expect(withinGeofence(fence, at150)).toBe(false)
    expect(withinGeofence(fence, { ...at150, accuracyM: 60 })).toBe(true)
    const at250 = { lat: tiananmen.lat + 250 / 111195, lng: tiananmen.lng }
    expect(withinGeofence(fence, { ...at250, accuracyM: 5000 })).toBe(false) // slack capped at 100 m
  })
})

describe('meeting body', () => {
  const ok = {
    branchId: '00000000-0000-4000-8000-000000000001',
    type: 'theme_day',
    title: '十一月主题党日',
    location: '三楼会议室',
    startsAt: '2026-11-25T06:00:00Z',
    endsAt: '2026-11-25T08:00:00Z',
    open: true,
  }
  test('valid', () => expect(MeetingBodySchema.safeParse(ok).success).toBe(true))
  test.each([
    [{ endsAt: '2026-11-25T06:00:00Z' }, '结束时间必须晚于开始时间'],
    [{ endsAt: '2026-11-25T18:00:01Z' }, '一次会议不能超过 12 小时'],
    [{ capacity: 0 }, '人数上限必须是正整数'],
    [{ geofence: { lat: 39.9, lng: 116.4, radiusM: 49 } }, '签到范围半径不能小于 50 米'],
    [{ geofence: { lat: 39.9, lng: 116.4, radiusM: 2001 } }, '签到范围半径不能大于 2000 米'],
  ])('%j → %s', (patch, message) => {
    const r = MeetingBodySchema.safeParse({ ...ok, ...patch })
    expect(r.success).toBe(false)
    expect(r.error?.issues.map((i) => i.message)).toContain(message)
  })
  test('every type has a Chinese label', () => {
    expect(Object.values(MEETING_TYPE_LABELS)).toEqual(['支部党员大会', '支委会', '党小组会', '党课', '主题党日', '组织生活会', '民主评议党员', '其他'])
  })
})
