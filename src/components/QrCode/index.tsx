import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import qrcode from 'qrcode-generator'
import { useMemo } from 'react'
import './index.scss'

/**
 * A QR code drawn with Views: the matrix comes from `qrcode-generator`, a pure-JS encoder that
 * needs nothing but ECMAScript (no TextEncoder, no canvas, no DOM — WeChat's phone engines have
 * none of them); each row is a run-length list of dark and light stretches (a few hundred nodes,
 * same on H5 and weapp).
 */

/** The encoder's byte mode takes one char per byte: hand it the UTF-8 bytes of the text. */
export function utf8Binary(text: string): string {
  let out = ''
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c < 0x80) out += ch
    else if (c < 0x800) out += String.fromCharCode(0xc0 | (c >> 6), 0x80 | (c & 63))
    else if (c < 0x10000) out += String.fromCharCode(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
    else out += String.fromCharCode(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63))
  }
  return out
}

/** The module matrix, row by row (true = dark). */
export function qrMatrix(value: string): boolean[][] {
  const qr = qrcode(0, 'M')
  qr.addData(utf8Binary(value), 'Byte')
  qr.make()
  const n = qr.getModuleCount()
  return Array.from({ length: n }, (_, y) => Array.from({ length: n }, (_, x) => qr.isDark(y, x)))
}
export default function QrCode({ value, size = 440 }: { value: string; size?: number }) {
  const rows = useMemo(() => {
    const matrix = qrMatrix(value)
    const n = matrix.length
    const out: { dark: boolean; len: number }[][] = []
    for (let y = 0; y < n; y++) {
      const runs: { dark: boolean; len: number }[] = []
      for (let x = 0; x < n; x++) {
        const dark = matrix[y][x]
        const last = runs[runs.length - 1]
        if (last && last.dark === dark) last.len++
        else runs.push({ dark, len: 1 })
      }
      out.push(runs)
    }
    return { n, out }
  }, [value])
  const quiet = 2
  const cell = Math.floor(size / (rows.n + quiet * 2))
  // Design pixels (750 wide) → rpx on weapp, rem on H5.
  const u = (n: number) => Taro.pxTransform(n)
  return (
    <View className='qr' style={{ width: u(cell * rows.n), height: u(cell * rows.n), padding: u(cell * quiet) }} data-qr-value={value}>
      {rows.out.map((runs, y) => (
        <View key={y} className='qr__row' style={{ height: u(cell) }}>
          {runs.map((r, i) => (
            <View key={i} className={r.dark ? 'qr__dark' : 'qr__light'} style={{ width: u(cell * r.len), height: u(cell) }} />
          ))}
        </View>
      ))}
    </View>
  )
}
