import { Input, Picker, Text, View } from '@tarojs/components'

interface Props {
  /** Field key: the control gets class `field-<name>` (and `inputClass`, for tests that know the page). */
  name: string
  label: string
  mode: 'date' | 'time'
  /** YYYY-MM-DD or HH:mm, in Beijing time as people read it. */
  value: string
  /** The earliest and latest dates that may be picked (mode date). */
  start?: string
  end?: string
  /** May be left empty: once picked, 清除 empties it again (WeChat's picker cannot). */
  optional?: boolean
  /** Shown while empty. */
  placeholder?: string
  hint?: string
  inputClass?: string
  onChange: (value: string) => void
}

/**
 * A labelled date or time, picked, never typed: WeChat's own picker on the phone; on H5 the browser's
 * date and time inputs (which a phone's browser shows as its native picker). Styles: src/styles/form.scss.
 */
export default function DateTimeField({ name, label, mode, value, start, end, optional, placeholder, hint, inputClass = '', onChange }: Props) {
  const cls = `field__input field-${name} ${inputClass}`.trim()
  return (
    <View className='field'>
      <Text className='field__label'>{label}</Text>
      {process.env.TARO_ENV === 'weapp' ? (
        <Picker mode={mode} value={value} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
          <View className={`${cls} field__picker`}>
            <Text className={value ? '' : 'muted'}>{value || placeholder || (mode === 'date' ? '选择日期' : '选择时间')}</Text>
            <Text className='field__picker-arrow'>›</Text>
          </View>
        </Picker>
      ) : (
        // Taro's H5 Input passes the type on to the browser's <input>.
        <Input className={cls} type={mode as 'text'} value={value} placeholder={placeholder} onInput={(e) => onChange(e.detail.value)} />
      )}
      {optional && value && (
        <Text className='field__clear' onClick={() => onChange('')}>
          清除
        </Text>
      )}
      {hint && <Text className='field__hint'>{hint}</Text>}
    </View>
  )
}
