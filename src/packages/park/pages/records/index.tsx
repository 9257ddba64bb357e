import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { DECLARATION_STATUS_LABELS } from '@/domain/enums'
import { formatDate } from '@/domain/time'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import { supervisedDeclarations, supervisedTransfers } from '@/services/park'
import { ROUTES } from '@/utils/routes'
import { useParkData } from '../../useParkData'
import '../park.scss'

type Tab = 'declarations' | 'transfers'

/**
 * 下级亮身份与接转: the declarations and transfers of every branch a committee's admin or instructor
 * oversees, newest first, read-only (phones masked). Reviewing stays with each branch's secretary.
 */
export default function RecordsPage() {
  const [tab, setTab] = useState<Tab>('declarations')
  const { signedIn, state, reload } = useParkData(
    async () => ({ tab, items: tab === 'declarations' ? (await supervisedDeclarations()).items : (await supervisedTransfers()).items }),
    [tab],
  )
  return (
    <View className='page'>
      <View className='park-filter'>
        {(
          [
            ['declarations', '亮身份申报'],
            ['transfers', '组织关系接转'],
          ] as const
        ).map(([value, label]) => (
          <Text key={value} className={`park-filter__item park-records-${value}${tab === value ? ' park-filter__item--on' : ''}`} onClick={() => setTab(value)}>
            {label}
          </Text>
        ))}
      </View>
      <Text className='muted'>只读查看：审核、接收由各支部书记办理；手机号打码。</Text>
      {!signedIn || state.status === 'loading' ? (
        <StateView kind='loading' />
      ) : state.status === 'error' ? (
        <StateView kind='error' message={state.error.message} onRetry={reload} />
      ) : (
        <View>
          {state.stale && <StaleNotice loadedAt={state.loadedAt} onRetry={reload} />}
          {state.data.items.length === 0 && <StateView kind='empty' message={tab === 'declarations' ? '下级支部还没有亮身份申报' : '下级支部还没有组织关系接转'} />}
          {state.data.tab === 'declarations' &&
            (state.data.items as Awaited<ReturnType<typeof supervisedDeclarations>>['items']).map((d) => (
              <View key={d.id} className='card park-record'>
                <View className='row'>
                  <Text className='card-title'>{d.realName}</Text>
                  <Text className={`status status--${d.status}`}>{DECLARATION_STATUS_LABELS[d.status]}</Text>
                </View>
                <Text className='muted' style={{ display: 'block' }}>{`${d.branchName} · ${d.phoneMasked} · ${formatDate(d.createdAt)} 提交`}</Text>
                {d.status === 'pending' && d.daysWaiting > 0 && <Text className='park-warning'>{`已等待 ${d.daysWaiting} 天`}</Text>}
              </View>
            ))}
          {state.data.tab === 'transfers' &&
            (state.data.items as Awaited<ReturnType<typeof supervisedTransfers>>['items']).map((t) => (
              <View key={t.id} className='card park-record' onClick={() => Taro.navigateTo({ url: `${ROUTES.transferDetail}?id=${t.id}` })}>
                <View className='row'>
                  <Text className='card-title'>{`${t.applicantName} · ${t.kindLabel}`}</Text>
                  <Text className='muted'>{t.statusLabel}</Text>
                </View>
                <Text className='muted' style={{ display: 'block' }}>{`${t.fromOrg.name} → ${t.toOrg.name}`}</Text>
              </View>
            ))}
        </View>
      )}
    </View>
  )
}
