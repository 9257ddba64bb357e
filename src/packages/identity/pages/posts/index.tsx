import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { MEMBER_TYPE_LABELS } from '@/domain/enums'
import { appLink } from '@/domain/links'
import { POST_KINDS, POST_KIND_LABELS, type PostKind } from '@/domain/identity'
import ErrorMessage from '@/components/ErrorMessage'
import QrCode from '@/components/QrCode'
import StateView from '@/components/StateView'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { assignPost, branchMembers, removePost } from '@/services/identity'
import { publicWebBase } from '@/services/config'
import { errorText } from '@/services/request'
import '../identity.scss'

/** 设岗定责 (secretary): 党员先锋岗 / 示范岗 / 责任区 for the members of a branch. */
export default function PostsPage() {
  const signedIn = useRequireLogin()
  const params = useRouter().params
  const branchId = params.branchId ?? ''
  const [state, reload] = useRemote(signedIn && branchId ? () => branchMembers(branchId) : null, [signedIn, branchId])
  const [editing, setEditing] = useState<string | null>(null)
  const [kind, setKind] = useState<PostKind>('pioneer_post')
  const [title, setTitle] = useState('')
  const [error, setError] = useState<string | null>(null)

  async function run(action: () => Promise<unknown>, done: string) {
    setError(null)
    try {
      await action()
      Taro.showToast({ title: done, icon: 'success' })
      setEditing(null)
      setTitle('')
      reload()
    } catch (err) {
      setError(errorText(err, '操作失败，请重试'))
    }
  }

  if (!branchId) return <StateView kind='empty' message='没有指定支部' />
  if (!signedIn || state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={reload} />
  return (
    <View className='page'>
      <ErrorMessage message={error} />
      <View className='card' style={{ textAlign: 'center' }}>
        <Text className='card-title'>本支部亮身份二维码</Text>
        <QrCode value={appLink(publicWebBase(), 'declare', branchId)} size={360} />
        <Text className='muted' style={{ display: 'block', marginTop: '12px' }}>
          张贴在车间、办公区：党员扫码即打开亮身份申报，支部已选好
        </Text>
      </View>
      {state.data.items.length === 0 && <StateView kind='empty' message='支部还没有登记在册的党员' />}
      {state.data.items.map((m) => (
        <View key={m.memberId} className='card'>
          <View className='row'>
            <Text className='card-title'>{m.realName}</Text>
            <Text className='muted'>{MEMBER_TYPE_LABELS[m.memberType]}</Text>
          </View>
          {m.posts.map((p) => (
            <View key={p.id} className='row'>
              <Text>{`${p.kindLabel}：${p.title}`}</Text>
              <Text className='muted' onClick={() => run(() => removePost(p.id), '已撤销')}>
                撤销
              </Text>
            </View>
          ))}
          {editing === m.memberId ? (
            <View>
              <View className='choice'>
                {POST_KINDS.map((k) => (
                  <View key={k} className={`choice__item${kind === k ? ' choice__item--on' : ''}`} onClick={() => setKind(k)}>
                    <Text>{POST_KIND_LABELS[k]}</Text>
                  </View>
                ))}
              </View>
              <Input className='field__input' value={title} placeholder='岗位名称，如 研发攻坚先锋岗' maxLength={30} onChange={(v) => setTitle(v)} />
              <View className='actions'>
                <Button type='primary' size='small' onClick={() => run(() => assignPost(m.memberId, kind, title), '已设岗')}>
                  确定
                </Button>
                <Button type='primary' fill='outline' size='small' onClick={() => setEditing(null)}>
                  取消
                </Button>
              </View>
            </View>
          ) : (
            <Button type='primary' fill='outline' size='small' onClick={() => setEditing(m.memberId)}>
              设岗
            </Button>
          )}
        </View>
      ))}
    </View>
  )
}
