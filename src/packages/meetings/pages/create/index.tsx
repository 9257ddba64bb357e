import { Button, Input, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { MEETING_TYPES, MEETING_TYPE_LABELS, MeetingBodySchema, type MeetingType } from '@/domain/meetings'
import { HOUR_MS, addDays, chinaDate, chinaInstant, formatChina } from '@/domain/time'
import ErrorMessage from '@/components/ErrorMessage'
import PrivacyPopup from '@/components/PrivacyPopup'
import StateView from '@/components/StateView'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { createMeeting, getMeeting, updateMeeting } from '@/services/meetings'
import { ApiError } from '@/services/request'
import { useMeStore } from '@/stores/me'
import { ROUTES } from '@/utils/routes'
import { privacyDeclined } from '@/stores/privacy'
import '../meeting.scss'

/** 发布 or 修改 (?id=) 组织生活 (secretary). Times are typed in Beijing time and sent as UTC. */
export default function CreateMeetingPage() {
  const signedIn = useRequireLogin()
  const editId = useRouter().params.id ?? ''
  const { data: me, error: meError, load } = useMeStore()
  const branches = (me?.roles ?? []).filter((r) => r.role === 'secretary')
  const [f, setF] = useState({
    branchId: '',
    type: 'theme_day' as MeetingType,
    title: '',
    location: '',
    date: addDays(chinaDate(), 1),
    time: '14:00',
    hours: '2',
    open: false,
    agenda: '',
    lat: '',
    lng: '',
    radius: '',
  })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (signedIn && !me) void load()
  }, [signedIn, me, load])
  const branchId = f.branchId || branches[0]?.orgId || ''

  // Editing: start from the meeting as it is.
  useEffect(() => {
    if (!signedIn || !editId) return
    getMeeting(editId).then(
      (m) => {
        setF({
          branchId: m.branchId,
          type: m.type,
          title: m.title,
          location: m.location,
          date: chinaDate(m.startsAt),
          time: formatChina(m.startsAt, 'HH:mm'),
          hours: String((Date.parse(m.endsAt) - Date.parse(m.startsAt)) / HOUR_MS),
          open: m.open,
          agenda: m.agenda ?? '',
          lat: m.geofence ? String(m.geofence.lat) : '',
          lng: m.geofence ? String(m.geofence.lng) : '',
          radius: m.geofence ? String(m.geofence.radiusM) : '',
        })
      },
      (err: unknown) => setError(err instanceof ApiError ? err.message : '读取会议失败'),
    )
  }, [signedIn, editId])

  /** On WeChat pick the place on a map; elsewhere use where the phone is. */
  async function pickPlace() {
    try {
      if (process.env.TARO_ENV === 'weapp') {
        const p = await Taro.chooseLocation({})
        setF((x) => ({ ...x, lat: p.latitude.toFixed(6), lng: p.longitude.toFixed(6), radius: x.radius || '200', location: x.location || p.name }))
      } else {
        const p = await Taro.getLocation({ type: 'gcj02' })
        setF((x) => ({ ...x, lat: p.latitude.toFixed(6), lng: p.longitude.toFixed(6), radius: x.radius || '200' }))
      }
    } catch (err) {
      setError(privacyDeclined(err) ? '没有同意隐私保护指引，无法读取位置：可以直接填写经纬度，或再点一次并选择同意' : '没有取得位置：请允许定位，或直接填写经纬度')
    }
  }

  async function submit() {
    setError(null)
    const start = chinaInstant(f.date.trim(), f.time.trim())
    const hours = Number(f.hours)
    if (Number.isNaN(start.getTime())) return setError('请按 2026-11-25 和 14:00 的格式填写日期和时间')
    const body = {
      branchId,
      type: f.type,
      title: f.title,
      location: f.location,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + (Number.isFinite(hours) ? hours : 0) * HOUR_MS).toISOString(),
      open: f.open,
      ...(f.agenda.trim() ? { agenda: f.agenda } : {}),
      ...(f.lat.trim() || f.lng.trim() || f.radius.trim() ? { geofence: { lat: Number(f.lat), lng: Number(f.lng), radiusM: Number(f.radius) } } : {}),
    }
    const parsed = MeetingBodySchema.safeParse(body)
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容')
    setBusy(true)
    try {
      const m = editId ? await updateMeeting(editId, parsed.data) : await createMeeting(parsed.data)
      Taro.showToast({ title: editId ? '已修改' : '已发布', icon: 'success' })
      await Taro.redirectTo({ url: `${ROUTES.meetingDetail}?id=${m.id}` })
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '发布失败，请重试')
    } finally {
      setBusy(false)
    }
  }

  if (!signedIn) return <StateView kind='loading' text='正在前往登录…' />
  if (!me) return meError ? <StateView kind='error' message={meError.message} onRetry={() => load(true)} /> : <StateView kind='loading' />
  if (branches.length === 0) return <StateView kind='empty' message='只有支部书记可以发布组织生活' />
  const input = (k: 'title' | 'location' | 'date' | 'time' | 'hours' | 'lat' | 'lng' | 'radius', placeholder: string) => (
    <Input className={`mt-input create__${k}`} value={f[k]} placeholder={placeholder} onInput={(e) => setF((x) => ({ ...x, [k]: e.detail.value }))} />
  )
  return (
    <View className='page'>
      <PrivacyPopup />
      <ErrorMessage message={error} />
      <View className='card'>
        {branches.length > 1 &&
          branches.map((b) => (
            <Text key={b.orgId} className={`mt-choice${branchId === b.orgId ? ' mt-choice--on' : ''}`} onClick={() => setF((x) => ({ ...x, branchId: b.orgId }))}>
              {b.orgName}
            </Text>
          ))}
        <Text className='card-title'>类型</Text>
        {MEETING_TYPES.map((t) => (
          <Text key={t} className={`mt-choice${f.type === t ? ' mt-choice--on' : ''}`} onClick={() => setF((x) => ({ ...x, type: t }))}>
            {MEETING_TYPE_LABELS[t]}
          </Text>
        ))}
        {input('title', '主题，例如 十一月主题党日')}
        {input('location', '地点，例如 三楼会议室')}
        {input('date', '日期 2026-11-25')}
        {input('time', '开始时间 14:00（北京时间）')}
        {input('hours', '时长（小时）')}
        <Textarea className='mt-input' value={f.agenda} placeholder='议程（选填）' maxlength={2000} onInput={(e) => setF((x) => ({ ...x, agenda: e.detail.value }))} />
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
          <Switch checked={f.open} color='#c8161d' onChange={(e) => setF((x) => ({ ...x, open: e.detail.value }))} />
        </View>
      </View>
      <Button className='btn-primary create__submit' loading={busy} disabled={busy} onClick={submit}>
        {editId ? '保存修改' : '发布'}
      </Button>
    </View>
  )
}
