import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { useRef } from 'react'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'

/**
 * The park pages' data: loaded once signed in, again when the page comes back (a form it opened
 * may have changed it) and on pull-down. Keeps what is shown through a failed refresh (useRemote).
 */
export function useParkData<T>(load: (() => Promise<T>) | null, deps: unknown[]) {
  const signedIn = useRequireLogin()
  const [state, reload] = useRemote(signedIn && load ? load : null, [signedIn, ...deps])
  const shown = useRef(false)
  useDidShow(() => {
    // the first show is the first load; later ones are returns from a form
    if (shown.current && signedIn) reload()
    shown.current = true
  })
  usePullDownRefresh(() => {
    reload()
    Taro.stopPullDownRefresh()
  })
  return { signedIn, state, reload }
}
