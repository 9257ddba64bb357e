import type { ReactNode } from 'react'
import { RichText, Text, Video, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { LESSON_KIND_LABELS, clock, progressLabel, type Lesson } from '@/domain/lessons'
import StateView from '@/components/StateView'
import { mediaSrc } from '@/services/lessons'
import { ROUTES } from '@/utils/routes'
import { useArticleLesson, useAudioLesson, useLessonDetail, useVideoLesson } from './useLessonDetail'
import '../lesson.scss'

/** One lesson: video, audio or article; resumes where I stopped; the server credits the time. */
export default function LessonPage() {
  const { id, signedIn, lesson: state, reload } = useLessonDetail()
  if (!id) return <StateView kind='error' message='链接不完整：缺少课程编号' />
  if (!signedIn || state.status === 'loading') return <StateView kind='loading' text='正在加载课程…' />
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={reload} />
  const l = state.data
  const heading = (
    <View className='card'>
      <Text className='lesson__title'>{l.title}</Text>
      <Text className='muted'>{`${l.category} · ${LESSON_KIND_LABELS[l.kind]} · ${clock(l.durationSec)}${l.lecturer ? ` · ${l.lecturer}` : ''}`}</Text>
      {l.canEdit && (
        <Text className='muted lesson__edit' onClick={() => Taro.navigateTo({ url: `${ROUTES.lessonEdit}?id=${l.id}` })}>
          {l.published ? '编辑' : '编辑（未发布）'}
        </Text>
      )}
    </View>
  )
  return (
    <View className='page lesson'>
      {/* A video sits on top at its own 16:9 and the title comes under it; other kinds start with the title. */}
      {l.kind === 'video' ? <VideoLesson lesson={l} heading={heading} /> : heading}
      {l.kind === 'audio' && <AudioLesson lesson={l} />}
      {l.kind === 'article' && <ArticleLesson lesson={l} />}
      <Button type='primary' fill='outline' block size='large' className='lesson__back' onClick={() => void Taro.switchTab({ url: ROUTES.lessons })}>
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
      <Text className='muted'>{p?.completed ? '这节课已经学完，可以随时回看' : `${progressLabel(p, lesson.kind)} · 学习时长按实际学习时间计算`}</Text>
      {failing && <Text className='field__hint'>网络不好，学习记录稍后自动补报，请继续学习</Text>}
    </View>
  )
}

function VideoLesson({ lesson, heading }: { lesson: Lesson; heading: ReactNode }) {
  const v = useVideoLesson(lesson)
  return (
    <View>
      <Video
        className='lesson__video'
        id='lesson-video'
        src={mediaSrc(lesson.mediaUrl)}
        poster={mediaSrc(lesson.coverUrl)}
        initialTime={v.startAt}
        controls
        showCenterPlayBtn
        onTimeUpdate={(e) => v.onTimeUpdate(e.detail.currentTime)}
        onPlay={v.onPlay}
        onPause={v.onStop}
        onEnded={v.onStop}
        onError={v.onError}
      />
      {v.error && <Text className='field__hint'>{v.error}</Text>}
      {heading}
      <Credited lesson={lesson} progress={v.progress} failing={v.failing} />
    </View>
  )
}

function AudioLesson({ lesson }: { lesson: Lesson }) {
  const a = useAudioLesson(lesson)
  return (
    <View className='card lesson__audio'>
      <View className='audio__bar' onClick={(e) => a.seekToX((e as unknown as { detail?: { x?: number } }).detail?.x)}>
        <View className='audio__fill' style={{ width: `${a.percent}%` }} />
      </View>
      <View className='row'>
        <Text className='muted audio__time'>{`${clock(a.shown)} / ${clock(lesson.durationSec)}`}</Text>
        {a.waiting && <Text className='muted'>缓冲中…</Text>}
      </View>
      <View className='actions'>
        <Button type='primary' fill='outline' size='small' onClick={a.back}>
          后退 15 秒
        </Button>
        <Button type='primary' className='audio__toggle' size='small' onClick={a.toggle}>
          {a.playing ? '暂停' : '播放'}
        </Button>
        <Button type='primary' fill='outline' size='small' onClick={a.forward}>
          前进 15 秒
        </Button>
      </View>
      {a.error && <Text className='field__hint'>{a.error}</Text>}
      <Credited lesson={lesson} progress={a.progress} failing={a.failing} />
    </View>
  )
}

function ArticleLesson({ lesson }: { lesson: Lesson }) {
  const r = useArticleLesson(lesson)
  return (
    <View>
      <View className='card'>
        <RichText className='lesson__article' nodes={lesson.bodyHtml ?? ''} />
        <Text className='muted lesson__end'>— 全文完 —</Text>
      </View>
      <Credited lesson={lesson} progress={r.progress} failing={r.failing} />
    </View>
  )
}
