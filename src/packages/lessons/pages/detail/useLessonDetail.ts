import Taro, { usePageScroll, useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { Lesson } from '@/domain/lessons'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { getLesson, mediaSrc } from '@/services/lessons'
import { useHeartbeat, usePageVisible } from '../../useHeartbeat'

/** The lesson named by `?id=`, once signed in. */
export function useLessonDetail() {
  const signedIn = useRequireLogin()
  const id = useRouter().params.id ?? ''
  const [lesson, reload] = useRemote(signedIn && id ? () => getLesson(id) : null, [signedIn, id])
  return { id, signedIn, lesson, reload }
}

/** Where to pick up: the saved position, unless the lesson was finished (then from the start). */
export const resumeAt = (l: Lesson) => (l.myProgress && !l.myProgress.completed && l.myProgress.positionSec < l.durationSec - 2 ? l.myProgress.positionSec : 0)

/** A video: study counts while it plays and the page is on screen. */
export function useVideoLesson(lesson: Lesson) {
  const pos = useRef(resumeAt(lesson))
  const [playing, setPlaying] = useState(false)
  const visible = usePageVisible()
  const [error, setError] = useState<string | null>(null)
  const { progress, failing } = useHeartbeat(lesson.id, () => pos.current, playing && visible)
  return {
    progress,
    failing,
    error,
    startAt: resumeAt(lesson),
    onTimeUpdate: (at: number) => (pos.current = at),
    onPlay: () => (setPlaying(true), setError(null)),
    onStop: () => setPlaying(false),
    onError: () => (setPlaying(false), setError('视频加载失败：请检查网络后点播放重试')),
  }
}

/** An audio lesson through Taro's InnerAudioContext: play/pause, ±15 s, seeking, buffering. */
export function useAudioLesson(lesson: Lesson) {
  const ctx = useRef<Taro.InnerAudioContext | null>(null)
  const pos = useRef(resumeAt(lesson))
  const [shown, setShown] = useState(resumeAt(lesson))
  const [playing, setPlaying] = useState(false)
  const [waiting, setWaiting] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const visible = usePageVisible()
  const { progress, failing } = useHeartbeat(lesson.id, () => pos.current, playing)

  useEffect(() => {
    const a = Taro.createInnerAudioContext()
    a.src = mediaSrc(lesson.mediaUrl)
    a.startTime = resumeAt(lesson)
    a.onPlay(() => (setPlaying(true), setWaiting(false), setError(null)))
    a.onPause(() => setPlaying(false))
    a.onStop(() => setPlaying(false))
    a.onEnded(() => setPlaying(false))
    a.onWaiting(() => setWaiting(true))
    a.onCanplay(() => setWaiting(false))
    a.onError(() => (setPlaying(false), setWaiting(false), setError('音频加载失败：请检查网络后重试')))
    a.onTimeUpdate(() => {
      pos.current = a.currentTime
      setShown(a.currentTime)
    })
    ctx.current = a
    return () => {
      a.destroy()
      ctx.current = null
    }
  }, [lesson])
  // Audio keeps playing in the background in many apps; here study counts only while the page is open.
  useEffect(() => {
    if (!visible) ctx.current?.pause()
  }, [visible])

  const seek = (to: number) => {
    const t = Math.min(Math.max(0, to), lesson.durationSec)
    ctx.current?.seek(t)
    pos.current = t
    setShown(t)
  }
  /** A tap on the progress bar at page x: seek to that fraction of the lesson. */
  const seekToX = (x: number | undefined) => {
    Taro.createSelectorQuery()
      .select('.audio__bar')
      .boundingClientRect((r) => {
        const rect = Array.isArray(r) ? r[0] : r
        if (rect && typeof x === 'number' && rect.width > 0) seek(((x - rect.left) / rect.width) * lesson.durationSec)
      })
      .exec()
  }
  return {
    progress,
    failing,
    error,
    shown,
    playing,
    waiting,
    percent: Math.min(100, (shown / lesson.durationSec) * 100),
    back: () => seek(shown - 15),
    forward: () => seek(shown + 15),
    toggle: () => (playing ? ctx.current?.pause() : ctx.current?.play()),
    seekToX,
  }
}

/** An article: study counts while the page is on screen; how far down it was read is the position. */
export function useArticleLesson(lesson: Lesson) {
  const visible = usePageVisible()
  const fraction = useRef(lesson.myProgress ? lesson.myProgress.positionSec / lesson.durationSec : 0)
  const reachedEnd = useRef(false)
  const { progress, failing, beat } = useHeartbeat(lesson.id, () => fraction.current * lesson.durationSec, visible)

  const measure = (scrollTop: number) => {
    Taro.createSelectorQuery()
      .select('.lesson__article')
      .boundingClientRect((r) => {
        const rect = Array.isArray(r) ? r[0] : r
        if (!rect) return
        const windowHeight = typeof Taro.getWindowInfo === 'function' ? Taro.getWindowInfo().windowHeight : Taro.getSystemInfoSync().windowHeight
        const bottom = rect.top + scrollTop + rect.height // the article's end, in page coordinates
        const seen = Math.min(1, Math.max(0, (scrollTop + windowHeight) / Math.max(1, bottom)))
        fraction.current = Math.max(fraction.current, Math.min(seen, 0.97))
      })
      .exec()
  }
  usePageScroll(({ scrollTop }) => measure(scrollTop))
  // The end of the text coming into view (also when a short article fits on the screen) is "read to the end".
  useEffect(() => {
    const observer = Taro.createIntersectionObserver(Taro.getCurrentInstance().page ?? {})
    observer.relativeToViewport({ bottom: 0 }).observe('.lesson__end', (res) => {
      if (!res.intersectionRatio || res.intersectionRatio <= 0) return
      fraction.current = 1
      if (!reachedEnd.current) {
        reachedEnd.current = true
        void beat()
      }
    })
    return () => observer.disconnect()
  }, [beat])

  return { progress, failing }
}
