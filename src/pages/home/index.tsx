import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { ROLE_LABELS } from '@/domain/enums'
import StateView from '@/components/StateView'
import ErrorMessage from '@/components/ErrorMessage'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { useAuthStore } from '@/stores/auth'
import { useMeStore } from '@/stores/me'
import { greeting } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import './index.scss'

export default function HomePage() {
  const signedIn = useRequireLogin()
  const { data, status, error, load } = useMeStore()

  // Every time the tab comes back: roles or membership may have changed meanwhile.
  useDidShow(() => {
    if (useAuthStore.getState().isSignedIn()) void load(true)
  })

  if (!signedIn) return <StateView kind='loading' text='正在前往登录…' />
  if (!data) {
    if (status === 'error' && error) return <StateView kind='error' message={error.message} onRetry={() => load(true)} />
    return <StateView kind='loading' />
  }

  const { user, member, roles } = data
  const name = member?.realName ?? user.nickname
  return (
    <View className='page home'>
      {error && <ErrorMessage message={error.message} />}
      <View className='card home__hello'>
        <Text className='home__greeting'>{`${greeting()}，${name}`}</Text>
        {member ? (
          <Text className='home__branch'>{member.branchName}</Text>
        ) : (
          <Text className='home__branch muted'>你还没有登记党员身份</Text>
        )}
        {roles.length > 0 && (
          <View className='home__roles'>
            {roles.map((r) => (
              <Text key={`${r.orgId}-${r.role}`} className='badge'>{`${ROLE_LABELS[r.role]} · ${r.orgName}`}</Text>
            ))}
          </View>
        )}
      </View>

      <View className='card home__entry' onClick={() => Taro.navigateTo({ url: ROUTES.orgSearch })}>
        <View className='home__entry-body'>
          <Text className='card-title'>组织查询</Text>
          <Text className='muted'>按名称查找党组织，查看上级组织</Text>
        </View>
        <Text className='home__arrow'>›</Text>
      </View>
    </View>
  )
}
