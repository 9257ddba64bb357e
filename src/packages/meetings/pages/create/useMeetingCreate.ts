import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { MeetingBodySchema, type MeetingType } from '@/domain/meetings'
import { HOUR_MS, addDays, chinaDate, chinaInstant, formatChina } from '@/domain/time'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { createMeeting, getMeeting, updateMeeting } from '@/services/meetings'
import { ApiError } from '@/services/request'
import { useMeStore } from '@/stores/me'
import { privacyDeclined } from '@/stores/privacy'
import { ROUTES } from '@/utils/routes'
import { explainIssues } from '@/domain/validation'


/**
 * The 发布 / 修改 (?id=) 组织生活 form's state: the secretary's branches, the fields (times typed in
 * Beijing time, sent as UTC), the place from the map or the phone, and submitting.
 */
export function useMeetingCreate() {
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
    if (!parsed.success) return setError(explainIssues(MeetingBodySchema, parsed.error.issues)[0]?.message ?? '请检查填写的内容')
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

  return {
    signedIn,
    editId,
    me,
    meError,
    reloadMe: () => load(true),
    branches,
    branchId,
    f,
    set: <K extends keyof typeof f>(k: K, value: (typeof f)[K]) => setF((x) => ({ ...x, [k]: value })),
    error,
    busy,
    pickPlace,
    submit,
  }
}
