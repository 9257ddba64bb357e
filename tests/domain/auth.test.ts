import { DevLoginBodySchema, OPENID_PATTERN, WechatLoginBodySchema } from '../../src/domain/auth'
import { PageQuerySchema } from '../../src/domain/common'
import { DEMO_ACCOUNTS } from '../../src/domain/demo'
import { OrgSearchQuerySchema } from '../../src/domain/orgs'

describe('login bodies (shared by the login page and the server)', () => {
  test('every demo account is a valid openid', () => {
    for (const a of DEMO_ACCOUNTS) expect(DevLoginBodySchema.safeParse({ openid: a.openid }).success).toBe(true)
  })

  test.each(['', 'with space', 'semi;colon', '中文', 'x'.repeat(65)])('rejects openid %j', (openid) => {
    expect(OPENID_PATTERN.test(openid)).toBe(false)
    expect(DevLoginBodySchema.safeParse({ openid }).success).toBe(false)
  })

  test('unknown fields are refused, not ignored', () => {
    expect(DevLoginBodySchema.safeParse({ openid: 'a', role: 'admin' }).success).toBe(false)
    expect(WechatLoginBodySchema.safeParse({ code: 'c', openid: 'x' }).success).toBe(false)
  })

  test('a nickname is trimmed and bounded', () => {
    expect(DevLoginBodySchema.parse({ openid: 'a', nickname: '  张三 ' }).nickname).toBe('张三')
    expect(DevLoginBodySchema.safeParse({ openid: 'a', nickname: '   ' }).success).toBe(false)
    expect(DevLoginBodySchema.safeParse({ openid: 'a', nickname: '长'.repeat(33) }).success).toBe(false)
  })
})

describe('list queries', () => {
  test('limit defaults to 20 and is bounded to 1–100', () => {
    expect(PageQuerySchema.parse({}).limit).toBe(20)
    expect(PageQuerySchema.parse({ limit: '100' }).limit).toBe(100)
    for (const limit of ['0', '101', '1.5', 'x']) expect(PageQuerySchema.safeParse({ limit }).success).toBe(false)
  })

  test('org search: q is trimmed, at most 50 characters, with a Chinese message', () => {
    expect(OrgSearchQuerySchema.parse({ q: '  星火 ' }).q).toBe('星火')
    const res = OrgSearchQuerySchema.safeParse({ q: '党'.repeat(51) })
    expect(res.success).toBe(false)
    expect(res.error?.issues[0].message).toBe('搜索词不能超过 50 个字')
  })
})
