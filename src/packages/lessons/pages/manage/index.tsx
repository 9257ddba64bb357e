import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { LESSON_KIND_LABELS, clock } from '@/domain/lessons'
import ErrorMessage from '@/components/ErrorMessage'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import { useAction } from '@/hooks/useAction'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { listLessons, setPublished } from '@/services/lessons'
import { ROUTES } from '@/utils/routes'
import '../lesson.scss'

/** The lessons a secretary or admin may edit: drafts and published, with publish / unpublish. */
export default function ManageLessonsPage() {
  const signedIn = useRequireLogin()
  const [state, reload] = useRemote(signedIn ? () => listLessons({ scope: 'manage', limit: 50 }) : null, [signedIn])
  const { busy, error, run } = useAction()
  useDidShow(() => signedIn && reload())
  usePullDownRefresh(() => {
    reload()
    Taro.stopPullDownRefresh()
  })

  async function toggle(id: string, publish: boolean) {
    if (await run(id, () => setPublished(id, publish), publish ? '已发布' : '已撤下')) reload()
  }

  if (!signedIn || state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={reload} />
  return (
    <View className='page manage'>
      {state.status === 'ready' && state.stale && <StaleNotice loadedAt={state.loadedAt} onRetry={reload} />}
      <Button type='primary' block size='large' className='manage__new' onClick={() => Taro.navigateTo({ url: ROUTES.lessonEdit })}>
        新建微党课
      </Button>
      <ErrorMessage message={error} />
      {state.data.items.length === 0 && <StateView kind='empty' message='你管理的组织还没有微党课' />}
      {state.data.items.map((l) => (
        <View key={l.id} className='card manage__item'>
          <Text className='card-title'>{l.title}</Text>
          <Text className='muted'>{`${l.orgName} · ${l.category} · ${LESSON_KIND_LABELS[l.kind]} · ${clock(l.durationSec)} · ${l.publishedAt ? '已发布' : '未发布'}`}</Text>
          <View className='actions'>
            <Button type='primary' fill='outline' size='small' onClick={() => Taro.navigateTo({ url: `${ROUTES.lessonEdit}?id=${l.id}` })}>
              编辑
            </Button>
            <Button type='primary' fill='outline' size='small' onClick={() => Taro.navigateTo({ url: `${ROUTES.lesson}?id=${l.id}` })}>
              预览
            </Button>
            <Button type='primary' size='small' loading={busy === l.id} disabled={!!busy} onClick={() => toggle(l.id, !l.publishedAt)}>
              {l.publishedAt ? '撤下' : '发布'}
            </Button>
          </View>
        </View>
      ))}
    </View>
  )
}
