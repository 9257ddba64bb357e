import { create } from 'zustand'
import type { LessonItem, MyProgress } from '@/domain/lessons'
import { listLessons } from '@/services/lessons'
import { keepsShownData, toApiError, type ApiError } from '@/services/request'

export type ListStatus = 'idle' | 'loading' | 'ready' | 'error'

interface LessonsState {
  category: string | null
  q: string
  items: LessonItem[]
  nextCursor: string | null
  status: ListStatus
  /** A failed load-more keeps the items and says so under them. */
  moreStatus: 'idle' | 'loading' | 'error'
  /** Why the last load failed. With items on screen, status stays `ready`: they are kept, marked as not fresh. */
  error: ApiError | null
  /** When the items shown were fetched (for 「下面是 … 的内容」 when a refresh fails). */
  loadedAt: number | null
  /** First page for the current filter (pull-to-refresh, 重试, a new filter). */
  refresh: () => Promise<void>
  loadMore: () => Promise<void>
  setCategory: (c: string | null) => Promise<void>
  setQuery: (q: string) => Promise<void>
  /** A heartbeat's answer, shown in the list at once (the lesson page reports it). */
  noteProgress: (lessonId: string, progress: MyProgress) => void
}

/** Each refresh gets a number; an answer for an older filter is dropped when it arrives late. */
let generation = 0
/** Progress heard from heartbeats, with when: newer than a list request, it wins over that list's answer. */
const heard = new Map<string, { progress: MyProgress; at: number }>()

function withHeard(items: LessonItem[], since: number): LessonItem[] {
  return items.map((i) => {
    const h = heard.get(i.id)
    return h && h.at >= since ? { ...i, myProgress: h.progress } : i
  })
}

export const useLessonsStore = create<LessonsState>()((set, get) => ({
  category: null,
  q: '',
  items: [],
  nextCursor: null,
  status: 'idle',
  moreStatus: 'idle',
  error: null,
  loadedAt: null,
  refresh: async () => {
    const mine = ++generation
    const { category, q, items } = get()
    // Keep what is on screen while refreshing; the spinner is for the first load only.
    set({ status: items.length ? get().status : 'loading', error: null, moreStatus: 'idle' })
    const since = Date.now()
    try {
      const page = await listLessons({ category: category ?? undefined, q })
      if (mine === generation) set({ items: withHeard(page.items, since), nextCursor: page.nextCursor, status: 'ready', loadedAt: Date.now() })
    } catch (err) {
      if (mine === generation) {
        const error = toApiError(err)
        const keep = get().items.length > 0 && keepsShownData(error)
        set({ status: keep ? 'ready' : 'error', error })
      }
    }
  },
  loadMore: async () => {
    const { nextCursor, moreStatus, category, q, status } = get()
    if (!nextCursor || moreStatus === 'loading' || status !== 'ready') return
    const mine = generation
    set({ moreStatus: 'loading' })
    try {
      const page = await listLessons({ category: category ?? undefined, q, cursor: nextCursor })
      if (mine === generation) set({ items: [...get().items, ...page.items], nextCursor: page.nextCursor, moreStatus: 'idle' })
    } catch {
      if (mine === generation) set({ moreStatus: 'error' })
    }
  },
  setCategory: (category) => {
    set({ category, items: [], nextCursor: null })
    return get().refresh()
  },
  setQuery: (q) => {
    set({ q, items: [], nextCursor: null })
    return get().refresh()
  },
  noteProgress: (lessonId, progress) => {
    heard.set(lessonId, { progress, at: Date.now() })
    set({ items: get().items.map((i) => (i.id === lessonId ? { ...i, myProgress: progress } : i)) })
  },
}))
