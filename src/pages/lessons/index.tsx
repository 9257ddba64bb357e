import { Image, Input, Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { LESSON_KIND_LABELS, clock, progressLabel } from '@/domain/lessons'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { lessonCategories, mediaSrc } from '@/services/lessons'
import { useLessonsStore } from '@/stores/lessons'
import { useMeStore } from '@/stores/me'
import { ROUTES } from '@/utils/routes'
import './index.scss'

/** 微党课: categories, search, newest first, my progress on each; pull to refresh, scroll for more. */
export default function LessonsPage() {
  const signedIn = useRequireLogin()
  const s = useLessonsStore()
  const me = useMeStore()
  const [typed, setTyped] = useState(s.q)
  const [cats, reloadCats] = useRemote(signedIn ? lessonCategories : null, [signedIn])
  const canPublish = !!me.data?.roles.some((r) => r.role === 'secretary' || r.role === 'admin')

  useEffect(() => {
    if (signedIn && useLessonsStore.getState().status === 'idle') void useLessonsStore.getState().refresh()
  }, [signedIn])
  // Back from a lesson: my progress on it has changed.
  useDidShow(() => {
    if (signedIn && useLessonsStore.getState().status !== 'idle') void useLessonsStore.getState().refresh()
  })
  usePullDownRefresh(() => {
    reloadCats()
    void useLessonsStore
      .getState()
      .refresh()
      .finally(() => Taro.stopPullDownRefresh())
  })
  useReachBottom(() => void useLessonsStore.getState().loadMore())

  if (!signedIn) return <StateView kind='loading' text='正在前往登录…' />
  const search = () => void s.setQuery(typed.trim())
  return (
    <View className='page lessons'>
      <View className='lessons__search'>
        <Input
          className='lessons__input'
          value={typed}
          placeholder='搜索课程名称或主讲人'
          confirmType='search'
          maxlength={50}
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={search}
        />
        <Text className='lessons__go' onClick={search}>
          搜索
        </Text>
      </View>
      <View className='lessons__cats'>
        <Text className={`lessons__cat${s.category === null ? ' lessons__cat--on' : ''}`} onClick={() => void s.setCategory(null)}>
          全部
        </Text>
        {cats.status === 'ready' &&
          cats.data.items.map((c) => (
            <Text key={c.name} className={`lessons__cat${s.category === c.name ? ' lessons__cat--on' : ''}`} onClick={() => void s.setCategory(c.name)}>
              {c.name}
            </Text>
          ))}
      </View>
      {canPublish && (
        <Text className='lessons__manage muted' onClick={() => Taro.navigateTo({ url: ROUTES.lessonManage })}>
          发布与管理微党课 ›
        </Text>
      )}

      {(s.status === 'loading' || s.status === 'idle') && <StateView kind='loading' />}
      {s.status === 'error' && s.error && <StateView kind='error' message={s.error.message} onRetry={() => void s.refresh()} />}
      {s.status === 'ready' && s.error && s.loadedAt !== null && <StaleNotice loadedAt={s.loadedAt} onRetry={() => void s.refresh()} />}
      {s.status === 'ready' && s.items.length === 0 && (
        <StateView kind='empty' message={s.q ? `没有找到与“${s.q}”有关的课程` : s.category ? `「${s.category}」下还没有课程` : '还没有发布的微党课'} />
      )}
      {s.items.map((l) => (
        <View key={l.id} className='card lesson-item' onClick={() => Taro.navigateTo({ url: `${ROUTES.lesson}?id=${l.id}` })}>
          {l.coverUrl ? <Image className='lesson-item__cover' src={mediaSrc(l.coverUrl)} mode='aspectFill' lazyLoad /> : <View className='lesson-item__cover' />}
          <View className='lesson-item__body'>
            <Text className='lesson-item__title'>{l.title}</Text>
            <Text className='muted'>{`${LESSON_KIND_LABELS[l.kind]} · ${clock(l.durationSec)}${l.lecturer ? ` · ${l.lecturer}` : ''}`}</Text>
            <Text className={`lesson-item__progress${l.myProgress?.completed ? ' lesson-item__progress--done' : ''}`}>{progressLabel(l.myProgress, l.kind)}</Text>
          </View>
        </View>
      ))}
      {s.status === 'ready' && s.items.length > 0 && (
        <View className='lessons__more'>
          {s.moreStatus === 'loading' && <Text className='muted'>正在加载…</Text>}
          {s.moreStatus === 'error' && (
            <Text className='muted' onClick={() => void s.loadMore()}>
              加载失败，点击重试
            </Text>
          )}
          {s.moreStatus === 'idle' &&
            (s.nextCursor ? (
              <Text className='muted lessons__load-more' onClick={() => void s.loadMore()}>
                加载更多
              </Text>
            ) : (
              <Text className='muted'>没有更多了</Text>
            ))}
        </View>
      )}
    </View>
  )
}
