import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useRouter } from '@tarojs/taro'
import { BRANCH_KIND_LABELS, ORG_TYPE_LABELS } from '@/domain/enums'
import { CHILD_TYPES } from '@/domain/park'
import ErrorMessage from '@/components/ErrorMessage'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import { useTree } from './useTree'
import '../park.scss'

/** 组织架构 (admins; instructors read): the committee and everything below it, with what each breaks. */
export default function TreePage() {
  const orgId = useRouter().params.orgId ?? ''
  const t = useTree(orgId)
  if (!orgId) return <StateView kind='empty' message='没有指定党委，请从首页进入' />
  if (!t.signedIn || t.state.status === 'loading') return <StateView kind='loading' />
  if (t.state.status === 'error') return <StateView kind='error' message={t.state.error.message} onRetry={t.reload} />
  const { items, canAdmin } = t.state.data
  return (
    <View className='page'>
      {t.state.stale && <StaleNotice loadedAt={t.state.loadedAt} onRetry={t.reload} />}
      <ErrorMessage message={t.error} />
      {!canAdmin && <Text className='muted'>你是党建指导员：这里只能查看。</Text>}
      {items.map((n) => (
        <View key={n.id} className={`card park-node park-node-${n.id}`} style={{ marginLeft: `${Math.min(n.depth, 4) * 32}px` }}>
          <Text className='park-node__name'>{n.name}</Text>
          <View>
            <Text className='park-tag'>{n.branchKind ? BRANCH_KIND_LABELS[n.branchKind] : ORG_TYPE_LABELS[n.type]}</Text>
            {n.type === 'branch' && <Text className='park-tag'>{n.formed ? '已组建' : '未标记组建'}</Text>}
          </View>
          {n.type === 'branch' && (
            <Text className='muted' style={{ display: 'block' }}>{`党员 ${n.members} 名（正式 ${n.fullMembers}） · 联系企业 ${n.enterprises} 家`}</Text>
          )}
          {n.warnings.map((w) => (
            <Text key={w} className='park-warning'>{`⚠ ${w}`}</Text>
          ))}
          {canAdmin && (
            <View className='actions'>
              {CHILD_TYPES[n.type].length > 0 && (
                <Button size='small' type='primary' fill='outline' className='park-add-child' onClick={() => t.addChild(n)}>
                  新建下级
                </Button>
              )}
              {n.canManage && (
                <Button size='small' type='primary' fill='outline' className='park-edit' onClick={() => t.edit(n)}>
                  改名 / 移动
                </Button>
              )}
              <Button size='small' type='primary' fill='outline' className='park-appoint' onClick={() => t.appoint(n)}>
                任命
              </Button>
              {n.canManage && (
                <Button size='small' type='default' className='park-dissolve' loading={t.busy === n.id} onClick={() => void t.dissolve(n)}>
                  撤销
                </Button>
              )}
            </View>
          )}
        </View>
      ))}
    </View>
  )
}
