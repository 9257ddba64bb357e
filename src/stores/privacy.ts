import Taro from '@tarojs/taro'
import { create } from 'zustand'

/**
 * WeChat's privacy authorization (《小程序用户隐私保护指引》): before a privacy API (location,
 * clipboard …) runs for a user who has not agreed yet, WeChat calls our listener and holds the
 * call until we `resolve` it. The listener only records the request here; <PrivacyPopup/> on the
 * page shows it and answers with the user's choice.
 */
type Resolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void

interface PrivacyState {
  /** The API that asked (`getLocation` …), while the popup is open. */
  referrer: string | null
  resolve: Resolve | null
  ask: (resolve: Resolve, referrer: string) => void
  answer: (agreed: boolean) => void
}

export const PRIVACY_AGREE_BUTTON_ID = 'privacy-agree'

export const usePrivacyStore = create<PrivacyState>()((set, get) => ({
  referrer: null,
  resolve: null,
  ask: (resolve, referrer) => {
    // A second request replaces the first: tell WeChat the earlier one was not agreed to.
    get().resolve?.({ event: 'disagree' })
    set({ referrer, resolve })
  },
  answer: (agreed) => {
    const { resolve } = get()
    set({ referrer: null, resolve: null })
    resolve?.(agreed ? { event: 'agree', buttonId: PRIVACY_AGREE_BUTTON_ID } : { event: 'disagree' })
  },
}))

/** Called once at start-up, on weapp only (H5 has no such API and needs none). */
export function listenForPrivacyRequests(): void {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  Taro.onNeedPrivacyAuthorization((resolve, info) => usePrivacyStore.getState().ask(resolve, info?.referrer ?? ''))
}

/** Whether a failed API call was refused because the user declined the privacy guide. */
export function privacyDeclined(err: unknown): boolean {
  const e = err as { errno?: number; errMsg?: string } | null
  return e?.errno === 104 || /privacy/i.test(e?.errMsg ?? '')
}
