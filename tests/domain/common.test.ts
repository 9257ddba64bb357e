import { isCleanText, line, lines } from '../../src/domain/common'

describe('the text the system accepts', () => {
  test('ordinary Chinese, punctuation, emoji and full-width space pass', () => {
    for (const s of ['张明', '车间 2 号线·先锋岗', '做表率😀', '全角　空格', '']) expect(isCleanText(s, false)).toBe(true)
  })
  test('NUL, other control characters and lone surrogate halves never pass', () => {
    for (const s of ['a\u0000b', 'a\u0007', '\u001b[31m', 'x\u007f', 'x\u0085', '\ud800', 'a\udc00b', '\udc00\ud800']) {
      expect(isCleanText(s, false)).toBe(false)
      expect(isCleanText(s, true)).toBe(false)
    }
  })
  test('line breaks and tabs: only in multi-line fields', () => {
    for (const s of ['a\nb', 'a\r\nb', 'a\tb', 'a\u2028b']) {
      expect(isCleanText(s, false)).toBe(false)
      expect(isCleanText(s, true)).toBe(true)
    }
  })
  test('line() and lines() trim, and keep min/max messages', () => {
    expect(line().min(2, '至少 2 个字').safeParse('  张明 ').data).toBe('张明')
    expect(line().min(2, '至少 2 个字').safeParse(' 张 ').error?.issues[0].message).toBe('至少 2 个字')
    expect(lines().safeParse('第一条\n第二条').data).toBe('第一条\n第二条')
    expect(line().safeParse('a\nb').error?.issues[0].message).toBe('不能包含换行或无法显示的控制字符')
  })
})
