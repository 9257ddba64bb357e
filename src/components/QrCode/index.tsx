import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { create } from 'qrcode/lib/core/qrcode'
import { useMemo } from 'react'
import './index.scss'

/**
 * A QR code drawn with Views: the matrix comes from the maintained `qrcode` encoder, each row is
 * a run-length list of dark and light stretches (a few hundred nodes, no canvas, same on H5 and weapp).
 */
export default function QrCode({ value, size = 440 }: { value: string; size?: number }) {
  const rows = useMemo(() => {
    const { modules } = create(value, { errorCorrectionLevel: 'M' })
    const n = modules.size
    const out: { dark: boolean; len: number }[][] = []
    for (let y = 0; y < n; y++) {
      const runs: { dark: boolean; len: number }[] = []
      for (let x = 0; x < n; x++) {
        const dark = Boolean(modules.data[y * n + x])
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
