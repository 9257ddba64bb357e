import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useRouter } from '@tarojs/taro'
import { ROLE_LABELS } from '@/domain/enums'
import { INVITATION_STATUS_LABELS, INVITE_ROLES, INVITE_ROLE_LABELS, SECRETARY_TITLES } from '@/domain/park'
import { formatDateTime } from '@/domain/time'
import Choice from '@/components/Choice'
import ErrorMessage from '@/components/ErrorMessage'
import PrivacyPopup from '@/components/PrivacyPopup'
import QrCode from '@/components/QrCode'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import TextField from '@/components/TextField'
import { useAppoint } from './useAppoint'
import '../park.scss'

/** 任命管理: appointments by one-time invitation (7 days, bound to the first account that accepts). */
export default function AppointPage() {
  const params = useRouter().params
  const orgId = params.orgId ?? ''
  const a = useAppoint(orgId, params.targetId ?? null)
  if (!orgId) return <StateView kind='empty' message='没有指定党委，请从首页进入' />
  if (!a.signedIn || a.state.status === 'loading') return <StateView kind='loading' />
  if (a.state.status === 'error') return <StateView kind='error' message={a.state.error.message} onRetry={a.reload} />
  const { invitations, appointments, enterprises, tree } = a.state.data
  const pending = invitations.filter((i) => i.status === 'pending')
  const link = a.shown ? a.linkOf(a.shown) : null
  return (
    <View className='page'>
      {a.state.stale && <StaleNotice loadedAt={a.state.loadedAt} onRetry={a.reload} />}
      {a.shown && link && (
        <View className='card park-invitation' style={{ textAlign: 'center' }}>
          <Text className='card-title'>{`请${a.shown.inviteeName}用微信扫码接受任命`}</Text>
          <QrCode value={link} size={400} />
          <Text className='park-link park-invitation-link' style={{ display: 'block' }}>{link}</Text>
          <Text className='muted' style={{ display: 'block' }}>{`${a.shown.orgName} · ${a.shown.title ?? INVITE_ROLE_LABELS[a.shown.role]} · ${formatDateTime(a.shown.expiresAt)} 前有效，只能被一个微信账号接受`}</Text>
          <View className='actions'>
            <Button size='small' type='primary' onClick={() => a.copy(a.shown!)}>
              复制链接
            </Button>
            <Button size='small' type='default' onClick={() => a.show(null)}>
              收起
            </Button>
          </View>
        </View>
      )}

      <View className='card'>
        <Text className='card-title'>发出任命邀请</Text>
        <View className='field'>
          <Text className='field__label'>任命为</Text>
          <Choice options={INVITE_ROLES.map((r) => ({ value: r, label: INVITE_ROLE_LABELS[r], className: `role-${r}` }))} value={a.fields.role} onChange={a.set.role} />
        </View>
        {a.fields.role === 'secretary' && (
          <View className='field'>
            <Text className='field__label'>职务</Text>
            <Choice options={SECRETARY_TITLES.map((t) => ({ value: t, label: t, className: `title-${t}` }))} value={a.fields.title} onChange={a.set.title} />
            <Text className='muted'>副书记、组织委员与书记有同样的权限。</Text>
          </View>
        )}
        {a.fields.role !== 'instructor' ? (
          <View className='field'>
            <Text className='field__label'>{a.fields.role === 'secretary' ? '党支部' : '党委或党总支'}</Text>
            {a.orgs.length === 0 && <Text className='muted'>还没有党支部，请先在组织架构里新建</Text>}
            {a.orgs.map((o) => (
              <View key={o.id} className={`pick park-target${a.fields.org === o.id ? ' pick--on' : ''}`} onClick={() => a.set.org(o.id)}>
                <Text>{o.name}</Text>
              </View>
            ))}
            {a.hint('orgId') && <Text className='field__hint'>{a.hint('orgId')}</Text>}
          </View>
        ) : (
          <View className='field'>
            <Text className='field__label'>负责的企业和党支部（可多选）</Text>
            {enterprises.map((e) => (
              <View key={e.id} className={`pick park-cover${a.fields.enterpriseIds.includes(e.id) ? ' pick--on' : ''}`} onClick={() => a.set.enterprise(e.id)}>
                <Text>{`${e.name}（企业）`}</Text>
              </View>
            ))}
            {tree.items
              .filter((n) => n.type === 'branch')
              .map((b) => (
                <View key={b.id} className={`pick park-cover${a.fields.branchIds.includes(b.id) ? ' pick--on' : ''}`} onClick={() => a.set.branch(b.id)}>
                  <Text>{b.name}</Text>
                </View>
              ))}
            {a.hint('enterpriseIds') && <Text className='field__hint'>{a.hint('enterpriseIds')}</Text>}
          </View>
        )}
        <TextField name='invitee' label='被任命人姓名' value={a.fields.inviteeName} placeholder='用于核对，对方接受时会看到' hint={a.hint('inviteeName')} maxlength={30} onChange={a.set.inviteeName} />
        <ErrorMessage message={a.error} />
        <Button block type='primary' className='park-invite' disabled={!a.canInvite} loading={a.busy === 'invite'} onClick={() => void a.invite()}>
          生成邀请二维码
        </Button>
      </View>

      <View className='card'>
        <Text className='card-title'>{`待接受的邀请（${pending.length}）`}</Text>
        {pending.length === 0 && <Text className='muted'>没有待接受的邀请</Text>}
        {pending.map((i) => (
          <View key={i.id} className='row park-pending'>
            <Text>{`${i.inviteeName} · ${i.title ?? INVITE_ROLE_LABELS[i.role]} · ${i.orgName}`}</Text>
            <View>
              <Text className='muted park-show' onClick={() => a.show(i)}>
                二维码
              </Text>
              <Text className='muted park-revoke' style={{ marginLeft: '24px' }} onClick={() => void a.revoke(i)}>
                撤回
              </Text>
            </View>
          </View>
        ))}
        {invitations
          .filter((i) => i.status !== 'pending')
          .slice(0, 10)
          .map((i) => (
            <View key={i.id} className='row'>
              <Text className='muted'>{`${i.inviteeName} · ${i.orgName}`}</Text>
              <Text className='muted'>{i.status === 'accepted' ? `已接受（${i.acceptedByName ?? ''}）` : INVITATION_STATUS_LABELS[i.status]}</Text>
            </View>
          ))}
      </View>

      <View className='card'>
        <Text className='card-title'>在任人员</Text>
        {appointments.length === 0 && <Text className='muted'>还没有任命</Text>}
        {appointments.map((p) => (
          <View key={p.id} className='row park-appointment'>
            <Text>{`${p.name} · ${p.title ?? ROLE_LABELS[p.role]} · ${p.orgName}`}</Text>
            {p.canRemove && (
              <Text className='muted park-remove' onClick={() => void a.remove(p.id, p.name)}>
                免去
              </Text>
            )}
          </View>
        ))}
      </View>
      {/* 复制链接 / 选择聊天文件 are privacy APIs: the consent popup shows here when WeChat asks. */}
      <PrivacyPopup />
    </View>
  )
}
