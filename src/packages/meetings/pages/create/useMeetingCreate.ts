import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { MEETING_TYPES, MEETING_TYPE_LABELS, MeetingBodySchema, type MeetingBody, type MeetingType, type Place } from '@/domain/meetings'
import { HOUR_MS, addDays, chinaDate, chinaInstant, formatChina } from '@/domain/time'
import { explainIssues, type FieldProblem } from '@/domain/validation'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { createMeeting, getMeeting, listPlaces, updateMeeting } from '@/services/meetings'
import { subscribe, subscribeTemplates } from '@/services/todo'
import { ApiError, errorText } from '@/services/request'
import { useMeStore } from '@/stores/me'
import { privacyDeclined } from '@/stores/privacy'
import { ROUTES } from '@/utils/routes'

/** The radii a secretary chooses from (metres), within GEOFENCE_RADIUS_M. */
export const RADII = [100, 200, 500, 1000] as const

type Form = {
  branchId: string
  type: MeetingType
  title: string
  location: string
  /** YYYY-MM-DD and HH:mm in Beijing time, from the pickers. */
  date: string
  time: string
  hours: string
  open: boolean
  agenda: string
  /** The sign-in area: a place picked on the map (or the phone's position) and a radius; null = anywhere. */
  place: { lat: number; lng: number; name: string } | null
  radius: number
}

/** Where on the form each part of the request body is entered. */
function fieldOf(path: string): string {
  const top = path.split('.')[0]
  if (top === 'startsAt') return 'date'
  if (top === 'endsAt') return 'hours'
  if (top === 'geofence') return 'place'
  return top
}

/** The request body for the form as it is, and what is wrong with it (by form field). */
function check(f: Form, branchId: string): { body: MeetingBody | null; problems: FieldProblem[] } {
  const start = chinaInstant(f.date.trim(), f.time.trim())
  if (Number.isNaN(start.getTime())) return { body: null, problems: [{ path: 'date', message: '请选择日期和开始时间' }] }
  const hours = Number(f.hours)
  const body = {
    branchId,
    type: f.type,
    title: f.title,
    location: f.location,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + (f.hours.trim() && Number.isFinite(hours) ? hours : 0) * HOUR_MS).toISOString(),
    open: f.open,
    ...(f.agenda.trim() ? { agenda: f.agenda } : {}),
    ...(f.place ? { geofence: { lat: f.place.lat, lng: f.place.lng, radiusM: f.radius } } : {}),
  }
  const parsed = MeetingBodySchema.safeParse(body)
  if (parsed.success) return { body: parsed.data, problems: [] }
  const problems = explainIssues(MeetingBodySchema, parsed.error.issues).map((p) => ({ path: fieldOf(p.path), message: p.message }))
  // The length of a meeting is entered as hours: say it that way.
  return { body: null, problems: problems.map((p) => (p.path === 'hours' && !f.hours.trim() ? { ...p, message: '请填写时长' } : p)) }
}

/**
 * The 发布 / 修改 (?id=) 组织生活 form's state: the secretary's branches, the fields (date and time
 * picked in Beijing time, sent as UTC), the sign-in area picked on the map (or the phone's position)
 * with a radius, and submitting. Each problem is shown beside its field and goes away as soon as the
 * field is right.
 */
export function useMeetingCreate() {
  const signedIn = useRequireLogin()
  const params = useRouter().params
  const editId = params.id ?? ''
  const { data: me, error: meError, load } = useMeStore()
  const branches = (me?.roles ?? []).filter((r) => r.role === 'secretary')
  // 首页's 待办 opens 发布 with the type that is due (?type=branch_assembly&branchId=…).
  const presetType = MEETING_TYPES.find((t) => t === params.type)
  const [f, setF] = useState<Form>({
    branchId: params.branchId ?? '',
    type: presetType ?? 'theme_day',
    title: presetType && presetType !== 'other' ? `${chinaDate().slice(0, 7).replace('-', '年')}月${MEETING_TYPE_LABELS[presetType]}` : '',
    location: '',
    date: addDays(chinaDate(), 1),
    time: '14:00',
    hours: '2',
    open: false,
    agenda: '',
    place: null,
    radius: 200,
  })
  const [problems, setProblems] = useState<FieldProblem[]>([])
  // Subscribe-message templates to ask for when posting (weapp only; none when WeChat is not configured).
  const [templates, setTemplates] = useState<string[]>([])
  const asked = useRef(false)
  useEffect(() => {
    if (process.env.TARO_ENV !== 'weapp' || !signedIn) return
    subscribeTemplates().then((r) => setTemplates(r.templates), () => undefined)
  }, [signedIn])
  // Once a submit has found problems, every change checks again: fixed fields lose their message at once.
  const checking = useRef(false)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (signedIn && !me) void load()
  }, [signedIn, me, load])
  const branchId = f.branchId || branches[0]?.orgId || ''

  // Editing: say so in the title bar, and start from the meeting as it is.
  useEffect(() => {
    if (editId) void Taro.setNavigationBarTitle({ title: '修改组织生活' }).catch(() => undefined)
  }, [editId])
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
          place: m.geofence ? { lat: m.geofence.lat, lng: m.geofence.lng, name: `${m.location}（已设定的会场位置）` } : null,
          radius: m.geofence?.radiusM ?? 200,
        })
      },
      (err: unknown) => setError(errorText(err, '读取会议失败')),
    )
  }, [signedIn, editId])

  function update(next: Form) {
    setF(next)
    if (checking.current) {
      const found = check(next, branchId).problems
      setProblems(found)
      if (found.length === 0) setError(null)
    }
  }
  const set = <K extends keyof Form>(k: K, value: Form[K]) => update({ ...f, [k]: value })

  /** 常用地点, searched by name as it is typed (a pause of 300 ms sends it). */
  const [placeSearch, setPlaceSearch] = useState('')
  const [placeQuery, setPlaceQuery] = useState('')
  useEffect(() => {
    const t = setTimeout(() => setPlaceQuery(placeSearch.trim()), 300)
    return () => clearTimeout(t)
  }, [placeSearch])
  const [places] = useRemote(signedIn && branchId ? () => listPlaces(branchId, placeQuery) : null, [signedIn, branchId, placeQuery])
  /** A place used before: its point and radius, and its name as the meeting's place when none is written yet. */
  function choosePlace(p: Place) {
    update({ ...f, place: { lat: p.lat, lng: p.lng, name: p.name }, radius: p.radiusM, location: f.location || p.name })
  }

  /** On WeChat pick the place on a map; elsewhere use where the phone is. */
  async function pickPlace() {
    try {
      if (process.env.TARO_ENV === 'weapp') {
        const p = await Taro.chooseLocation({})
        const name = [p.name, p.address].filter(Boolean).join('，') || '地图上选定的位置'
        update({ ...f, place: { lat: p.latitude, lng: p.longitude, name }, location: f.location || p.name })
      } else {
        const p = await Taro.getLocation({ type: 'gcj02' })
        update({ ...f, place: { lat: p.latitude, lng: p.longitude, name: '手机现在所在的位置' } })
      }
    } catch (err) {
      setError(privacyDeclined(err) ? '没有同意隐私保护指引，无法读取位置：可以不限定签到位置，或再点一次并选择同意' : '没有取得位置：请允许定位后再试，或不限定签到位置')
    }
  }

  async function submit() {
    setError(null)
    checking.current = true
    const { body, problems: found } = check(f, branchId)
    setProblems(found)
    if (!body) return setError('请按提示修改后再提交')
    // 发布 is a natural moment to ask for WeChat reminders (deadlines, meeting starts): once per visit,
    // straight from the tap as WeChat requires; posting goes on whatever the answer.
    if (process.env.TARO_ENV === 'weapp' && !editId && templates.length > 0 && !asked.current) {
      asked.current = true
      await subscribe(templates)
    }
    setBusy(true)
    try {
      const m = editId ? await updateMeeting(editId, body) : await createMeeting(body)
      Taro.showToast({ title: editId ? '已修改' : '已发布', icon: 'success' })
      await Taro.redirectTo({ url: `${ROUTES.meetingDetail}?id=${m.id}` })
    } catch (err) {
      if (err instanceof ApiError && err.fields?.length) {
        setProblems(err.fields.map((p) => ({ path: fieldOf(p.path), message: p.message })))
        setError('请按提示修改后再提交')
      } else setError(errorText(err, '发布失败，请重试'))
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
    set,
    /** The message for a form field, if it has one. */
    hint: (field: string) => problems.find((p) => p.path === field)?.message,
    error,
    busy,
    pickPlace,
    places,
    placeSearch,
    setPlaceSearch,
    choosePlace,
    clearPlace: () => set('place', null),
    submit,
  }
}
