import {
  MOBILE_TOO_LONG_MESSAGE,
  TRANSFER_ACTIONS,
  TRANSFER_STATUSES,
  TRANSITIONS,
  TransferBodySchema,
  allowedActions,
  defaultValidUntil,
  effectiveStatus,
  findTransition,
  transferProblems,
  type TransferAction,
  type TransferBody,
  type TransferStatus,
} from '../../src/domain/transfers'
import { addMonths } from '../../src/domain/time'

/** The workflow of domain.md, written out independently of the table it checks. */
const SPEC: [TransferAction, TransferStatus, TransferStatus, 'reviewer' | 'applicant' | 'system', boolean][] = [
  ['accept', 'submitted', 'accepted', 'reviewer', false],
  ['return', 'submitted', 'returned', 'reviewer', true],
  ['reject', 'submitted', 'rejected', 'reviewer', true],
  ['resubmit', 'returned', 'submitted', 'applicant', false],
  ['cancel', 'submitted', 'cancelled', 'applicant', false],
  ['cancel', 'returned', 'cancelled', 'applicant', false],
  ['complete', 'accepted', 'completed', 'reviewer', false],
  ['expire', 'accepted', 'expired', 'system', false],
]

describe('the transition table', () => {
  test.each(SPEC)('%s from %s goes to %s, by %s, reason required: %s', (action, from, to, by, reason) => {
    const t = findTransition(action, from)
    expect(t).toMatchObject({ to, by, reasonRequired: reason })
  })

  // Every (action, status) pair the spec does not list: generated, not hand-listed.
  const forbidden = TRANSFER_ACTIONS.flatMap((a) => TRANSFER_STATUSES.map((s) => [a, s] as const)).filter(
    ([a, s]) => !SPEC.some(([sa, sf]) => sa === a && sf === s),
  )
  test.each(forbidden)('%s from %s is forbidden', (action, from) => {
    expect(findTransition(action, from)).toBeUndefined()
  })

  test('the table holds exactly the spec', () => {
    expect(TRANSITIONS).toHaveLength(SPEC.length)
  })

  test('terminal states offer nobody anything', () => {
    for (const s of ['completed', 'rejected', 'cancelled', 'expired'] as const) {
      for (const who of ['reviewer', 'applicant', 'system'] as const) expect(allowedActions(s, who)).toEqual([])
    }
  })

  test('what each side is offered', () => {
    expect(allowedActions('submitted', 'reviewer').map((t) => t.action)).toEqual(['accept', 'return', 'reject'])
    expect(allowedActions('submitted', 'applicant').map((t) => t.action)).toEqual(['cancel'])
    expect(allowedActions('returned', 'applicant').map((t) => t.action)).toEqual(['resubmit', 'cancel'])
    expect(allowedActions('accepted', 'reviewer').map((t) => t.action)).toEqual(['complete'])
  })
})

describe('expiry is computed from the calendar', () => {
  test('valid through the last day, expired the day after', () => {
    expect(effectiveStatus('accepted', '2026-12-31', '2026-12-31')).toBe('accepted')
    expect(effectiveStatus('accepted', '2026-12-31', '2027-01-01')).toBe('expired')
  })
  test('only accepted requests expire', () => {
    for (const s of ['submitted', 'returned', 'completed', 'rejected', 'cancelled'] as const) {
      expect(effectiveStatus(s, '2020-01-01', '2026-11-23')).toBe(s)
    }
  })
})

describe('dates', () => {
  test('addMonths clamps to the end of the month', () => {
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28')
    expect(addMonths('2027-08-31', 6)).toBe('2028-02-29')
    expect(addMonths('2026-11-23', -6)).toBe('2026-05-23')
    expect(addMonths('2026-01-15', 12)).toBe('2027-01-15')
  })
  test('a letter is valid 90 days from issue by default', () => {
    expect(defaultValidUntil({ kind: 'transfer_in', letterIssuedAt: '2026-11-01' }, '2026-11-23')).toBe('2027-01-30')
    expect(defaultValidUntil({ kind: 'transfer_out' }, '2026-11-23')).toBe('2027-02-21')
  })
  test('a mobile registration runs to the expected return when given', () => {
    expect(defaultValidUntil({ kind: 'mobile_in', expectedReturnAt: '2027-03-01' }, '2026-11-23')).toBe('2027-03-01')
  })
})

describe('transferProblems', () => {
  const today = '2026-11-23'
  const body = (patch: Partial<TransferBody>): TransferBody =>
    TransferBodySchema.parse({
      kind: 'transfer_in',
      fromOrg: { name: '老家镇党委' },
      toOrg: { id: '00000000-0000-4000-8000-000000000001' },
      reason: '到星火科技工作',
      contactPhone: '13912345678',
      ...patch,
    })
  const paths = (b: TransferBody) => transferProblems(b, today).map((p) => p.path)

  test('an ordinary request passes', () => expect(paths(body({}))).toEqual([]))
  test('validity before issue', () => {
    expect(paths(body({ letterIssuedAt: '2026-11-20', letterValidUntil: '2026-11-19' }))).toEqual(['letterValidUntil'])
  })
  test('a join date before the Party was founded', () => {
    expect(paths(body({ joinedAt: '1920-05-01', realName: '古人', memberType: 'full' }))).toEqual(['joinedAt'])
  })
  test('a letter issued in the future', () => expect(paths(body({ letterIssuedAt: '2026-11-24' }))).toEqual(['letterIssuedAt']))
  test('a letter already expired', () => {
    expect(paths(body({ letterIssuedAt: '2026-08-01', letterValidUntil: '2026-11-22' }))).toEqual(['letterValidUntil'])
  })
  test('return before leaving', () => {
    expect(paths(body({ kind: 'mobile_in', leftAt: '2026-12-10', expectedReturnAt: '2026-12-01' }))).toEqual(['expectedReturnAt'])
  })
  test('the same organization on both sides', () => {
    expect(paths(body({ fromOrg: { name: '甲党支部' }, toOrg: { name: '甲党支部' } }))).toEqual(['toOrg'])
  })
  test('流出 needs the date of leaving', () => {
    expect(paths(body({ kind: 'mobile_out', fromOrg: { id: '00000000-0000-4000-8000-000000000002' }, toOrg: { name: '深圳某厂' } }))).toEqual(['leftAt'])
  })
  test('流出 for 6 months or more at a fixed place is steered to 转出, with the rule', () => {
    const base = { kind: 'mobile_out' as const, fromOrg: { id: '00000000-0000-4000-8000-000000000002' }, toOrg: { name: '深圳某厂' }, leftAt: '2026-12-01', fixedPlace: true }
    const problems = transferProblems(body({ ...base, expectedReturnAt: '2027-06-01' }), today)
    expect(problems).toEqual([{ path: 'kind', message: MOBILE_TOO_LONG_MESSAGE }])
    expect(MOBILE_TOO_LONG_MESSAGE).toContain('转出')
    // One day short of six months, or no fixed place: a mobile registration is right.
    expect(paths(body({ ...base, expectedReturnAt: '2027-05-31' }))).toEqual([])
    expect(paths(body({ ...base, fixedPlace: false, expectedReturnAt: '2027-12-01' }))).toEqual([])
  })
  test('the schema refuses a bad phone and an unknown kind', () => {
    expect(TransferBodySchema.safeParse({ ...body({}), contactPhone: '123' }).success).toBe(false)
    expect(TransferBodySchema.safeParse({ ...body({}), kind: 'transfer_sideways' }).success).toBe(false)
    expect(TransferBodySchema.safeParse({ ...body({}), toOrg: {} }).success).toBe(false)
  })
})
