import { useState } from 'react'
import { parsePeriod, periodOf, type ComplianceUnit } from '@/domain/compliance'

export const UNITS: { unit: ComplianceUnit; label: string }[] = [
  { unit: 'month', label: '月' },
  { unit: 'quarter', label: '季度' },
  { unit: 'year', label: '年' },
]

/**
 * The period a compliance page shows: this quarter at first (or `initial`), switched by unit and
 * stepped back and forth; never past the period that holds today.
 */
export function usePeriod(initial?: string) {
  const [key, setKey] = useState(() => (initial && parsePeriod(initial) ? initial : periodOf('quarter', new Date()).key))
  const p = parsePeriod(key)!
  const current = periodOf(p.unit, new Date())
  return {
    key,
    label: p.label,
    unit: p.unit,
    isCurrent: key === current.key,
    setUnit: (unit: ComplianceUnit) => setKey(periodOf(unit, new Date(Math.min(p.end.getTime() - 1, Date.now()))).key),
    prev: () => setKey(periodOf(p.unit, new Date(p.start.getTime() - 1)).key),
    next: () => (key === current.key ? undefined : setKey(periodOf(p.unit, p.end).key)),
  }
}
