import {
  declarationProblems,
  idNumberProblem,
  maskIdNumber,
  maskName,
  partyAgeYears,
  type DeclarationBody,
} from '../../src/domain/identity'
import { addYears, isCalendarDate, wholeYearsBetween } from '../../src/domain/time'
import { idFor } from '../support/idnumber'


const TODAY = '2026-11-23'
const base: DeclarationBody = {
  realName: '张三',
  phone: '13800138000',
  joinedAt: '2015-07-01',
  memberType: 'full',
  branchId: '00000000-0000-4000-8000-000000000000',
}
const problems = (patch: Partial<DeclarationBody>) => declarationProblems({ ...base, ...patch }, TODAY)

describe('party age (党龄)', () => {
  test('counts whole years, changing on the join anniversary', () => {
    expect(partyAgeYears('2015-07-01', 'full', '2026-06-30')).toBe(10)
    expect(partyAgeYears('2015-07-01', 'full', '2026-07-01')).toBe(11)
    expect(partyAgeYears('2015-07-01', 'full', '2015-07-01')).toBe(0)
  })
  test('a member who joined on 29 February has an anniversary on 1 March in common years', () => {
    expect(wholeYearsBetween('2016-02-29', '2017-02-28')).toBe(0)
    expect(wholeYearsBetween('2016-02-29', '2017-03-01')).toBe(1)
  })
  test('probationary members have no party age yet', () => {
    expect(partyAgeYears('2026-06-01', 'probationary', TODAY)).toBeNull()
  })
})

describe('ID numbers', () => {
  test('a number with the right check character passes; any flipped digit fails', () => {
    const id = idFor('1990-03-07')
    expect(idNumberProblem(id)).toBeNull()
    for (let i = 0; i < 17; i++) {
      if (i >= 6 && i < 14) continue // birth-date digits may fail as a date instead; covered below
      const flipped = id.slice(0, i) + String((Number(id[i]) + 1) % 10) + id.slice(i + 1)
      expect(idNumberProblem(flipped)).toMatch(/校验位/)
    }
  })
  test('check character X', () => {
    let seq = 100
    let id = idFor('1985-12-31', String(seq))
    while (!id.endsWith('X')) id = idFor('1985-12-31', String(++seq))
    expect(idNumberProblem(id)).toBeNull()
    expect(idNumberProblem(id.slice(0, 17) + 'x')).not.toBeNull() // upper case only (the schema upper-cases input)
  })
  test('wrong length, letters, impossible birth dates', () => {
    expect(idNumberProblem('11010119900307123')).toMatch(/18 位/)
    expect(idNumberProblem('11010119900307123A')).toMatch(/18 位/)
    expect(idNumberProblem(idFor('1990-02-30'))).toMatch(/出生日期/)
  })
  test('masking keeps 4 + 4 characters', () => {
    expect(maskIdNumber('110101199003071234')).toBe('1101**********1234')
  })
})

describe('declaration rules', () => {
  test('a valid declaration has no problems', () => {
    expect(problems({})).toEqual([])
    expect(problems({ idNumber: idFor('1990-03-07') })).toEqual([])
  })
  test('join date not in the future, not before 1921-07-01', () => {
    expect(problems({ joinedAt: '2026-11-24' })[0].path).toBe('joinedAt')
    expect(problems({ joinedAt: TODAY })).toEqual([])
    expect(problems({ joinedAt: '1921-06-30' })[0].message).toContain('1921')
    expect(problems({ joinedAt: '1921-07-01' })).toEqual([])
  })
  test('a probationary member joined within the last 2 years', () => {
    expect(problems({ memberType: 'probationary', joinedAt: addYears(TODAY, -2) })).toEqual([])
    expect(problems({ memberType: 'probationary', joinedAt: '2024-11-22' })[0].path).toBe('memberType')
  })
  test('the ID number makes the person at least 18 at the join date', () => {
    expect(problems({ joinedAt: '2008-03-07', idNumber: idFor('1990-03-07') })).toEqual([])
    expect(problems({ joinedAt: '2008-03-06', idNumber: idFor('1990-03-07') })[0].message).toContain('18')
  })
  test('calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true)
    expect(isCalendarDate('2023-02-29')).toBe(false)
    expect(isCalendarDate('2023-2-1')).toBe(false)
  })
  test('hidden names keep the surname', () => {
    expect(maskName('张明')).toBe('张＊')
    expect(maskName('欧阳小明')).toBe('欧＊＊＊')
  })
})
