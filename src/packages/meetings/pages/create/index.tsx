import { Switch, Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { MEETING_TYPES, MEETING_TYPE_LABELS } from '@/domain/meetings'
import { chinaDate } from '@/domain/time'
import { formatDate } from '@/utils/date'
import Choice from '@/components/Choice'
import DateTimeField from '@/components/DateTimeField'
import ErrorMessage from '@/components/ErrorMessage'
import PrivacyPopup from '@/components/PrivacyPopup'
import StateView from '@/components/StateView'
import TextField from '@/components/TextField'
import { RADII, useMeetingCreate } from './useMeetingCreate'
import '../meeting.scss'

/** 发布 or 修改 (?id=) 组织生活 (secretary). */
export default function CreateMeetingPage() {
  const c = useMeetingCreate()
  const { f, set, hint } = c
  if (!c.signedIn) return <StateView kind='loading' text='正在前往登录…' />
  if (!c.me) return c.meError ? <StateView kind='error' message={c.meError.message} onRetry={c.reloadMe} /> : <StateView kind='loading' />
  if (c.branches.length === 0) return <StateView kind='empty' message='只有支部书记可以发布组织生活' />
  const radii: number[] = RADII.includes(f.radius as (typeof RADII)[number]) ? [...RADII] : [...RADII, f.radius].sort((a, b) => a - b)
  return (
    <View className='page'>
      <PrivacyPopup />
      <View className='card'>
        {c.branches.length > 1 && (
          <View className='field'>
            <Text className='field__label'>支部</Text>
            <Choice options={c.branches.map((b) => ({ value: b.orgId, label: b.orgName }))} value={c.branchId} onChange={(v) => set('branchId', v)} />
          </View>
        )}
        <View className='field'>
          <Text className='field__label'>会议类型</Text>
          <Choice options={MEETING_TYPES.map((t) => ({ value: t, label: MEETING_TYPE_LABELS[t] }))} value={f.type} onChange={(v) => set('type', v)} />
          {hint('type') && <Text className='field__hint'>{hint('type')}</Text>}
        </View>
        <TextField name='title' inputClass='create__title' label='会议主题' value={f.title} placeholder='例如 十一月主题党日' hint={hint('title')} onChange={(v) => set('title', v)} />
        <TextField name='location' inputClass='create__location' label='会议地点' value={f.location} placeholder='例如 三楼会议室' maxlength={100} hint={hint('location')} onChange={(v) => set('location', v)} />
        <DateTimeField name='date' inputClass='create__date' label='日期' mode='date' value={f.date} start={chinaDate()} hint={hint('date')} onChange={(v) => set('date', v)} />
        <DateTimeField name='time' inputClass='create__time' label='开始时间（北京时间）' mode='time' value={f.time} onChange={(v) => set('time', v)} />
        <TextField name='hours' inputClass='create__hours' label='时长（小时）' type='digit' value={f.hours} placeholder='例如 1.5' maxlength={4} hint={hint('hours')} onChange={(v) => set('hours', v)} />
        <View className='field'>
          <Text className='field__label'>议程（选填）</Text>
          <TextArea className='field__textarea create__agenda' value={f.agenda} placeholder='每项一行' maxLength={2000} onChange={(v) => set('agenda', v)} />
          {hint('agenda') && <Text className='field__hint'>{hint('agenda')}</Text>}
        </View>
      </View>

      <View className='card'>
        <Text className='card-title'>签到位置（选填）</Text>
        <Text className='muted'>选定后，党员须在会场附近才能扫码签到</Text>
        {f.place ? (
          <View className='create__place'>
            <Text className='create__place-name'>{f.place.name}</Text>
            <View className='field'>
              <Text className='field__label'>范围</Text>
              <Choice options={radii.map((r) => ({ value: String(r), label: `${r} 米以内` }))} value={String(f.radius)} onChange={(v) => set('radius', Number(v))} />
            </View>
            <View className='result-actions'>
              <Button type='primary' fill='outline' block size='large' onClick={c.pickPlace}>
                {process.env.TARO_ENV === 'weapp' ? '重新在地图上选点' : '改用手机现在的位置'}
              </Button>
              <Button type='primary' fill='outline' block size='large' className='create__no-place' onClick={c.clearPlace}>
                不限签到位置
              </Button>
            </View>
          </View>
        ) : (
          <>
            <Button type='primary' fill='outline' block size='large' className='create__pick' onClick={c.pickPlace}>
              {process.env.TARO_ENV === 'weapp' ? '在地图上选点' : '使用手机现在的位置'}
            </Button>
            {/* Shown once the branch has places, and kept while a search is typed and answered. */}
            {(c.placeSearch !== '' || (c.places.status === 'ready' && c.places.data.items.length > 0)) && (
              <View className='create__places'>
                <Text className='field__label'>或选本支部用过的会场</Text>
                <Input className='field__input create__place-search' value={c.placeSearch} placeholder='搜索会场名称，如 会议室' maxLength={50} clearable onChange={c.setPlaceSearch} />
                {c.places.status === 'loading' && <Text className='muted'>正在查找…</Text>}
                {c.places.status === 'error' && <Text className='muted'>{`${c.places.error.message}（可以在地图上选点）`}</Text>}
                {c.places.status === 'ready' && c.places.data.items.length === 0 && <Text className='muted'>{`没有名称里有“${c.placeSearch.trim()}”的会场`}</Text>}
                {c.places.status === 'ready' && c.places.data.items.map((p) => (
                  <View key={`${p.name}|${p.lat}|${p.lng}`} className='create__place-option' onClick={() => c.choosePlace(p)}>
                    <Text className='create__place-option-name'>{p.name}</Text>
                    <Text className='muted'>{`${p.radiusM} 米以内 · 上次 ${formatDate(p.lastUsedAt)}`}</Text>
                  </View>
                ))}
              </View>
            )}
          </>
        )}
        {hint('place') && <Text className='field__hint'>{hint('place')}</Text>}
      </View>

      <View className='card'>
        <View className='mt-row'>
          <Text>开放式（群众、其他支部党员可签到）</Text>
          <Switch aria-label='开放式' checked={f.open} color='#c8161d' onChange={(e) => set('open', e.detail.value)} />
        </View>
      </View>
      <ErrorMessage message={c.error} />
      <Button type='primary' block size='large' className='create__submit' loading={c.busy} disabled={c.busy} onClick={c.submit}>
        {c.editId ? '保存修改' : '发布'}
      </Button>
    </View>
  )
}
