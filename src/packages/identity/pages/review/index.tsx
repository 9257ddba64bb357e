import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { MEMBER_TYPE_LABELS } from '@/domain/enums'
import ErrorMessage from '@/components/ErrorMessage'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import { useAction } from '@/hooks/useAction'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { approveDeclaration, listDeclarations, rejectDeclaration } from '@/services/identity'
import { formatDate } from '@/utils/date'
import '../identity.scss'

/** The secretary's queue: pending declarations of the branches in scope, oldest first. */
export default function ReviewPage() {
  const signedIn = useRequireLogin()
  const [state, reload] = useRemote(signedIn ? () => listDeclarations('review', 'pending') : null, [signedIn])
  const [rejecting, setRejecting] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const { busy, error, run } = useAction()
  useDidShow(() => signedIn && reload())

  async function act(id: string, action: () => Promise<unknown>, done: string) {
    if (!(await run(id, action, done))) return
    setRejecting(null)
    setReason('')
    reload()
  }

  if (!signedIn || state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={reload} />
  const items = state.data.items
  return (
    <View className='page review'>
      {state.status === 'ready' && state.stale && <StaleNotice loadedAt={state.loadedAt} onRetry={reload} />}
      <ErrorMessage message={error} />
      {items.length === 0 && <StateView kind='empty' message='没有待审核的亮身份申报' />}
      {items.map((d) => (
        <View key={d.id} className='card review__item'>
          <View className='row'>
            <Text className='card-title'>{d.realName}</Text>
            <Text className='status status--pending'>{`已等待 ${d.daysWaiting} 天`}</Text>
          </View>
          <Text className='muted' style={{ display: 'block' }}>{`${d.branchName} · ${MEMBER_TYPE_LABELS[d.memberType]} · 入党 ${formatDate(d.joinedAt)}`}</Text>
          <Text className='muted' style={{ display: 'block' }}>{`手机 ${d.phoneMasked}${d.idNumberMasked ? ` · 身份证 ${d.idNumberMasked}` : ''}`}</Text>
          {d.originOrg && <Text className='muted' style={{ display: 'block' }}>{`原组织：${d.originOrg}`}</Text>}
          {d.position && <Text className='muted' style={{ display: 'block' }}>{`岗位：${d.position}`}</Text>}
          {d.pledge && <Text style={{ display: 'block', marginTop: '8px' }}>{`承诺：${d.pledge}`}</Text>}
          {rejecting === d.id ? (
            <View>
              <Input className='field__input review__reason' value={reason} placeholder='请填写不通过的原因（申报人会看到）' maxLength={200} onChange={(v) => setReason(v)} />
              <View className='actions'>
                <Button type='primary' size='small' loading={busy === d.id} disabled={!!busy} onClick={() => act(d.id, () => rejectDeclaration(d.id, reason), '已退回')}>
                  确认不通过
                </Button>
                <Button type='primary' fill='outline' size='small' onClick={() => setRejecting(null)}>
                  取消
                </Button>
              </View>
            </View>
          ) : (
            <View className='actions'>
              <Button type='primary' className='review__approve' size='small' loading={busy === d.id} disabled={!!busy} onClick={() => act(d.id, () => approveDeclaration(d.id), '已通过')}>
                通过
              </Button>
              <Button type='primary' fill='outline' size='small' disabled={!!busy} onClick={() => setRejecting(d.id)}>
                不通过
              </Button>
            </View>
          )}
        </View>
      ))}
    </View>
  )
}
