import { useCallback, useEffect, useRef, useState } from 'react'
import { keepsShownData, toApiError, type ApiError } from '@/services/request'

/**
 * `ready` may carry the data of an earlier load: while a reload runs, and after the
 * reload got no answer or a server failure (`stale`: why; `loadedAt`: when the data shown was fetched).
 * A page keeps showing it and says it may be out of date (components/StaleNotice) instead of blanking
 * a list on a bad connection.
 */
export type Loaded<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T; loadedAt: number; stale?: ApiError }
  | { status: 'error'; error: ApiError }

/**
 * Data from the server for a page: loads once (and on `reload`), keeping loading / data / error
 * apart so pages can show each. Not Taro's `useLoad` page hook, hence the different name.
 * New deps start from nothing (it is other data); a reload of the same keeps what is on screen.
 */
export function useRemote<T>(load: (() => Promise<T>) | null, deps: unknown[]): [Loaded<T>, () => void] {
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' })
  const [tick, setTick] = useState(0)
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const run = useCallback(load ?? (() => new Promise<T>(() => {})), deps)
  const shown = useRef<{ run: typeof run; data: T; loadedAt: number } | null>(null)
  useEffect(() => {
    let alive = true
    const kept = shown.current?.run === run ? shown.current : null
    setState(kept ? { status: 'ready', data: kept.data, loadedAt: kept.loadedAt } : { status: 'loading' })
    run().then(
      (data) => {
        if (!alive) return
        shown.current = { run, data, loadedAt: Date.now() }
        setState({ status: 'ready', data, loadedAt: shown.current.loadedAt })
      },
      (err: unknown) => {
        if (!alive) return
        const error = toApiError(err, '出了点问题，请重试')
        setState(kept && keepsShownData(error) ? { status: 'ready', data: kept.data, loadedAt: kept.loadedAt, stale: error } : { status: 'error', error })
      },
    )
    return () => {
      alive = false
    }
  }, [run, tick])
  return [state, () => setTick((n) => n + 1)]
}
