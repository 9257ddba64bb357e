import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect } from 'react'
import type { Todo } from '@/domain/todo'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { parkSummary } from '@/services/park-summary'
import { studySummary } from '@/services/lessons'
import { getTodo, readReminder, subscribe } from '@/services/todo'
import { useAuthStore } from '@/stores/auth'
import { useMeStore } from '@/stores/me'

/**
 * 首页's data and actions: 我的 (whose roles decide the cards), 待办 (composed by the server, its
 * count on the tab), the committee's summary for its admin or instructor, and 继续学习 — all read
 * again each time the tab comes back, since roles or membership may have changed meanwhile.
 */
export function useHome() {
  const signedIn = useRequireLogin()
  const me = useMeStore()
  const overseer = !!me.data?.roles.some((r) => r.role === 'admin' || r.role === 'instructor')
  const [todo, reloadTodo] = useRemote(signedIn ? getTodo : null, [signedIn])
  const [park, reloadPark] = useRemote(overseer ? parkSummary : null, [overseer])
  const [study, reloadStudy] = useRemote(signedIn ? studySummary : null, [signedIn])

  useDidShow(() => {
    if (!useAuthStore.getState().isSignedIn()) return
    void me.load(true)
    reloadStudy()
    reloadTodo()
    if (overseer) reloadPark()
  })

  // The tab's badge counts what needs attention.
  const badge = todo.status === 'ready' ? todo.data.badge : null
  useEffect(() => {
    if (badge === null) return
    void Promise.resolve(badge > 0 ? Taro.setTabBarBadge({ index: 0, text: String(Math.min(badge, 99)) }) : Taro.removeTabBarBadge({ index: 0 })).catch(() => undefined)
  }, [badge])

  /** A 待办 tapped: a reminder is marked read (and 待办 read again); its page opens. */
  const openTodo = (i: Todo['items'][number]) => {
    if (i.kind === 'reminder') void readReminder(i.key.slice(9)).then(reloadTodo, () => undefined)
    if (i.url) void Taro.navigateTo({ url: i.url })
  }
  /** WeChat's subscribe messages for 待办's reminders (deadlines, meeting starts). */
  const askSubscribe = (templates: string[]) =>
    void subscribe(templates).then((n) => Taro.showToast({ title: n > 0 ? '已订阅微信提醒' : '未订阅，提醒会显示在这里', icon: 'none' }))

  return { signedIn, me, todo, park, study, openTodo, askSubscribe }
}
