import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { MEMBER_TYPE_LABELS } from '@/domain/enums'
import StateView from '@/components/StateView'
import { useRemote } from '@/hooks/useRemote'
import { verifyCard } from '@/services/identity'
import { formatDateTime } from '@/utils/date'
import { linkValue } from '@/utils/routes'
import '../identity.scss'

/** Public verification: no login. 有效 with what the member chose to show, or 无效. */
export default function VerifyPage() {
  const code = linkValue(useRouter().params, 'verify')
  const [state, reload] = useRemote(code ? () => verifyCard(code) : null, [code])

  if (!code) return <StateView kind='empty' message='链接中没有验证码，请重新扫描党员证上的二维码' />
  if (state.status === 'loading') return <StateView kind='loading' text='正在验证…' />
  if (state.status === 'error') {
    if (state.error.code === 'CARD_INVALID') {
      return (
        <View className='page'>
          <View className='card verdict verdict--invalid'>
            <Text className='verdict__mark'>无效</Text>
            <Text className='muted'>{state.error.message}</Text>
          </View>
        </View>
      )
    }
    return <StateView kind='error' message={state.error.message} onRetry={reload} />
  }
  const r = state.data
  return (
    <View className='page'>
      <View className='card verdict verdict--valid'>
        <Text className='verdict__mark'>有效</Text>
        <Text className='muted'>{`验证时间 ${formatDateTime(r.checkedAt)}`}</Text>
      </View>
      <View className='card'>
        <Text className='card-title verify__name'>{r.displayName}</Text>
        <Text style={{ display: 'block' }}>{MEMBER_TYPE_LABELS[r.memberType]}</Text>
        {r.branchName && <Text style={{ display: 'block' }}>{r.branchName}</Text>}
        {r.posts.map((p) => (
          <Text key={p.id} className='badge'>{`${p.kindLabel}：${p.title}`}</Text>
        ))}
        {r.pledge && <Text style={{ display: 'block', marginTop: '12px' }}>{`承诺：${r.pledge}`}</Text>}
      </View>
    </View>
  )
}
