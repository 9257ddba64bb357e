import { create } from 'zustand'
import type { MeResponse } from '@/domain/me'
import { getMe } from '@/services/me'
import { toApiError, type ApiError } from '@/services/request'
import { useAuthStore } from './auth'

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error'

interface MeState {
  data: MeResponse | null
  status: LoadStatus
  error: ApiError | null
  /** Loads /me once; `force` reloads (pull-down, 重试, page shown again). */
  load: (force?: boolean) => Promise<void>
  reset: () => void
}

let inFlight: Promise<void> | null = null

export const useMeStore = create<MeState>()((set, get) => ({
  data: null,
  status: 'idle',
  error: null,
  load: (force = false) => {
    if (inFlight) return inFlight
    if (!force && get().status === 'ready') return Promise.resolve()
    // Keep showing the old data while refreshing; only the first load shows the spinner.
    set({ status: get().data ? get().status : 'loading', error: null })
    // An answer that arrives after logout or a switch of account belongs to nobody on screen.
    const token = useAuthStore.getState().token
    const current = () => useAuthStore.getState().token === token
    inFlight = getMe()
      .then((data) => {
        if (current()) set({ data, status: 'ready', error: null })
      })
      .catch((err: unknown) => {
        if (current()) set({ status: 'error', error: toApiError(err) })
      })
      .finally(() => {
        inFlight = null
      })
    return inFlight
  },
  reset: () => set({ data: null, status: 'idle', error: null }),
}))

// Another person may sign in next: never show the previous user's /me.
useAuthStore.subscribe((state, prev) => {
  if (state.token !== prev.token) useMeStore.getState().reset()
})
