import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { MEMBER_TYPE_LABELS } from '@/domain/enums'
import StateView from '@/components/StateView'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { getWall } from '@/services/identity'
import '../identity.scss'

/** A branch's 亮身份墙: the members who chose to be seen, with posts and pledges. */
export default function WallPage() {
  const signedIn = useRequireLogin()
  const branchId = useRouter().params.branchId ?? ''
  const [state, reload] = useRemote(signedIn && branchId ? () => getWall(branchId) : null, [signedIn, branchId])
  if (!branchId) return <StateView kind='empty' message='没有指定支部' />
  if (!signedIn || state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={reload} />
  const wall = state.data
  return (
    <View className='page'>
      <View className='card'>
        <Text className='card-title'>{wall.branchName}</Text>
        <Text className='muted'>{`${wall.items.length} 名党员亮出了身份`}</Text>
      </View>
      {wall.items.length === 0 && <StateView kind='empty' message='还没有党员上墙' />}
      {wall.items.map((m) => (
        <View key={m.memberId} className='card'>
          <View className='row'>
            <Text className='card-title'>{m.displayName}</Text>
            <Text className='muted'>{MEMBER_TYPE_LABELS[m.memberType]}</Text>
          </View>
          {m.posts.map((p) => (
            <Text key={p.id} className='badge'>{`${p.kindLabel}：${p.title}`}</Text>
          ))}
          {m.pledge && <Text style={{ display: 'block', marginTop: '8px' }}>{`承诺：${m.pledge}`}</Text>}
        </View>
      ))}
    </View>
  )
}
