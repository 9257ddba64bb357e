import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { Coverage } from '@/domain/park'
import { getLedger } from '@/services/park'
import { ROUTES } from '@/utils/routes'
import { useParkData } from '../../useParkData'

export type LedgerFilter = Coverage | 'should_form' | 'all'

/** 两个覆盖台账 of `orgId`: the figures, a coverage filter and a search (debounced). */
export function useLedger(orgId: string) {
  const [filter, setFilter] = useState<LedgerFilter>('all')
  const [typed, setTyped] = useState('')
  const [q, setQ] = useState('')
  useEffect(() => {
    const t = setTimeout(() => setQ(typed.trim()), 400)
    return () => clearTimeout(t)
  }, [typed])
  const { signedIn, state, reload } = useParkData(orgId ? () => getLedger(orgId, { coverage: filter === 'all' ? undefined : filter, q }) : null, [orgId, filter, q])
  return {
    signedIn,
    state,
    reload,
    filter,
    setFilter,
    typed,
    setTyped,
    open: (id: string) => Taro.navigateTo({ url: `${ROUTES.parkEnterprise}?id=${id}&orgId=${orgId}` }),
    register: () => Taro.navigateTo({ url: `${ROUTES.parkEnterprise}?orgId=${orgId}` }),
    importFile: () => Taro.navigateTo({ url: `${ROUTES.parkImport}?orgId=${orgId}` }),
  }
}
