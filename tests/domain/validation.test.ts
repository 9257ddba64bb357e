import { z } from 'zod'
import { CancelBodySchema, LeaveBodySchema, MeetingBodySchema } from '../../src/domain/meetings'
import { TransferBodySchema } from '../../src/domain/transfers'
import { UNKNOWN_KEYS_MESSAGE, explainIssues, labelAt, labelled, setChineseMessages } from '../../src/domain/validation'

setChineseMessages()

const explain = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value)
  if (r.success) throw new Error('expected a failure')
  return explainIssues(schema, r.error.issues)
}

describe('validation messages name the field in plain Chinese', () => {
  const S = z.strictObject({
    reason: labelled('请假原因', z.string().trim().min(1).max(5)),
    count: labelled('人数', z.number().int().min(1).max(9)),
    when: labelled('开始时间', z.string().datetime({ offset: true })).optional(),
    kind: labelled('会议类型', z.enum(['a', 'b'])),
    geo: labelled('签到范围', z.strictObject({ lat: labelled('纬度', z.number().min(-90).max(90)) })).optional(),
    own: labelled('主题', z.string().min(2, '请填写会议主题（至少 2 个字）')),
    bare: z.string().optional(),
  })

  test('missing, too short, too long, wrong type, bad format, not in the list', () => {
    expect(explain(S, { kind: 'a', own: '主题' })).toEqual([
      { path: 'reason', message: '请填写请假原因' },
      { path: 'count', message: '请填写人数' },
    ])
    expect(explain(S, { reason: '', count: 0, kind: 'c', own: '主题', when: 'tomorrow' })).toEqual([
      { path: 'reason', message: '请填写请假原因' },
      { path: 'count', message: '人数不能小于 1' },
      { path: 'when', message: '开始时间的格式不对' },
      { path: 'kind', message: '请选择会议类型' },
    ])
    expect(explain(S, { reason: '太长了太长了', count: 10, kind: 'a', own: '主题', geo: { lat: 91 } }).map((f) => f.message)).toEqual([
      '请假原因不能超过 5 个字',
      '人数不能大于 9',
      '纬度不能大于 90',
    ])
    expect(explain(S, { reason: '事假', count: 1.5, kind: 'a', own: '主题' }).map((f) => f.message)).toEqual(['人数的格式不对'])
    expect(explain(S, { reason: 5, count: '3', kind: 'a', own: '主题' }).map((f) => f.message)).toEqual(['请假原因的格式不对', '人数的格式不对'])
  })

  test('a message written into the schema is used as it is; a field without a name still reads as Chinese', () => {
    expect(explain(S, { reason: '事假', count: 1, kind: 'a', own: '主' })).toEqual([{ path: 'own', message: '请填写会议主题（至少 2 个字）' }])
    expect(explain(S, { reason: '事假', count: 1, kind: 'a', own: '主题', bare: 7 })).toEqual([{ path: 'bare', message: '这一项的格式不对' }])
  })

  test('extra keys: what to do, without naming them', () => {
    expect(explain(S, { reason: '事假', count: 1, kind: 'a', own: '主题', userId: 'x' })).toEqual([{ path: 'userId', message: UNKNOWN_KEYS_MESSAGE }])
  })

  test('names are found through optional, union and nested fields', () => {
    expect(labelAt(MeetingBodySchema, ['geofence', 'radiusM'])).toBe('签到范围半径')
    expect(labelAt(TransferBodySchema, ['fromOrg'])).toBe('原党组织')
    expect(labelAt(TransferBodySchema, ['toOrg', 'name'])).toBe('党组织全称')
    expect(labelAt(TransferBodySchema, ['nowhere'])).toBeNull()
    expect(explain(TransferBodySchema, { kind: 'mobile_out' }).slice(0, 3).map((f) => f.message)).toEqual(['请填写原党组织', '请填写接收党组织', '请填写原因'])
  })

  test('one shared schema under two names: a leave asks for 请假原因, a cancellation for 取消原因', () => {
    expect(explain(LeaveBodySchema, {})[0].message).toBe('请填写请假原因')
    expect(explain(CancelBodySchema, {})[0].message).toBe('请填写取消原因')
  })

  test('no message of the meeting form carries a Latin letter or a schema path', () => {
    const bad = { branchId: 'x', type: 'party', title: 1, location: null, startsAt: 'soon', endsAt: '', open: 'yes', capacity: -1, geofence: { lat: 'n', lng: 200, radiusM: 1 }, extra: true }
    const messages = explain(MeetingBodySchema, bad).map((f) => f.message)
    expect(messages.length).toBeGreaterThanOrEqual(10)
    for (const m of messages) expect(m).not.toMatch(/[A-Za-z]/)
  })
})
