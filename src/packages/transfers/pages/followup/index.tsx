import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { followUp } from '@/services/transfers'
import { formatDate } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import '../transfers.scss'

/** Pocket-member risks (letters expired without the transfer completing) and 流出 members out of touch. */
export default function FollowUpPage() {
  const signedIn = useRequireLogin()
  const [state, reload] = useRemote(signedIn ? followUp : null, [signedIn])
  useDidShow(() => signedIn && reload())
  usePullDownRefresh(() => {
    reload()
    Taro.stopPullDownRefresh()
  })
  if (!signedIn || state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={reload} />
  const { expired, lost } = state.data
  const open = (id: string) => Taro.navigateTo({ url: `${ROUTES.transferDetail}?id=${id}` })
  const call = (phone: string) => Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
  return (
    <View className='page followup'>
      {state.status === 'ready' && state.stale && <StaleNotice loadedAt={state.loadedAt} onRetry={reload} />}
      <View className='card'>
        <Text className='card-title'>{`介绍信过期未完成接转（${expired.length}）`}</Text>
        <Text className='muted'>这些人的组织关系可能“装在口袋里”：请联系本人，重新开具介绍信或完成接转。</Text>
        {expired.length === 0 && <Text className='line muted'>暂无</Text>}
        {expired.map((e) => (
          <View key={e.transferId} className='pick followup__expired' onClick={() => open(e.transferId)}>
            <Text className='line'>{`${e.applicantName} · ${e.kindLabel} · ${e.branchName}`}</Text>
            <Text className='line muted'>{`有效期至 ${formatDate(e.letterValidUntil)}，已过 ${e.daysSinceExpiry} 天`}</Text>
            <Text className='line muted' onClick={(ev) => (ev.stopPropagation(), call(e.contactPhone))}>{`电话 ${e.contactPhone}`}</Text>
          </View>
        ))}
      </View>
      <View className='card'>
        <Text className='card-title'>{`失联的流出党员（${lost.length}）`}</Text>
        <Text className='muted'>外出后 6 个月以上没有使用本应用的流出党员。</Text>
        {lost.length === 0 && <Text className='line muted'>暂无</Text>}
        {lost.map((l) => (
          <View key={l.transferId} className='pick followup__lost' onClick={() => open(l.transferId)}>
            <Text className='line'>{`${l.applicantName} · 去往 ${l.destination}`}</Text>
            <Text className='line muted'>{`失联 ${l.monthsLost} 个月（自 ${formatDate(l.lastSeenAt)} 起）`}</Text>
            <Text className='line muted' onClick={(ev) => (ev.stopPropagation(), call(l.contactPhone))}>{`电话 ${l.contactPhone}`}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}
