import { Text } from '@tarojs/components'
import { formatDateTime } from '@/utils/date'
import './index.scss'

/**
 * Over a list whose refresh failed: what is shown is from `loadedAt` and may be out of date; a tap
 * retries. Ours, not NutUI's NoticeBar: that one scrolls and carries its own icons, and this sits on
 * tab pages in the main package, where every kilobyte counts.
 */
export default function StaleNotice({ loadedAt, onRetry }: { loadedAt: number; onRetry: () => void }) {
  return (
    <Text className='stale-notice' onClick={onRetry}>
      {`网络不给力：下面是 ${formatDateTime(new Date(loadedAt).toISOString())} 的内容，可能不是最新的。点此重试`}
    </Text>
  )
}
