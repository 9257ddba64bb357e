import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'

/**
 * A compliance page's data: loaded once signed in and again on pull-down, keeping what is shown
 * through a failed refresh (useRemote). Not shared with the park pages' hook: a module two
 * subpackages share would move into the main package.
 */
export function useComplianceData<T>(load: (() => Promise<T>) | null, deps: unknown[]) {
  const signedIn = useRequireLogin()
  const [state, reload] = useRemote(signedIn && load ? load : null, [signedIn, ...deps])
  usePullDownRefresh(() => {
    reload()
    Taro.stopPullDownRefresh()
  })
  return { signedIn, state, reload }
}
