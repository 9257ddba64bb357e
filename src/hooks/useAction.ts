import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ApiError } from '@/services/request'

/**
 * One button press that talks to the server: which item is busy, what went wrong when it fails
 * (`failure` keeps the code and flags for pages that act on them; `error` is its words), and a
 * toast when it works and `done` is given. `run` resolves true on success so the page can move on.
 */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null)
  const [failure, setFailure] = useState<ApiError | null>(null)
  async function run(key: string, action: () => Promise<unknown>, done?: string): Promise<boolean> {
    setBusy(key)
    setFailure(null)
    try {
      await action()
      if (done) Taro.showToast({ title: done, icon: 'success' })
      return true
    } catch (err) {
      setFailure(err instanceof ApiError ? err : new ApiError(0, 'CLIENT_ERROR', '操作失败，请检查网络后重试'))
      return false
    } finally {
      setBusy(null)
    }
  }
  return { busy, failure, error: failure?.message ?? null, run }
}
