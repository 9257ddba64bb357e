import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { TRANSFER_STATUS_LABELS, findTransition, type Transfer, type TransferAction } from '@/domain/transfers'
import ErrorMessage from '@/components/ErrorMessage'
import StateView from '@/components/StateView'
import { useAction } from '@/hooks/useAction'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { getTransfer, moveTransfer } from '@/services/transfers'
import { formatDate, formatDateTime } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import '../transfers.scss'

type Move = Exclude<TransferAction, 'resubmit' | 'expire'>
const DONE: Record<Move, string> = { accept: '已接收', return: '已退回', reject: '已不予接收', complete: '已完成', cancel: '已撤回' }

/** One request: where it stands, what to do next, who did what when; the moves the viewer may make. */
export default function TransferDetailPage() {
  const signedIn = useRequireLogin()
  const id = useRouter().params.id ?? ''
  const [state, reload] = useRemote(signedIn && id ? () => getTransfer(id) : null, [signedIn, id])
  const [asking, setAsking] = useState<Move | null>(null)
  const [text, setText] = useState('')
  const action = useAction()
  const busy = action.busy !== null
  const error = action.error
  useDidShow(() => signedIn && reload())

  async function run(move: Move) {
    if (!(await action.run(move, () => moveTransfer(id, move, text.trim() || undefined), DONE[move]))) return
    setAsking(null)
    setText('')
    reload()
  }

  if (!id) return <StateView kind='error' message='链接不完整：缺少申请编号' />
  if (!signedIn || state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={reload} />
  const t = state.data
  const moves = t.actions.filter((a): a is Move => a !== 'resubmit' && a !== 'expire')
  const needsReason = (a: Move) => !!findTransition(a, t.status)?.reasonRequired

  return (
    <View className='page transfer-detail'>
      <View className='card'>
        <View className='row'>
          <Text className='card-title'>{`${t.kindLabel} · ${t.applicantName}`}</Text>
          <Text className={`status status--${t.status} transfer-status`}>{t.statusLabel}</Text>
        </View>
        <Text className='line'>{`从：${t.fromOrg.name}${t.fromOrg.inSystem ? '' : '（系统外）'}`}</Text>
        <Text className='line'>{`到：${t.toOrg.name}${t.toOrg.inSystem ? '' : '（系统外）'}`}</Text>
        <Text className='line muted'>{`原因：${t.reason}`}</Text>
        <Text className='line muted'>{`联系电话：${t.contactPhone}`}</Text>
        {t.letterNo && <Text className='line muted'>{`介绍信编号：${t.letterNo}`}</Text>}
        <Text className='line muted'>
          {`${t.kind.startsWith('mobile') ? '登记有效期至' : '介绍信有效期至'} ${formatDate(t.letterValidUntil)}${
            t.status === 'submitted' || t.status === 'accepted' ? (t.validityDaysLeft >= 0 ? `（还剩 ${t.validityDaysLeft} 天）` : '') : ''
          }`}
        </Text>
        {t.leftAt && <Text className='line muted'>{`外出日期：${formatDate(t.leftAt)}`}</Text>}
        {t.expectedReturnAt && <Text className='line muted'>{`预计返回：${formatDate(t.expectedReturnAt)}`}</Text>}
        {t.fixedPlace !== null && <Text className='line muted'>{t.fixedPlace ? '外出地点相对固定' : '外出没有固定地点'}</Text>}
      </View>

      <View className='next-step transfer-next'>
        <Text>{t.nextStep}</Text>
        {t.returnReason && t.status === 'returned' && <Text className='line'>{`退回原因：${t.returnReason}`}</Text>}
        {t.rejectReason && <Text className='line'>{`不予接收的原因：${t.rejectReason}`}</Text>}
      </View>
      {/* The registration went through: what the member shows at the branch from now on. */}
      {t.viewerRole === 'applicant' && t.kind === 'mobile_in' && t.status === 'accepted' && (
        <View className='result-actions'>
          <Button type='primary' block size='large' className='transfer-to-card' onClick={() => void Taro.navigateTo({ url: ROUTES.mobileCard })}>
            查看我的活动证
          </Button>
        </View>
      )}

      <ErrorMessage message={error} />
      {(moves.length > 0 || t.actions.includes('resubmit')) && (
        <View className='card'>
          {asking ? (
            <View>
              <Text className='card-title'>{findTransition(asking, t.status)?.label}</Text>
              <Input
                className='field__input transfer-reason'
                value={text}
                placeholder={needsReason(asking) ? '请填写原因（必填，申请人会看到）' : '备注（选填）'}
                maxLength={200}
                onChange={(v) => setText(v)}
              />
              <View className='actions'>
                <Button type='primary' className='transfer-confirm' size='small' loading={busy} disabled={busy} onClick={() => run(asking)}>
                  确认
                </Button>
                <Button type='primary' fill='outline' size='small' disabled={busy} onClick={() => (setAsking(null), setText(''))}>
                  取消
                </Button>
              </View>
            </View>
          ) : (
            <View className='actions'>
              {t.actions.includes('resubmit') && (
                <Button type='primary' className='transfer-resubmit' size='small' onClick={() => Taro.navigateTo({ url: `${ROUTES.transferApply}?id=${t.id}` })}>
                  修改后重新提交
                </Button>
              )}
              {moves.map((a) => (
                <Button
                  key={a}
                  type='primary'
                  fill={a === 'accept' || a === 'complete' ? 'solid' : 'outline'}
                  className={`transfer-${a}`}
                  size='small'
                  disabled={busy}
                  onClick={() => setAsking(a)}
                >
                  {findTransition(a, t.status)?.label}
                </Button>
              ))}
            </View>
          )}
        </View>
      )}

      <View className='card'>
        <Text className='card-title'>办理记录</Text>
        <Timeline events={t.events} />
      </View>
    </View>
  )
}

function Timeline({ events }: { events: Transfer['events'] }) {
  return (
    <View className='timeline'>
      {events.map((e, i) => (
        <View key={i} className='timeline__item'>
          <View className='timeline__dot' />
          <Text className='line'>{`${e.from ? `${TRANSFER_STATUS_LABELS[e.from]} → ` : ''}${TRANSFER_STATUS_LABELS[e.to]}`}</Text>
          <Text className='line muted'>{`${formatDateTime(e.at)} · ${e.actorName}`}</Text>
          {e.note && <Text className='line muted'>{e.note}</Text>}
        </View>
      ))}
    </View>
  )
}
