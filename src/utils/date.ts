import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'

// One place that formats dates for people (architecture.md): the wire carries ISO-8601 UTC
// and YYYY-MM-DD; the phone shows local, Chinese-style dates.
dayjs.locale('zh-cn')

/** '2019-07-01' or an ISO time → '2019年7月1日'; '' for missing or unreadable input. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return ''
  // dayjs reads a bare YYYY-MM-DD as a local calendar day (unlike Date, which takes it as UTC
  // midnight), so the day never shifts in time zones west of UTC.
  const d = dayjs(value)
  return d.isValid() ? d.format('YYYY年M月D日') : ''
}

/** ISO time → '2026年11月23日 14:05' in the phone's time zone. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return ''
  const d = dayjs(value)
  return d.isValid() ? d.format('YYYY年M月D日 HH:mm') : ''
}

/** 早上好 (5–8) / 上午好 (9–11) / 中午好 (12–13) / 下午好 (14–17) / 晚上好. */
export function greeting(now: Date = new Date()): string {
  const h = now.getHours()
  if (h >= 5 && h < 9) return '早上好'
  if (h >= 9 && h < 12) return '上午好'
  if (h >= 12 && h < 14) return '中午好'
  if (h >= 14 && h < 18) return '下午好'
  return '晚上好'
}

/** Today on the phone as YYYY-MM-DD: the "today" the shared date rules of src/domain compare against. */
export function todayString(now: Date = new Date()): string {
  return dayjs(now).format('YYYY-MM-DD')
}
