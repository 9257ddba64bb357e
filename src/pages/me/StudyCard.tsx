import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { progressLabel, type StudySummary } from '@/domain/lessons'
import StateView from '@/components/StateView'
import type { Loaded } from '@/hooks/useRemote'
import { formatDate } from '@/utils/date'
import { ROUTES } from '@/utils/routes'

const minutes = (sec: number) => (sec < 60 ? `${sec} 秒` : sec < 3600 ? `${Math.floor(sec / 60)} 分钟` : `${Math.floor(sec / 3600)} 小时 ${Math.floor((sec % 3600) / 60)} 分`)

/** My study: totals and the last 8 weeks drawn as bars. No ranking, no quota. */
export default function StudyCard({ state, onRetry }: { state: Loaded<StudySummary>; onRetry: () => void }) {
  return (
    <View className='card study'>
      <Text className='card-title'>我的学习</Text>
      {state.status === 'loading' && <StateView kind='loading' />}
      {state.status === 'error' && <StateView kind='error' message={state.error.message} onRetry={onRetry} />}
      {state.status === 'ready' && <Summary s={state.data} />}
    </View>
  )
}

function Summary({ s }: { s: StudySummary }) {
  const max = Math.max(...s.weeks.map((w) => w.sec), 1)
  return (
    <View>
      <View className='study__totals'>
        <Stat value={minutes(s.totalSec)} label='累计学习' />
        <Stat value={minutes(s.thisMonthSec)} label='本月' />
        <Stat value={`${s.completedCount} 课`} label='已学完' cls='study__completed' />
      </View>
      <View className='study__chart' aria-label='最近 8 周学习时长'>
        {s.weeks.map((w) => (
          <View key={w.weekStart} className='study__col'>
            <View className='study__bar-wrap'>
              <View className='study__bar' style={{ height: `${Math.round((w.sec / max) * 100)}%` }} />
            </View>
            <Text className='study__week'>{formatDate(w.weekStart, 'M/D')}</Text>
          </View>
        ))}
      </View>
      <Text className='muted'>最近 8 周每周的学习时长（按服务端计入的实际学习时间）</Text>
      {s.recent.map((r) => (
        <View key={r.id} className='me__row study__recent' onClick={() => Taro.navigateTo({ url: `${ROUTES.lesson}?id=${r.id}` })}>
          <Text className='me__row-label'>{r.title}</Text>
          <Text className={`me__row-value${r.completed ? ' study__done' : ''}`}>{progressLabel(r, r.kind)}</Text>
        </View>
      ))}
      {s.recent.length === 0 && (
        <Text className='muted study__none' onClick={() => Taro.switchTab({ url: ROUTES.lessons })}>
          还没有学习记录，去「微党课」看看 ›
        </Text>
      )}
    </View>
  )
}

function Stat({ value, label, cls = '' }: { value: string; label: string; cls?: string }) {
  return (
    <View className={`study__stat ${cls}`}>
      <Text className='study__value'>{value}</Text>
      <Text className='muted'>{label}</Text>
    </View>
  )
}
