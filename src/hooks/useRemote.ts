import { useCallback, useEffect, useState } from 'react'
import { toApiError, type ApiError } from '@/services/request'

export type Loaded<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: ApiError }

/**
 * Data from the server for a page: loads once (and on `reload`), keeping loading / data / error
 * apart so pages can show each. Not Taro's `useLoad` page hook, hence the different name.
 */
export function useRemote<T>(load: (() => Promise<T>) | null, deps: unknown[]): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' })
  const [tick, setTick] = useState(0)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load ?? (() => new Promise<T>(() => {})), deps)
  useEffect(() => {
    let alive = true
    setState({ status: 'loading' })
    run().then(
      (data) => alive && setState({ status: 'ready', data }),
      (err: unknown) => alive && setState({ status: 'error', error: toApiError(err, '出了点问题，请重试') }),
    )
    return () => {
      alive = false
    }
  }, [run, tick])
  return [state, () => setTick((n) => n + 1)]
}
