import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import { chinaDate } from '@/domain/time'

// Dates for people come from the one time module (src/domain/time.ts): the wire carries ISO-8601 UTC
// and YYYY-MM-DD; the phone shows Chinese-style dates on China's clock, as the server counts them.
dayjs.locale('zh-cn')

export { formatDate, formatDateTime } from '@/domain/time'

/** 早上好 (5–8) / 上午好 (9–11) / 中午好 (12–13) / 下午好 (14–17) / 晚上好, by the phone's own clock. */
export function greeting(now: Date = new Date()): string {
  const h = now.getHours()
  if (h >= 5 && h < 9) return '早上好'
  if (h >= 9 && h < 12) return '上午好'
  if (h >= 12 && h < 14) return '中午好'
  if (h >= 14 && h < 18) return '下午好'
  return '晚上好'
}

/** Today in China as YYYY-MM-DD: the "today" the shared date rules of src/domain compare against, as on the server. */
export function todayString(now: Date = new Date()): string {
  return chinaDate(now)
}
