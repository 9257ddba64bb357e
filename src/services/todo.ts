import Taro from '@tarojs/taro'
import { TodoSchema } from '@/domain/todo'
import { request } from './request'

/** 首页's 待办, composed by the server. */
export const getTodo = () => request({ path: '/api/v1/todo', schema: TodoSchema })

// Answers the page does not read are not parsed (no schema): the main package is near its budget.
export const readReminder = (id: string) => request({ path: `/api/v1/todo/reminders/${id}/read`, method: 'POST', data: {} })

export const subscribeTemplates = () => request<{ templates: string[] }>({ path: '/api/v1/subscriptions/templates' })

/**
 * Asks WeChat for one-time subscriptions (one message each) and tells the server which were
 * accepted. Called from a tap, as WeChat requires. Taro does not promisify it reliably: callbacks.
 */
export function subscribe(tmplIds: string[]): Promise<number> {
  return new Promise((resolve) => {
    Taro.requestSubscribeMessage({
      tmplIds,
      entityIds: [],
      success: (res: Record<string, string>) => {
        const accepted = tmplIds.filter((id) => res[id] === 'accept')
        if (accepted.length === 0) return resolve(0)
        request<{ granted: string[] }>({ path: '/api/v1/subscriptions', method: 'POST', data: { templateIds: accepted } }).then(
          (r) => resolve(r.granted.length),
          () => resolve(0),
        )
      },
      fail: () => resolve(0),
    } as Parameters<typeof Taro.requestSubscribeMessage>[0])
  })
}
