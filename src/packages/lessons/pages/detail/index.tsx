import { Button, RichText, Text, Video, View } from '@tarojs/components'
import Taro, { usePageScroll, useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { LESSON_KIND_LABELS, clock, progressLabel, type Lesson } from '@/domain/lessons'
import StateView from '@/components/StateView'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { getLesson, mediaSrc } from '@/services/lessons'
import { ROUTES } from '@/utils/routes'
import { useHeartbeat, usePageVisible } from '../../useHeartbeat'
import '../lesson.scss'

/** One lesson: video, audio or article; resumes where I stopped; the server credits the time. */
export default function LessonPage() {
  const signedIn = useRequireLogin()
  const id = useRouter().params.id ?? ''
  const [state, reload] = useRemote(signedIn && id ? () => getLesson(id) : null, [signedIn, id])
  if (!id) return <StateView kind='error' message='链接不完整：缺少课程编号' />
  if (!signedIn || state.status === 'loading') return <StateView kind='loading' text='正在加载课程…' />
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={reload} />
  const l = state.data
  return (
    <View className='page lesson'>
      <View className='card'>
        <Text className='lesson__title'>{l.title}</Text>
        <Text className='muted'>{`${l.category} · ${LESSON_KIND_LABELS[l.kind]} · ${clock(l.durationSec)}${l.lecturer ? ` · ${l.lecturer}` : ''}`}</Text>
        {l.canEdit && (
          <Text className='muted lesson__edit' onClick={() => Taro.navigateTo({ url: `${ROUTES.lessonEdit}?id=${l.id}` })}>
            {l.published ? '编辑' : '编辑（未发布）'}
          </Text>
        )}
      </View>
      {l.kind === 'video' && <VideoLesson lesson={l} />}
      {l.kind === 'audio' && <AudioLesson lesson={l} />}
      {l.kind === 'article' && <ArticleLesson lesson={l} />}
      <Button className='btn-plain lesson__back' onClick={() => void Taro.switchTab({ url: ROUTES.lessons })}>
        返回课程列表
      </Button>
    </View>
  )
}

function Credited({ lesson, progress, failing }: { lesson: Lesson; progress: Lesson['myProgress']; failing: boolean }) {
  const p = progress ?? lesson.myProgress
  return (
    <View className='card lesson__credit'>
      <Text className='lesson__credit-label'>{p?.completed ? '已完成' : `已计入学习 ${clock(p?.creditedSec ?? 0)}`}</Text>
      <Text className='muted'>{p?.completed ? '这节课已经学完，可以随时回看' : `${progressLabel(p)} · 学习时长按实际学习时间计算`}</Text>
      {failing && <Text className='field__hint'>网络不好，学习记录稍后自动补报，请继续学习</Text>}
    </View>
  )
}

/** Where to pick up: the saved position, unless the lesson was finished (then from the start). */
const resumeAt = (l: Lesson) => (l.myProgress && !l.myProgress.completed && l.myProgress.positionSec < l.durationSec - 2 ? l.myProgress.positionSec : 0)

function VideoLesson({ lesson }: { lesson: Lesson }) {
  const pos = useRef(resumeAt(lesson))
  const [playing, setPlaying] = useState(false)
  const visible = usePageVisible()
  const [error, setError] = useState<string | null>(null)
  const { progress, failing } = useHeartbeat(lesson.id, () => pos.current, playing && visible)
  return (
    <View>
      <Video
        className='lesson__video'
        id='lesson-video'
        src={mediaSrc(lesson.mediaUrl)}
        poster={mediaSrc(lesson.coverUrl)}
        initialTime={resumeAt(lesson)}
        controls
        showCenterPlayBtn
        onTimeUpdate={(e) => (pos.current = e.detail.currentTime)}
        onPlay={() => (setPlaying(true), setError(null))}
        onPause={() => setPlaying(false)}
        onEnded={() => setPlaying(false)}
        onError={() => (setPlaying(false), setError('视频加载失败：请检查网络后点播放重试'))}
      />
      {error && <Text className='field__hint'>{error}</Text>}
      <Credited lesson={lesson} progress={progress} failing={failing} />
    </View>
  )
}

function AudioLesson({ lesson }: { lesson: Lesson }) {
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
  const pct = Math.min(100, (shown / lesson.durationSec) * 100)
  return (
    <View className='card lesson__audio'>
      <View className='audio__bar' onClick={(e) => {
        const x = (e as unknown as { detail?: { x?: number } }).detail?.x
        Taro.createSelectorQuery()
          .select('.audio__bar')
          .boundingClientRect((r) => {
            const rect = Array.isArray(r) ? r[0] : r
            if (rect && typeof x === 'number' && rect.width > 0) seek(((x - rect.left) / rect.width) * lesson.durationSec)
          })
          .exec()
      }}>
        <View className='audio__fill' style={{ width: `${pct}%` }} />
      </View>
      <View className='row'>
        <Text className='muted audio__time'>{`${clock(shown)} / ${clock(lesson.durationSec)}`}</Text>
        {waiting && <Text className='muted'>缓冲中…</Text>}
      </View>
      <View className='actions'>
        <Button className='btn-plain' size='mini' onClick={() => seek(shown - 15)}>
          后退 15 秒
        </Button>
        <Button className='btn-primary audio__toggle' size='mini' onClick={() => (playing ? ctx.current?.pause() : ctx.current?.play())}>
          {playing ? '暂停' : '播放'}
        </Button>
        <Button className='btn-plain' size='mini' onClick={() => seek(shown + 15)}>
          前进 15 秒
        </Button>
      </View>
      {error && <Text className='field__hint'>{error}</Text>}
      <Credited lesson={lesson} progress={progress} failing={failing} />
    </View>
  )
}

function ArticleLesson({ lesson }: { lesson: Lesson }) {
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

  return (
    <View>
      <View className='card'>
        <RichText className='lesson__article' nodes={lesson.bodyHtml ?? ''} />
        <Text className='muted lesson__end'>— 全文完 —</Text>
      </View>
      <Credited lesson={lesson} progress={progress} failing={failing} />
    </View>
  )
}
