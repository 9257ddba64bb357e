import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { listTransfers } from '@/services/transfers'
import { formatDate } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import '../transfers.scss'

/** The member's own requests, newest first, each with what to do next. */
export default function MyTransfersPage() {
  const signedIn = useRequireLogin()
  const [state, reload] = useRemote(signedIn ? () => listTransfers('mine') : null, [signedIn])
  useDidShow(() => signedIn && reload())
  usePullDownRefresh(() => {
    reload()
    Taro.stopPullDownRefresh()
  })

  const newButton = (
    <Button type='primary' block size='large' className='transfers__new' onClick={() => Taro.navigateTo({ url: ROUTES.transferApply })}>
      新的申请
    </Button>
  )
  if (!signedIn || state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={reload} />
  const items = state.data.items
  return (
    <View className='page transfers'>
      {state.status === 'ready' && state.stale && <StaleNotice loadedAt={state.loadedAt} onRetry={reload} />}
      {items.length === 0 && <StateView kind='empty' message='还没有申请。工作单位变了要转接组织关系，外出务工要登记流动党员，都在这里办。' />}
      {items.map((t) => (
        <View key={t.id} className='card transfers__item' onClick={() => Taro.navigateTo({ url: `${ROUTES.transferDetail}?id=${t.id}` })}>
          <View className='row'>
            <Text className='card-title'>{`${t.kindLabel}：${t.toOrg.name}`}</Text>
            <Text className={`status status--${t.status}`}>{t.statusLabel}</Text>
          </View>
          <Text className='line muted'>{`提交于 ${formatDate(t.createdAt)} · 有效期至 ${formatDate(t.letterValidUntil)}`}</Text>
          <Text className='line'>{t.nextStep}</Text>
        </View>
      ))}
      {newButton}
    </View>
  )
}
