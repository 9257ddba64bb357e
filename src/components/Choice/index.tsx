import { Radio } from '@nutui/nutui-react-taro'

export interface ChoiceOption<T> {
  value: T
  label: string
  /** Extra class for this option (tests find options by it). */
  className?: string
}

/**
 * A row of mutually exclusive options: NutUI's Radio group drawn as buttons. NutUI's values are
 * strings or numbers, so an option travels as its index and comes back as the caller's own value
 * (a string or a boolean). Layout: src/styles/form.scss.
 */
export default function Choice<T extends string | boolean>({ options, value, onChange }: { options: ChoiceOption<T>[]; value: T; onChange: (v: T) => void }) {
  const selected = options.findIndex((o) => o.value === value)
  return (
    <Radio.Group className='choice' shape='button' direction='horizontal' value={selected < 0 ? '' : String(selected)} onChange={(v) => onChange(options[Number(v)].value)}>
      {options.map((o, i) => (
        <Radio key={String(o.value)} value={String(i)} className={`choice__item${o.className ? ` ${o.className}` : ''}${value === o.value ? ' choice__item--on' : ''}`}>
          {o.label}
        </Radio>
      ))}
    </Radio.Group>
  )
}
