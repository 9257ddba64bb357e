import { Button, Input, Switch, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { MEETING_TYPES, MEETING_TYPE_LABELS, MeetingBodySchema, type MeetingType } from '@/domain/meetings'
import ErrorMessage from '@/components/ErrorMessage'
import StateView from '@/components/StateView'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { createMeeting } from '@/services/meetings'
import { ApiError } from '@/services/request'
import { useMeStore } from '@/stores/me'
import { ROUTES } from '@/utils/routes'
import '../meeting.scss'

const pad = (n: number) => String(n).padStart(2, '0')

/** 发布组织生活 (secretary). Times are typed in Beijing time and sent as UTC. */
export default function CreateMeetingPage() {
  const signedIn = useRequireLogin()
  const { data: me, load } = useMeStore()
  const branches = (me?.roles ?? []).filter((r) => r.role === 'secretary')
  const tomorrow = new Date(Date.now() + 86400_000)
  const [f, setF] = useState({
    branchId: '',
    type: 'theme_day' as MeetingType,
    title: '',
    location: '',
    date: `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}`,
    time: '14:00',
    hours: '2',
    open: false,
    agenda: '',
  })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (signedIn && !me) void load()
  }, [signedIn, me, load])
  const branchId = f.branchId || branches[0]?.orgId || ''

  async function submit() {
    setError(null)
    const start = new Date(`${f.date.trim()}T${f.time.trim()}:00+08:00`)
    const hours = Number(f.hours)
    if (Number.isNaN(start.getTime())) return setError('请按 2026-11-25 和 14:00 的格式填写日期和时间')
    const body = {
      branchId,
      type: f.type,
      title: f.title,
      location: f.location,
      startsAt: start.toISOString(),
      endsAt: new Date(start.getTime() + (Number.isFinite(hours) ? hours : 0) * 3600_000).toISOString(),
      open: f.open,
      ...(f.agenda.trim() ? { agenda: f.agenda } : {}),
    }
    const parsed = MeetingBodySchema.safeParse(body)
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容')
    setBusy(true)
    try {
      const m = await createMeeting(parsed.data)
      Taro.showToast({ title: '已发布', icon: 'success' })
      await Taro.redirectTo({ url: `${ROUTES.meetingDetail}?id=${m.id}` })
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '发布失败，请重试')
    } finally {
      setBusy(false)
    }
  }

  if (!signedIn || !me) return <StateView kind='loading' />
  if (branches.length === 0) return <StateView kind='empty' message='只有支部书记可以发布组织生活' />
  const input = (k: 'title' | 'location' | 'date' | 'time' | 'hours', placeholder: string) => (
    <Input className={`mt-input create__${k}`} value={f[k]} placeholder={placeholder} onInput={(e) => setF((x) => ({ ...x, [k]: e.detail.value }))} />
  )
  return (
    <View className='page'>
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
        <View className='mt-row'>
          <Text>开放式（群众、其他支部党员可签到）</Text>
          <Switch checked={f.open} color='#c8161d' onChange={(e) => setF((x) => ({ ...x, open: e.detail.value }))} />
        </View>
      </View>
      <Button className='btn-primary create__submit' loading={busy} disabled={busy} onClick={submit}>
        发布
      </Button>
    </View>
  )
}
