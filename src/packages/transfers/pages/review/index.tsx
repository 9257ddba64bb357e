import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import type { TransferStatus } from '@/domain/transfers'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { listTransfers } from '@/services/transfers'
import { formatDate } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import '../transfers.scss'

const TABS: { status: TransferStatus | undefined; label: string }[] = [
  { status: 'submitted', label: '待审核' },
  { status: 'accepted', label: '已接收待完成' },
  { status: undefined, label: '全部' },
]

/** The secretary's queue: requests touching the branches in scope, overdue first. */
export default function TransferReviewPage() {
  const signedIn = useRequireLogin()
  const [tab, setTab] = useState(0)
  const [state, reload] = useRemote(signedIn ? () => listTransfers('review', TABS[tab].status) : null, [signedIn, tab])
  useDidShow(() => signedIn && reload())
  usePullDownRefresh(() => {
    reload()
    Taro.stopPullDownRefresh()
  })

  if (!signedIn) return <StateView kind='loading' />
  return (
    <View className='page transfer-review'>
      <View className='tabs'>
        {TABS.map((t, i) => (
          <Text key={t.label} className={`tabs__item${i === tab ? ' tabs__item--on' : ''}`} onClick={() => setTab(i)}>
            {t.label}
          </Text>
        ))}
        <Text className='tabs__item' onClick={() => Taro.navigateTo({ url: ROUTES.followUp })}>
          待跟进
        </Text>
      </View>
      {state.status === 'loading' && <StateView kind='loading' />}
      {state.status === 'error' && <StateView kind='error' message={state.error.message} onRetry={reload} />}
      {state.status === 'ready' && state.stale && <StaleNotice loadedAt={state.loadedAt} onRetry={reload} />}
      {state.status === 'ready' && state.data.items.length === 0 && <StateView kind='empty' message='没有需要处理的申请' />}
      {state.status === 'ready' &&
        state.data.items.map((t) => (
          <View key={t.id} className='card transfer-review__item' onClick={() => Taro.navigateTo({ url: `${ROUTES.transferDetail}?id=${t.id}` })}>
            <View className='row'>
              <Text className='card-title'>{`${t.kindLabel} · ${t.applicantName}`}</Text>
              <Text className={`status status--${t.overdue ? 'overdue' : t.status}`}>{t.overdue ? `逾期 · ${t.statusLabel}` : t.statusLabel}</Text>
            </View>
            <Text className='line muted'>{`${t.fromOrg.name} → ${t.toOrg.name}`}</Text>
            <Text className='line muted'>
              {`已等待 ${t.daysWaiting} 天 · 有效期至 ${formatDate(t.letterValidUntil)}${
                t.status === 'submitted' || t.status === 'accepted' ? `（${t.validityDaysLeft >= 0 ? `剩 ${t.validityDaysLeft} 天` : '已过'}）` : ''
              }`}
            </Text>
            {t.viewerRole === 'observer' && <Text className='line muted'>{t.nextStep}</Text>}
          </View>
        ))}
    </View>
  )
}
