import Taro from '@tarojs/taro'
import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import type { AuthResponse, User } from '@/domain/auth'
import * as authApi from '@/services/auth'
import { registerSessionHooks } from '@/services/session'
import { taroStorage } from './storage'

interface Session {
  token: string | null
  expiresAt: string | null
  user: User | null
}

interface AuthState extends Session {
  /** Why the session ended without the user asking (the server's 401 message); shown on login. */
  notice: string | null
  loginWithDev: (openid: string, nickname?: string) => Promise<void>
  loginWithWechat: () => Promise<void>
  /** Forgets the session here at once and ends its token on the server (best effort: offline is fine). */
  logout: () => void
  /** Ends every session of mine on the server first, then here; rejects with the server's words. */
  logoutEverywhere: () => Promise<void>
  expire: (reason: string) => void
  isSignedIn: (now?: number) => boolean
}

const EMPTY: Session = { token: null, expiresAt: null, user: null }

export const AUTH_STORAGE_KEY = 'red-engine/session'

export const useAuthStore = create<AuthState>()(
  persist(
    (set, get) => {
      const signIn = (res: AuthResponse): void => {
        set({ token: res.token, expiresAt: res.expiresAt, user: res.user, notice: null })
      }
      return {
        ...EMPTY,
        notice: null,
        loginWithDev: async (openid, nickname) => signIn(await authApi.devLogin(openid, nickname)),
        loginWithWechat: async () => {
          // The code is single-use and short-lived: get a fresh one for every attempt.
          const { code } = await Taro.login()
          signIn(await authApi.wechatLogin(code))
        },
        logout: () => {
          const { token } = get()
          set({ ...EMPTY, notice: null })
          if (token) authApi.logout(token).catch(() => undefined)
        },
        logoutEverywhere: async () => {
          await authApi.logoutAll()
          set({ ...EMPTY, notice: null })
        },
        expire: (reason) => {
          set({ ...EMPTY, notice: reason })
        },
        isSignedIn: (now = Date.now()) => {
          const { token, expiresAt } = get()
          if (!token) return false
          const expires = expiresAt ? Date.parse(expiresAt) : NaN
          // An unreadable expiry counts as expired: better to log in again than to 401 everywhere.
          return Number.isFinite(expires) && expires > now
        },
      }
    },
    {
      name: AUTH_STORAGE_KEY,
      storage: createJSONStorage(() => taroStorage),
      // Only the session is persisted; actions and the notice are rebuilt on load.
      partialize: ({ token, expiresAt, user }): Session => ({ token, expiresAt, user }),
      version: 1,
    },
  ),
)

registerSessionHooks({
  getToken: () => useAuthStore.getState().token,
  onUnauthorized: (message) => useAuthStore.getState().expire(message),
})
