import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatDateTime } from '@/domain/time'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import { listMeetings } from '@/services/meetings'
import { ROUTES } from '@/utils/routes'
import { useParkData } from '../../useParkData'
import '../park.scss'

/** 下级组织生活: every meeting of the branches a committee's admin or instructor oversees, read-only. */
export default function SupervisedMeetingsPage() {
  const { signedIn, state, reload } = useParkData(() => listMeetings('supervised'), [])
  if (!signedIn || state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={reload} />
  const { items } = state.data
  return (
    <View className='page'>
      {state.stale && <StaleNotice loadedAt={state.loadedAt} onRetry={reload} />}
      <Text className='muted'>各支部的组织生活，只读查看签到和会议记录；发布、补签由支部书记办理。</Text>
      {items.length === 0 && <StateView kind='empty' message='下级支部还没有发布组织生活' />}
      {items.map((m) => (
        <View key={m.id} className='card park-meeting' onClick={() => Taro.navigateTo({ url: `${ROUTES.meetingDetail}?id=${m.id}` })}>
          <Text className='park-tag'>{m.branchName}</Text>
          <Text className='card-title' style={{ display: 'block' }}>{m.title}</Text>
          <Text className='muted' style={{ display: 'block' }}>{`${m.typeLabel} · ${formatDateTime(m.startsAt)} · ${m.location}`}</Text>
          {m.cancelled && <Text className='park-warning'>已取消</Text>}
        </View>
      ))}
    </View>
  )
}
