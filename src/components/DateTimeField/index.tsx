import { Input, Picker, Text, View } from '@tarojs/components'

interface Props {
  /** Field key: the control gets class `field-<name>` (and `inputClass`, for tests that know the page). */
  name: string
  label: string
  mode: 'date' | 'time'
  /** YYYY-MM-DD or HH:mm, in Beijing time as people read it. */
  value: string
  /** The earliest date that may be picked (mode date). */
  start?: string
  hint?: string
  inputClass?: string
  onChange: (value: string) => void
}

/**
 * A labelled date or time, picked, never typed: WeChat's own picker on the phone; on H5 the browser's
 * date and time inputs (which a phone's browser shows as its native picker). Styles: src/styles/form.scss.
 */
export default function DateTimeField({ name, label, mode, value, start, hint, inputClass = '', onChange }: Props) {
  const cls = `field__input field-${name} ${inputClass}`.trim()
  return (
    <View className='field'>
      <Text className='field__label'>{label}</Text>
      {process.env.TARO_ENV === 'weapp' ? (
        <Picker mode={mode} value={value} start={start} onChange={(e) => onChange(String(e.detail.value))}>
          <View className={`${cls} field__picker`}>
            <Text>{value || (mode === 'date' ? '选择日期' : '选择时间')}</Text>
            <Text className='field__picker-arrow'>›</Text>
          </View>
        </Picker>
      ) : (
        // Taro's H5 Input passes the type on to the browser's <input>.
        <Input className={cls} type={mode as 'text'} value={value} onInput={(e) => onChange(e.detail.value)} />
      )}
      {hint && <Text className='field__hint'>{hint}</Text>}
    </View>
  )
}
