import { creditCodeCheckChar, creditCodeProblem, CreditCodeSchema, coverageOf, orgWarnings, rate, InvitationCreateSchema, OrgCreateSchema } from '../../src/domain/park'

describe('统一社会信用代码 (GB 32100-2015)', () => {
  // Codes printed on real business licences (public records), each with its own check character.
  test.each(['91110108551385082Q', '91440300708461136T', '91330100799655058B', '911100001000044477'])('%s is valid', (code) => {
    expect(creditCodeProblem(code)).toBeNull()
    expect(creditCodeCheckChar(code.slice(0, 17))).toBe(code[17])
  })

  test('every other 18th character is refused, naming the check digit', () => {
    const base = '91110108551385082'
    const others = '0123456789ABCDEFGHJKLMNPQRTUWXY'.split('').filter((c) => c !== 'Q')
    for (const c of others) expect(creditCodeProblem(base + c)).toBe('统一社会信用代码的校验位不对，请对照营业执照逐位核对')
  })

  test('length, letters outside the set and a non-numeric region code each get their own reason', () => {
    expect(creditCodeProblem('9111010855138508')).toBe('统一社会信用代码应为 18 位，现在是 16 位')
    expect(creditCodeProblem('91110108551385082O')).toContain('不能有“O”')
    expect(creditCodeProblem('91AB0108551385082Q')).toContain('行政区划代码')
  })

  test('the schema trims and upper-cases before checking', () => {
    expect(CreditCodeSchema.parse(' 91110108551385082q ')).toBe('91110108551385082Q')
    expect(CreditCodeSchema.safeParse('91110108551385082A').success).toBe(false)
  })
})

describe('coverage and the rules of the tree', () => {
  test('coverage is derived from the branch kind, else an instructor', () => {
    expect(coverageOf('independent', true)).toBe('own')
    expect(coverageOf('joint', false)).toBe('joint')
    expect(coverageOf('affiliated', false)).toBe('joint')
    expect(coverageOf(null, true)).toBe('instructor')
    expect(coverageOf(null, false)).toBe('none')
  })

  test('warnings: an 独立 branch under 3 full members, a 联合 one over 5 units; none for a committee', () => {
    expect(orgWarnings({ type: 'branch', branchKind: 'independent', formed: false, fullMembers: 2, enterprises: 1 })).toEqual(['还有 2 名正式党员，满 3 名才能正式组建独立党支部'])
    expect(orgWarnings({ type: 'branch', branchKind: 'independent', formed: true, fullMembers: 3, enterprises: 1 })).toEqual([])
    expect(orgWarnings({ type: 'branch', branchKind: 'joint', formed: false, fullMembers: 0, enterprises: 5 })).toEqual([])
    expect(orgWarnings({ type: 'branch', branchKind: 'joint', formed: false, fullMembers: 0, enterprises: 6 })).toEqual(['联合党支部一般不超过 5 家单位，现在有 6 家'])
    expect(orgWarnings({ type: 'committee', branchKind: null, formed: false, fullMembers: 0, enterprises: 9 })).toEqual([])
  })

  test('rates: one decimal, and no rate of an empty ledger', () => {
    expect(rate(1, 3)).toBe(33.3)
    expect(rate(2, 3)).toBe(66.7)
    expect(rate(0, 0)).toBeNull()
  })

  test('a branch needs its kind; nothing else has one', () => {
    const id = '00000000-0000-4000-8000-000000000001'
    expect(OrgCreateSchema.safeParse({ parentId: id, name: '某支部', type: 'branch' }).success).toBe(false)
    expect(OrgCreateSchema.safeParse({ parentId: id, name: '某总支', type: 'general_branch', branchKind: 'joint' }).success).toBe(false)
    expect(OrgCreateSchema.safeParse({ parentId: id, name: '某总支', type: 'general_branch' }).success).toBe(true)
  })

  test('invitations: a secretary has a title, an instructor covers something, nobody else does either', () => {
    const id = '00000000-0000-4000-8000-000000000001'
    const paths = (v: object) => {
      const r = InvitationCreateSchema.safeParse(v)
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'))
    }
    expect(paths({ role: 'secretary', orgId: id, inviteeName: '林某' })).toEqual(['title'])
    expect(paths({ role: 'admin', orgId: id, inviteeName: '林某', title: '书记' })).toEqual(['title'])
    expect(paths({ role: 'instructor', orgId: id, inviteeName: '林某' })).toEqual(['enterpriseIds'])
    expect(paths({ role: 'admin', orgId: id, inviteeName: '林某', enterpriseIds: [id] })).toEqual(['enterpriseIds'])
    expect(paths({ role: 'instructor', orgId: id, inviteeName: '林某', enterpriseIds: [id] })).toEqual([])
  })
})
