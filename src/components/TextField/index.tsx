import { Input, Text, View } from '@tarojs/components'

interface Props {
  /** Field key: the input gets class `field-<name>` (tests and hints find it by that). */
  name: string
  label: string
  value: string
  placeholder?: string
  /** The rule it breaks, shown under it in red. */
  hint?: string
  maxlength?: number
  type?: 'text' | 'number' | 'idcard' | 'digit'
  /** More classes on the input (a page's own names, which its tests use). */
  inputClass?: string
  onChange: (value: string) => void
}

/** A labelled one-line field with its hint; styles come from src/styles/form.scss. */
export default function TextField({ name, label, value, placeholder, hint, maxlength = 60, type = 'text', inputClass = '', onChange }: Props) {
  return (
    <View className='field'>
      <Text className='field__label'>{label}</Text>
      <Input className={`field__input field-${name} ${inputClass}`.trim()} value={value} placeholder={placeholder} onInput={(e) => onChange(e.detail.value)} maxlength={maxlength} type={type} />
      {hint && <Text className='field__hint'>{hint}</Text>}
    </View>
  )
}
