import { Text, View } from '@tarojs/components'

export interface ChoiceOption<T> {
  value: T
  label: string
  /** Extra class for this option (tests find options by it). */
  className?: string
}

/** A row of mutually exclusive options; styles come from src/styles/form.scss. */
export default function Choice<T extends string | boolean>({ options, value, onChange }: { options: ChoiceOption<T>[]; value: T; onChange: (v: T) => void }) {
  return (
    <View className='choice'>
      {options.map((o) => (
        <View
          key={String(o.value)}
          className={`choice__item${o.className ? ` ${o.className}` : ''}${value === o.value ? ' choice__item--on' : ''}`}
          onClick={() => onChange(o.value)}
        >
          <Text>{o.label}</Text>
        </View>
      ))}
    </View>
  )
}
