import { Text, View } from '@tarojs/components'
import { Input } from '@nutui/nutui-react-taro'
import { useEffect, useState } from 'react'
import type { Org } from '@/domain/orgs'
import Choice from '@/components/Choice'
import type { OrgRef } from '@/domain/transfers'
import { searchOrgs } from '@/services/orgs'
import { errorText } from '@/services/request'

export interface PickedOrg {
  ref: OrgRef
  name: string
}

interface Props {
  /** Class suffix for tests and styling: `org-<name>`. */
  name: string
  value: PickedOrg | null
  onChange: (v: PickedOrg | null) => void
  /** Only branches of the system (the receiving side of 转入 / 流入). */
  systemOnly?: boolean
  hint?: string
}

/**
 * An organization inside the system (searched by name) or, when allowed, outside it (typed in full).
 * Outside organizations are common: the home village branch, a street committee in another city.
 */
export default function OrgPicker({ name, value, onChange, systemOnly, hint }: Props) {
  const [mode, setMode] = useState<'search' | 'type'>('search')
  const [q, setQ] = useState('')
  const [typed, setTyped] = useState('')
  const [found, setFound] = useState<Org[]>([])
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    const term = q.trim()
    if (mode !== 'search' || !term) return setFound([])
    const timer = setTimeout(() => {
      setError(null)
      searchOrgs({ q: term, limit: 10 }).then(
        (res) => setFound(res.items.filter((o) => o.type === 'branch')),
        (err: unknown) => setError(errorText(err, '查询党组织失败，请重试')),
      )
    }, 300)
    return () => clearTimeout(timer)
  }, [q, mode])

  if (value) {
    return (
      <View className='row'>
        <Text className={`org-picked org-${name}__picked`}>{'id' in value.ref ? value.name : `${value.name}（系统外）`}</Text>
        <Text className='muted' onClick={() => onChange(null)}>
          重新选择
        </Text>
      </View>
    )
  }
  return (
    <View>
      {!systemOnly && (
        <Choice
          options={[
            { value: 'search' as const, label: '在本系统中查找', className: `org-${name}__mode-search` },
            { value: 'type' as const, label: '系统外，手动填写', className: `org-${name}__mode-type` },
          ]}
          value={mode}
          onChange={setMode}
        />
      )}
      {mode === 'search' ? (
        <>
          <Input className={`field__input org-${name}__search`} value={q} placeholder='输入党支部名称查找' onChange={(v) => setQ(v)} maxLength={50} />
          {found.map((o) => (
            <View key={o.id} className={`pick org-${name}__option`} onClick={() => onChange({ ref: { id: o.id }, name: o.name })}>
              <Text>{o.name}</Text>
            </View>
          ))}
          {q.trim() !== '' && found.length === 0 && !error && <Text className='muted'>{`没有找到名称包含“${q.trim()}”的党支部`}</Text>}
          {error && <Text className='field__hint'>{error}</Text>}
        </>
      ) : (
        <View>
          <Input className={`field__input org-${name}__typed`} value={typed} placeholder='党组织全称，例如 ××村党支部' onChange={(v) => setTyped(v)} maxLength={60} />
          <Text
            className={`muted org-${name}__use`}
            onClick={() => typed.trim().length >= 2 && onChange({ ref: { name: typed.trim() }, name: typed.trim() })}
          >
            {typed.trim().length >= 2 ? `使用“${typed.trim()}”` : '至少填写 2 个字'}
          </Text>
        </View>
      )}
      {hint && <Text className='field__hint'>{hint}</Text>}
    </View>
  )
}
