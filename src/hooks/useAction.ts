import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ApiError } from '@/services/request'

/**
 * One button press that talks to the server: which item is busy, the server's words when it fails,
 * a toast when it works. `run` resolves true on success so the page can move on.
 */
export function useAction() {
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  async function run(key: string, action: () => Promise<unknown>, done: string): Promise<boolean> {
    setBusy(key)
    setError(null)
    try {
      await action()
      Taro.showToast({ title: done, icon: 'success' })
      return true
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '操作失败，请检查网络后重试')
      return false
    } finally {
      setBusy(null)
    }
  }
  return { busy, error, run }
}
