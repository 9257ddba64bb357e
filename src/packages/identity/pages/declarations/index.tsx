import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useDidShow } from '@tarojs/taro'
import { DECLARATION_STATUS_LABELS } from '@/domain/identity'
import { MEMBER_TYPE_LABELS } from '@/domain/enums'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { listDeclarations } from '@/services/identity'
import { formatDate, formatDateTime } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import '../identity.scss'

/** 我的申报: status of each declaration, the reason when not approved, and what to do next. */
export default function MyDeclarationsPage() {
  const signedIn = useRequireLogin()
  const [state, reload] = useRemote(signedIn ? () => listDeclarations('mine') : null, [signedIn])
  useDidShow(() => signedIn && reload())

  if (!signedIn || state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={reload} />
  const items = state.data.items
  const pending = items.some((d) => d.status === 'pending')
  const approved = items.some((d) => d.status === 'approved')
  return (
    <View className='page'>
      {state.status === 'ready' && state.stale && <StaleNotice loadedAt={state.loadedAt} onRetry={reload} />}
      {items.length === 0 && <StateView kind='empty' message='你还没有提交过亮身份申报' />}
      {items.map((d) => (
        <View key={d.id} className='card declaration'>
          <View className='row'>
            <Text className='card-title'>{d.branchName}</Text>
            <Text className={`status status--${d.status}`}>{DECLARATION_STATUS_LABELS[d.status]}</Text>
          </View>
          <Text className='muted'>{`${d.realName} · ${MEMBER_TYPE_LABELS[d.memberType]} · 入党时间 ${formatDate(d.joinedAt)}`}</Text>
          <Text className='muted' style={{ display: 'block' }}>{`提交于 ${formatDateTime(d.createdAt)}`}</Text>
          {d.status === 'pending' && <Text style={{ display: 'block', marginTop: '8px' }}>{`已等待 ${d.daysWaiting} 天，请耐心等待支部书记审核。`}</Text>}
          {d.status === 'rejected' && <Text className='field__hint'>{`未通过原因：${d.rejectReason}`}</Text>}
        </View>
      ))}
      {approved && (
        <Button type='primary' block size='large' onClick={() => Taro.redirectTo({ url: ROUTES.card })}>
          查看我的电子党员证
        </Button>
      )}
      {!pending && !approved && (
        <Button type='primary' block size='large' onClick={() => Taro.redirectTo({ url: ROUTES.declare })}>
          {items.length ? '重新申报' : '去申报'}
        </Button>
      )}
    </View>
  )
}
