import { useEffect } from 'react'
import { useDidShow } from '@tarojs/taro'
import { useAuthStore } from '@/stores/auth'
import { goLogin } from '@/utils/routes'

/**
 * For pages that need a session. Returns whether the user is signed in, and sends them to
 * login when they are not — on show (token expired while away) and as soon as the session is
 * dropped (logout, or a 401 from the server cleared it).
 */
export function useRequireLogin(): boolean {
  const token = useAuthStore((s) => s.token)
  const signedIn = useAuthStore((s) => s.isSignedIn())

  useDidShow(() => {
    if (!useAuthStore.getState().isSignedIn()) goLogin()
  })
  useEffect(() => {
    if (!token) goLogin()
  }, [token])

  return signedIn
}
