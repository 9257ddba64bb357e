import { Button, Input, Switch, Text, Textarea, View } from '@tarojs/components'
import { MEETING_TYPES, MEETING_TYPE_LABELS } from '@/domain/meetings'
import ErrorMessage from '@/components/ErrorMessage'
import PrivacyPopup from '@/components/PrivacyPopup'
import StateView from '@/components/StateView'
import { useMeetingCreate } from './useMeetingCreate'
import '../meeting.scss'

/** 发布 or 修改 (?id=) 组织生活 (secretary). */
export default function CreateMeetingPage() {
  const { signedIn, editId, me, meError, reloadMe, branches, branchId, f, set, error, busy, pickPlace, submit } = useMeetingCreate()
  if (!signedIn) return <StateView kind='loading' text='正在前往登录…' />
  if (!me) return meError ? <StateView kind='error' message={meError.message} onRetry={reloadMe} /> : <StateView kind='loading' />
  if (branches.length === 0) return <StateView kind='empty' message='只有支部书记可以发布组织生活' />
  const input = (k: 'title' | 'location' | 'date' | 'time' | 'hours' | 'lat' | 'lng' | 'radius', placeholder: string) => (
    <Input className={`mt-input create__${k}`} value={f[k]} placeholder={placeholder} onInput={(e) => set(k, e.detail.value)} />
  )
  return (
    <View className='page'>
      <PrivacyPopup />
      <ErrorMessage message={error} />
      <View className='card'>
        {branches.length > 1 &&
          branches.map((b) => (
            <Text key={b.orgId} className={`mt-choice${branchId === b.orgId ? ' mt-choice--on' : ''}`} onClick={() => set('branchId', b.orgId)}>
              {b.orgName}
            </Text>
          ))}
        <Text className='card-title'>类型</Text>
        {MEETING_TYPES.map((t) => (
          <Text key={t} className={`mt-choice${f.type === t ? ' mt-choice--on' : ''}`} onClick={() => set('type', t)}>
            {MEETING_TYPE_LABELS[t]}
          </Text>
        ))}
        {input('title', '主题，例如 十一月主题党日')}
        {input('location', '地点，例如 三楼会议室')}
        {input('date', '日期 2026-11-25')}
        {input('time', '开始时间 14:00（北京时间）')}
        {input('hours', '时长（小时）')}
        <Textarea className='mt-input' value={f.agenda} placeholder='议程（选填）' maxlength={2000} onInput={(e) => set('agenda', e.detail.value)} />
        <Text className='card-title' style={{ marginTop: '16px' }}>签到范围（选填）</Text>
        <Text className='muted'>设置后须在范围内定位才能签到</Text>
        <Button className='btn-plain' size='mini' onClick={pickPlace}>
          {process.env.TARO_ENV === 'weapp' ? '在地图上选点' : '使用当前位置'}
        </Button>
        {input('lat', '纬度，例如 31.298900')}
        {input('lng', '经度，例如 120.585300')}
        {input('radius', '半径（米，50–2000）')}
        <View className='mt-row'>
          <Text>开放式（群众、其他支部党员可签到）</Text>
          <Switch checked={f.open} color='#c8161d' onChange={(e) => set('open', e.detail.value)} />
        </View>
      </View>
      <Button className='btn-primary create__submit' loading={busy} disabled={busy} onClick={submit}>
        {editId ? '保存修改' : '发布'}
      </Button>
    </View>
  )
}
