import { Text, View } from '@tarojs/components'
import { Input } from '@nutui/nutui-react-taro'

interface Props {
  /** Field key: the field gets class `field-<name>` (tests and hints find it by that). */
  name: string
  label: string
  value: string
  placeholder?: string
  /** The rule it breaks, shown under it in red. */
  hint?: string
  maxlength?: number
  type?: 'text' | 'number' | 'idcard' | 'digit'
  /** More classes on the field (a page's own names, which its tests use). */
  inputClass?: string
  onChange: (value: string) => void
}

/**
 * A labelled one-line field with its hint: NutUI's Input under our label. Not NutUI's Form.Item,
 * whose rules are async-validator's: ours are the zod rules in src/domain that the server runs too,
 * and the page re-checks a field as it is typed. Styles: src/styles/form.scss.
 */
export default function TextField({ name, label, value, placeholder, hint, maxlength = 60, type = 'text', inputClass = '', onChange }: Props) {
  return (
    <View className='field'>
      <Text className='field__label'>{label}</Text>
      <Input className={`field__input field-${name} ${inputClass}`.trim()} value={value} placeholder={placeholder} onChange={onChange} maxLength={maxlength} type={type} clearable />
      {hint && <Text className='field__hint'>{hint}</Text>}
    </View>
  )
}
