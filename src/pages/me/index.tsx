import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { MEMBER_TYPE_LABELS, ROLE_LABELS } from '@/domain/enums'
import StateView from '@/components/StateView'
import ErrorMessage from '@/components/ErrorMessage'
import { useAction } from '@/hooks/useAction'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { studySummary } from '@/services/lessons'
import { useAuthStore } from '@/stores/auth'
import { useMeStore } from '@/stores/me'
import { formatDate } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import StudyCard from './StudyCard'
import './index.scss'

export default function MePage() {
  const signedIn = useRequireLogin()
  const logout = useAuthStore((s) => s.logout)
  const everywhere = useAction()
  const { data, status, error, load } = useMeStore()
  const [study, reloadStudy] = useRemote(signedIn ? studySummary : null, [signedIn])

  useDidShow(() => {
    if (!useAuthStore.getState().isSignedIn()) return
    void load(true)
    reloadStudy()
  })

  // Clearing the session is enough: useRequireLogin sends the user to the login page.
  const logoutButton = (
    <Button className='btn-plain me__logout' onClick={logout}>
      退出登录
    </Button>
  )

  if (!signedIn) return <StateView kind='loading' text='正在前往登录…' />
  if (!data) {
    if (status === 'error' && error) {
      return (
        <View className='page'>
          <StateView kind='error' message={error.message} onRetry={() => load(true)} />
          {logoutButton}
        </View>
      )
    }
    return <StateView kind='loading' />
  }

  const { user, member, roles } = data
  return (
    <View className='page me'>
      {error && <ErrorMessage message={error.message} />}
      <View className='card me__profile'>
        <View className='me__avatar'>
          <Text>{Array.from(member?.realName ?? user.nickname).slice(-1).join('') || '我'}</Text>
        </View>
        <View className='me__who'>
          <Text className='me__name'>{member?.realName ?? user.nickname}</Text>
          {member ? (
            <Text className='me__branch'>{member.branchName}</Text>
          ) : (
            <Text className='me__branch muted'>{`微信昵称：${user.nickname}`}</Text>
          )}
        </View>
      </View>

      <View className='card'>
        <Text className='card-title'>党员信息</Text>
        {member ? (
          <View className='me__rows'>
            <Row label='所在支部' value={member.branchName} />
            <Row label='党员类别' value={MEMBER_TYPE_LABELS[member.memberType]} />
            <Row label='入党时间' value={formatDate(member.joinedAt)} />
            <Button className='btn-primary me__card' onClick={() => Taro.navigateTo({ url: ROUTES.card })}>
              我的电子党员证
            </Button>
          </View>
        ) : (
          <View>
            <Text className='muted me__not-member'>你还没有登记党员身份。登记并经所在支部审核通过后，这里会显示你的党员信息。</Text>
            <Button className='btn-plain me__declare' onClick={() => Taro.navigateTo({ url: ROUTES.declarations })}>
              亮身份申报 / 查看进度
            </Button>
          </View>
        )}
      </View>

      <StudyCard state={study} onRetry={reloadStudy} />

      <View className='card'>
        <Text className='card-title'>组织关系</Text>
        <Text className='muted'>工作单位或居住地变了要转接组织关系；外出不满 6 个月或没有固定地点的，登记为流动党员。</Text>
        <View className='me__links'>
          <Button className='btn-plain me__transfers' onClick={() => Taro.navigateTo({ url: ROUTES.transfers })}>
            转接与流动登记
          </Button>
          <Button className='btn-plain me__mobile-card' onClick={() => Taro.navigateTo({ url: ROUTES.mobileCard })}>
            流动党员活动证
          </Button>
        </View>
      </View>

      {roles.length > 0 && (
        <View className='card'>
          <Text className='card-title'>我的职务</Text>
          {roles.map((r) => (
            <Row key={`${r.orgId}-${r.role}`} label={ROLE_LABELS[r.role]} value={r.orgName} />
          ))}
          {roles
            .filter((r) => r.role === 'admin')
            .map((r) => (
              <Button key={`park-${r.orgId}`} className='btn-plain me__park' onClick={() => Taro.navigateTo({ url: `${ROUTES.parkTree}?orgId=${r.orgId}` })}>
                {`${r.orgName}：组织架构与任命`}
              </Button>
            ))}
        </View>
      )}
      <Button className='btn-plain me__accept' onClick={() => Taro.navigateTo({ url: ROUTES.parkAccept })}>
        接受任命（邀请链接或邀请码）
      </Button>

      {logoutButton}
      <ErrorMessage message={everywhere.error} />
      <Button
        className='btn-plain me__logout-all'
        loading={everywhere.busy === 'all'}
        disabled={everywhere.busy !== null}
        onClick={() => void everywhere.run('all', () => useAuthStore.getState().logoutEverywhere(), '已在所有设备上退出')}
      >
        在所有设备上退出
      </Button>
      <Text className='muted me__logout-hint'>手机丢了或换了手机时用：所有设备上的登录都会失效</Text>
    </View>
  )
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className='me__row'>
      <Text className='me__row-label'>{label}</Text>
      <Text className='me__row-value'>{value}</Text>
    </View>
  )
}
