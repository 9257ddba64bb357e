import { appLink, parseAppLink, readCheckinInput } from '../../src/domain/links'

const code = 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-xy'
const branch = '0b6a7c1e-8f57-4c2a-9d1e-3f4a5b6c7d8e'

describe('QR links', () => {
  test('the three links are paths on the public base, ready for a link rule', () => {
    expect(appLink('https://dj.example.com', 'checkin', code)).toBe(`https://dj.example.com/s/${code}`)
    expect(appLink('https://dj.example.com/', 'verify', code)).toBe(`https://dj.example.com/v/${code}`)
    expect(appLink('https://dj.example.com', 'declare', branch)).toBe(`https://dj.example.com/b/${branch}`)
  })

  test('a link reads back as what it carries, whatever the host', () => {
    for (const kind of ['checkin', 'verify', 'declare'] as const) {
      const value = kind === 'declare' ? branch : code
      expect(parseAppLink(appLink('https://dj.example.com', kind, value))).toEqual({ kind, value })
      expect(parseAppLink(` ${appLink('http://192.168.1.20:3000', kind, value)}/ `)).toEqual({ kind, value })
    }
    // WeChat may add its own query to a scanned link.
    expect(parseAppLink(`https://dj.example.com/s/${code}?scancode_time=1733100000`)).toEqual({ kind: 'checkin', value: code })
  })

  test('the hash links printed before still work', () => {
    expect(parseAppLink(`http://127.0.0.1:3000/#/packages/meeting/pages/checkin/index?code=${code}`)).toEqual({ kind: 'checkin', value: code })
    expect(parseAppLink(`http://127.0.0.1:3000/#/packages/meetings/pages/checkin/index?code=${code}`)).toEqual({ kind: 'checkin', value: code })
    expect(parseAppLink(`https://x.cn/#/packages/identity/pages/verify/index?code=${code}`)).toEqual({ kind: 'verify', value: code })
    expect(parseAppLink(`https://x.cn/#/packages/identity/pages/declare/index?branchId=${branch}&branchName=%E6%98%9F`)).toEqual({ kind: 'declare', value: branch })
  })

  test('what is not ours is null: other sites, other paths, characters a code never has', () => {
    for (const text of [
      'https://weixin.qq.com/r/abc',
      'https://dj.example.com/x/abc',
      `https://dj.example.com/s/${code}/extra`,
      'https://dj.example.com/s/a&b=c',
      'https://dj.example.com/s/',
      '这是一段文字',
      `/s/${code}`,
      '',
    ]) {
      expect(parseAppLink(text)).toBeNull()
    }
  })

  test('the check-in field takes a link or a bare code, and nothing else', () => {
    expect(readCheckinInput(code)).toEqual({ kind: 'checkin', value: code })
    expect(readCheckinInput(`https://dj.example.com/s/${code}`)).toEqual({ kind: 'checkin', value: code })
    expect(readCheckinInput(`https://dj.example.com/v/${code}`)).toEqual({ kind: 'verify', value: code })
    expect(readCheckinInput('abc#def')).toBeNull()
    expect(readCheckinInput('https://weixin.qq.com/r/abc')).toBeNull()
  })
})
