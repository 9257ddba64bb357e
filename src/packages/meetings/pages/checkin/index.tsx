import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import PrivacyPopup from '@/components/PrivacyPopup'
import StateView from '@/components/StateView'
import { formatChina } from '@/domain/time'
import { ROUTES, goHome } from '@/utils/routes'
import { useCheckin } from './useCheckin'
import '../meeting.scss'

const hhmm = (iso: string) => formatChina(iso, 'HH:mm')

/** Where a scan (or a typed code) lands: says exactly what happened. */
export default function CheckinPage() {
  const c = useCheckin()

  if (!c.signedIn) return <StateView kind='loading' text='正在前往登录…' />
  if (c.busy && !c.failure) {
    // Still mounted while waiting: a geofenced sign-in may need the privacy popup first.
    return (
      <View>
        <StateView kind='loading' text='正在签到…' />
        <PrivacyPopup />
      </View>
    )
  }

  if (c.result) {
    const r = c.result
    return (
      <View className='page'>
        <View className='card' style={{ textAlign: 'center' }}>
          <Text className='mt-big mt-ok checkin__result'>{r.alreadyCheckedIn ? '已签到' : '签到成功'}</Text>
          <Text className='mt-line'>{r.meetingTitle}</Text>
          <Text className='mt-line'>{r.alreadyCheckedIn ? `你已于 ${hhmm(r.checkedInAt)} 签到，无需重复签到` : `签到时间 ${hhmm(r.checkedInAt)}${r.kind === 'guest' ? '（来宾）' : ''}`}</Text>
        </View>
        {/* What comes next: the meeting itself (agenda, place, minutes later), or home. */}
        <View className='result-actions'>
          <Button type='primary' block size='large' className='checkin__to-meeting' onClick={() => void Taro.redirectTo({ url: `${ROUTES.meetingDetail}?id=${r.meetingId}` })}>
            查看会议
          </Button>
          <Button type='primary' fill='outline' block size='large' className='checkin__to-home' onClick={() => void goHome()}>
            返回首页
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className='page'>
      <PrivacyPopup />
      {c.failure && (
        <View className='card' style={{ textAlign: 'center' }}>
          <Text className='mt-big mt-bad'>签到未成功</Text>
          <Text className='mt-line checkin__error'>{c.failure.message}</Text>
        </View>
      )}
      {c.canGuest ? (
        <View className='card'>
          <Text className='card-title'>以来宾身份签到</Text>
          <Input className='mt-input checkin__guest-name' value={c.guest.name} placeholder='姓名' maxLength={20} onChange={(v) => c.setGuest((g) => ({ ...g, name: v }))} />
          <Input className='mt-input checkin__guest-company' value={c.guest.company} placeholder='单位（选填）' maxLength={60} onChange={(v) => c.setGuest((g) => ({ ...g, company: v }))} />
          <Button type='primary' block size='large' className='checkin__guest-submit' loading={c.busy} disabled={c.busy} onClick={c.submitGuest}>
            来宾签到
          </Button>
        </View>
      ) : (
        <View className='card'>
          <Text className='card-title'>{c.pinMode ? '输入数字签到码' : '输入签到码'}</Text>
          <Text className='muted'>
            {c.pinMode ? '请看书记手机上二维码下方的 6 位数字，每 20 秒更换' : '相机扫不了时，请书记念出或出示签到码（二维码下方的一串字符）'}
          </Text>
          <Input
            className='mt-input checkin__input'
            value={c.input}
            placeholder={c.pinMode ? '6 位数字' : '签到码'}
            type={c.pinMode ? 'digit' : 'text'}
            maxLength={c.pinMode ? 7 : 200}
            onChange={(v) => c.setInput(v)}
            onConfirm={c.submit}
          />
          <Button type='primary' block size='large' className='checkin__submit' loading={c.busy} disabled={c.busy || !c.input.trim()} onClick={c.submit}>
            签到
          </Button>
        </View>
      )}
    </View>
  )
}
