import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { INVITATION_STATUS_LABELS } from '@/domain/park'
import { formatDateTime } from '@/domain/time'
import ErrorMessage from '@/components/ErrorMessage'
import StateView from '@/components/StateView'
import TextField from '@/components/TextField'
import { useAccept } from './useAccept'
import '../park.scss'

/** 接受任命: opened from the invitation's QR or link, or by pasting it. */
export default function AcceptPage() {
  const a = useAccept()
  if (!a.signedIn) return <StateView kind='loading' text='正在前往登录…' />
  if (!a.code) {
    return (
      <View className='page'>
        <View className='card'>
          <Text className='card-title'>接受任命</Text>
          <Text className='muted'>扫描管理员出示的任命二维码即可。收到的是链接或邀请码？粘贴到下面：</Text>
          <TextField name='invite-code' label='邀请链接或邀请码' value={a.typed} hint={a.pasteError ?? undefined} maxlength={300} onChange={a.setTyped} />
        </View>
        <Button block type='primary' className='park-open' disabled={!a.typed.trim()} onClick={a.submitPasted}>
          打开邀请
        </Button>
      </View>
    )
  }
  if (a.state.status === 'loading') return <StateView kind='loading' />
  if (a.state.status === 'error') return <StateView kind='error' message={a.state.error.message} onRetry={a.reload} />
  const p = a.accepted ?? a.state.data
  const mine = p.acceptedByYou
  return (
    <View className='page'>
      <View className='card park-offer'>
        <Text className='card-title'>{`${p.inviteeName}，你被任命为`}</Text>
        <Text className='park-node__name' style={{ display: 'block' }}>{`${p.orgName} ${p.roleLabel}`}</Text>
        {p.covers.length > 0 && <Text className='muted' style={{ display: 'block' }}>{`负责：${p.covers.join('、')}`}</Text>}
        <Text className='muted' style={{ display: 'block' }}>
          {mine ? '你已接受这项任命。' : p.status === 'pending' ? `${formatDateTime(p.expiresAt)} 前有效；接受后这项任命绑定到你当前的微信账号。` : `这份邀请${INVITATION_STATUS_LABELS[p.status]}，不能再接受。`}
        </Text>
      </View>
      <ErrorMessage message={a.error} />
      {mine ? (
        <Button block type='primary' className='park-home' onClick={a.home}>
          回到首页
        </Button>
      ) : (
        p.status === 'pending' && (
          <Button block type='primary' className='park-accept' loading={a.busy} onClick={() => void a.accept()}>
            接受任命
          </Button>
        )
      )}
      {!mine && p.status !== 'pending' && <Text className='muted'>请联系发出邀请的管理员重新邀请。</Text>}
    </View>
  )
}
