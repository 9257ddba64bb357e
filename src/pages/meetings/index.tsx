import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { MY_STATUS_LABELS, type Meeting } from '@/domain/meetings'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { parseAppLink } from '@/domain/links'
import { listMeetings } from '@/services/meetings'
import { useMeStore } from '@/stores/me'
import { formatDateTime } from '@/utils/date'
import { ROUTES, linkPage } from '@/utils/routes'
import './index.scss'

/** 组织生活 tab: my branch's sessions (upcoming first) and open sessions of other branches. */
export default function MeetingsPage() {
  const signedIn = useRequireLogin()
  const [scope, setScope] = useState<'mine' | 'open'>('mine')
  const [state, reload] = useRemote(signedIn ? () => listMeetings(scope) : null, [signedIn, scope])
  const me = useMeStore((s) => s.data)
  const isSecretary = Boolean(me?.roles.some((r) => r.role === 'secretary'))
  useDidShow(() => {
    if (!signedIn) return
    reload()
    void useMeStore.getState().load()
  })
  usePullDownRefresh(() => {
    reload()
    Taro.stopPullDownRefresh()
  })

  async function scan() {
    if (process.env.TARO_ENV !== 'weapp') return Taro.navigateTo({ url: ROUTES.checkin })
    let scanned: string
    try {
      scanned = (await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })).result
    } catch {
      // Cancelled, or the camera failed: typing the code always works.
      return Taro.navigateTo({ url: ROUTES.checkin })
    }
    // Ours: a sign-in code, or a member card / branch QR scanned here by mistake — open what it is.
    const link = parseAppLink(scanned)
    if (link) return Taro.navigateTo({ url: linkPage(link) })
    const { confirm } = await Taro.showModal({
      title: '这不是本应用的二维码',
      content: '请扫描书记手机上的签到码。扫不了时，可以输入二维码下方的签到码。',
      confirmText: '手动输入',
      cancelText: '重新扫码',
    })
    if (confirm) return Taro.navigateTo({ url: ROUTES.checkin })
    return scan()
  }

  if (!signedIn) return <StateView kind='loading' text='正在前往登录…' />
  return (
    <View className='page meetings'>
      <View className='meetings__actions'>
        <Button className='btn-primary meetings__scan' onClick={scan}>
          扫码签到
        </Button>
        <Button className='btn-plain meetings__enter' onClick={() => Taro.navigateTo({ url: ROUTES.checkin })}>
          输入签到码
        </Button>
      </View>
      {isSecretary && (
        <Button className='btn-plain meetings__create' onClick={() => Taro.navigateTo({ url: ROUTES.meetingCreate })}>
          发布组织生活
        </Button>
      )}
      <View className='meetings__tabs'>
        {(['mine', 'open'] as const).map((s) => (
          <Text key={s} className={`meetings__tab${scope === s ? ' meetings__tab--on' : ''}`} onClick={() => setScope(s)}>
            {s === 'mine' ? '本支部' : '开放式组织生活'}
          </Text>
        ))}
      </View>
      {state.status === 'loading' && <StateView kind='loading' />}
      {state.status === 'error' && <StateView kind='error' message={state.error.message} onRetry={reload} />}
      {state.status === 'ready' && state.stale && <StaleNotice loadedAt={state.loadedAt} onRetry={reload} />}
      {state.status === 'ready' && state.data.items.length === 0 && (
        <StateView kind='empty' message={scope === 'mine' ? '本支部还没有组织生活安排' : '暂时没有开放式组织生活'} />
      )}
      {state.status === 'ready' && state.data.items.map((m) => <MeetingItem key={m.id} m={m} />)}
    </View>
  )
}

function MeetingItem({ m }: { m: Meeting }) {
  return (
    <View className='card meetings__item' onClick={() => Taro.navigateTo({ url: `${ROUTES.meetingDetail}?id=${m.id}` })}>
      <View className='meetings__row'>
        <Text className='card-title'>{m.title}</Text>
        {m.cancelled ? <Text className='meetings__status meetings__status--off'>已取消</Text> : m.myStatus && <Text className={`meetings__status meetings__status--${m.myStatus}`}>{MY_STATUS_LABELS[m.myStatus]}</Text>}
      </View>
      <Text className='muted meetings__line'>{`${m.typeLabel}${m.open ? ' · 开放式' : ''} · ${m.branchName}`}</Text>
      <Text className='muted meetings__line'>{`${formatDateTime(m.startsAt)} · ${m.location}`}</Text>
    </View>
  )
}
