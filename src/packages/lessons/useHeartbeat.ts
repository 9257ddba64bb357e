import { useDidHide, useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import { HEARTBEAT_INTERVAL_SEC, type MyProgress } from '@/domain/lessons'
import { sendHeartbeat } from '@/services/lessons'
import { useLessonsStore } from '@/stores/lessons'

const RETRY_MS = 3000

/**
 * Tells the server where the learner is: at once when study starts, every 15 s while it goes on,
 * and once more when it stops or the page goes away. The server credits time by its own clock, so a
 * beat that fails loses nothing: it is retried a few seconds later with the then-current position.
 */
export function useHeartbeat(lessonId: string, position: () => number, active: boolean) {
  const [progress, setProgress] = useState<MyProgress | null>(null)
  const [failing, setFailing] = useState(false)
  const positionRef = useRef(position)
  positionRef.current = position
  const retry = useRef<ReturnType<typeof setTimeout> | null>(null)
  const sending = useRef(false)
  const again = useRef(false)
  const activeRef = useRef(active)
  activeRef.current = active
  /** After the page is gone, a failed last beat is retried only a few times. */
  const retriesLeft = useRef<number | null>(null)

  const beat = useCallback(async () => {
    if (!lessonId) return
    // One request at a time (the server orders them anyway); a beat asked for meanwhile follows it.
    if (sending.current) {
      again.current = true
      return
    }
    sending.current = true
    if (retry.current) clearTimeout(retry.current)
    retry.current = null
    try {
      const answer = await sendHeartbeat(lessonId, positionRef.current())
      setProgress(answer)
      useLessonsStore.getState().noteProgress(lessonId, answer)
      setFailing(false)
    } catch {
      setFailing(true)
      if (retriesLeft.current === null || retriesLeft.current-- > 0) retry.current = setTimeout(() => void beat(), RETRY_MS)
    } finally {
      sending.current = false
      if (again.current) {
        again.current = false
        void beat()
      }
    }
  }, [lessonId])

  useEffect(() => {
    if (!active) return
    void beat()
    const timer = setInterval(() => void beat(), HEARTBEAT_INTERVAL_SEC * 1000)
    return () => {
      clearInterval(timer)
      // Stopping (pause, end, leaving): one last beat with where the learner stopped.
      void beat()
    }
  }, [active, beat])

  // Leaving the page: if study was going on, the cleanup above already said where it stopped;
  // otherwise (paused, or only sought) say it once here, as long as there is a position to keep.
  useEffect(
    () => () => {
      retriesLeft.current = 3
      if (!activeRef.current && positionRef.current() > 0) void beat()
    },
    [beat],
  )

  return { progress, failing, beat }
}

/** True while the page is on screen (the app is not in the background, no other page on top). */
export function usePageVisible(): boolean {
  const [visible, setVisible] = useState(true)
  useDidShow(() => setVisible(true))
  useDidHide(() => setVisible(false))
  return visible
}
