import { Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { MY_STATUS_LABELS, checkinWindow } from '@/domain/meetings'
import ErrorMessage from '@/components/ErrorMessage'
import StateView from '@/components/StateView'
import { formatChina } from '@/domain/time'
import { formatDateTime } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import { useMeetingDetail } from './useMeetingDetail'
import '../meeting.scss'

export default function MeetingDetailPage() {
  const d = useMeetingDetail()
  const { id, meeting: state, attendance: att, minutes } = d
  if (!id) return <StateView kind='empty' message='没有指定组织生活' />
  if (!d.signedIn || state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error') return <StateView kind='error' message={state.error.message} onRetry={d.reload} />
  const m = state.data
  const notStarted = Date.now() < Date.parse(m.startsAt)
  return (
    <View className='page'>
      <ErrorMessage message={d.error} />
      <View className='card'>
        <Text className='card-title'>{m.title}</Text>
        <Text className='mt-line'>{`${m.typeLabel}${m.open ? ' · 开放式（欢迎群众和其他支部党员参加）' : ''}`}</Text>
        <Text className='mt-line'>{`${formatDateTime(m.startsAt)} 至 ${formatDateTime(m.endsAt)}`}</Text>
        <Text className='mt-line'>{`地点：${m.location}${m.geofence ? `（需在 ${m.geofence.radiusM} 米内定位签到）` : ''}`}</Text>
        <Text className='mt-line muted'>{m.branchName}</Text>
        {m.agenda && <Text className='mt-line' style={{ whiteSpace: 'pre-wrap' }}>{`议程：\n${m.agenda}`}</Text>}
        {m.cancelled && <Text className='mt-line mt-bad'>{`已取消${m.cancelReason ? `：${m.cancelReason}` : ''}`}</Text>}
        {m.myStatus && <Text className='mt-line detail__status'>{`我的状态：${MY_STATUS_LABELS[m.myStatus]}${m.myCheckedInAt ? `（${formatDateTime(m.myCheckedInAt)}）` : ''}`}</Text>}
      </View>

      {m.myStatus === 'not_checked_in' && !m.cancelled && checkinWindow(Date.parse(m.startsAt), Date.parse(m.endsAt), Date.now()) === 'open' && (
        <View className='card'>
          <Button type='primary' block size='large' className='detail__pin' onClick={() => Taro.navigateTo({ url: `${ROUTES.checkin}?meetingId=${m.id}` })}>
            输入数字签到码
          </Button>
          <Text className='mt-line muted'>也可以用微信扫书记手机上的二维码</Text>
        </View>
      )}

      {m.myStatus === 'not_checked_in' && notStarted && !m.cancelled && (
        <View className='card'>
          {d.leaving ? (
            <View>
              <Input className='mt-input' value={d.leaveReason} placeholder='请假原因' maxLength={200} onChange={(v) => d.setLeaveReason(v)} />
              <View className='mt-actions'>
                <Button type='primary' size='small' loading={d.busy === 'leave'} disabled={d.busy !== null} onClick={d.requestLeave}>
                  提交请假
                </Button>
                <Button type='primary' fill='outline' size='small' onClick={() => d.setLeaving(false)}>
                  取消
                </Button>
              </View>
            </View>
          ) : (
            <Button type='primary' fill='outline' block size='large' onClick={() => d.setLeaving(true)}>
              请假
            </Button>
          )}
        </View>
      )}

      {minutes.status === 'error' && (
        <View className='card'>
          <Text className='card-title'>会议记录</Text>
          <StateView kind='error' message={minutes.error.message} onRetry={d.reloadMinutes} />
        </View>
      )}
      {minutes.status === 'ready' && (minutes.data.body || m.canManage) && (
        <View className='card'>
          <Text className='card-title'>会议记录</Text>
          {minutes.data.body ? (
            <Text className='mt-line' style={{ whiteSpace: 'pre-wrap' }}>{minutes.data.body}</Text>
          ) : (
            <Text className='muted'>还没有会议记录</Text>
          )}
          {minutes.data.updatedAt && <Text className='mt-line muted'>{`${minutes.data.authorName ?? ''} 记录于 ${formatDateTime(minutes.data.updatedAt)}${minutes.data.locked ? ' · 已锁定' : ` · ${formatDateTime(minutes.data.locksAt)} 锁定`}`}</Text>}
          {minutes.data.amendments.map((a, i) => (
            <Text key={i} className='mt-line'>{`修订（${a.authorName}，${formatDateTime(a.at)}）：${a.body}`}</Text>
          ))}
          {m.canManage && (minutes.data.body || !minutes.data.locked) && (
            <View>
              <TextArea
                className='mt-input detail__minutes'
                value={d.draftText}
                placeholder={minutes.data.locked ? '记录已锁定：在此填写修订说明，原记录不会改变' : '填写会议记录'}
                maxLength={20000}
                onChange={(v) => d.setDraft(v)}
              />
              <Button
                type='primary' fill='outline'
                size='small'
                loading={d.busy === 'minutes'}
                disabled={!d.draftTouched || d.busy !== null}
                onClick={d.saveMinutes}
              >
                {minutes.data.locked ? '追加修订' : '保存记录'}
              </Button>
            </View>
          )}
        </View>
      )}

      {d.ask && (
        <View className='card detail__ask'>
          <Text className='card-title'>{d.ask.kind === 'cancel' ? '取消这次组织生活' : `为${d.ask.name}补签`}</Text>
          <Text className='muted'>{d.ask.kind === 'cancel' ? '成员会看到“已取消”和原因' : '补签会标记为“补签”，并记录原因和操作人'}</Text>
          <Input className='mt-input detail__ask-reason' value={d.askReason} placeholder='原因（必填）' maxLength={200} onChange={(v) => d.setAskReason(v)} />
          <View className='mt-actions'>
            <Button
              type='primary' className='detail__ask-ok'
              size='small'
              loading={d.busy === 'cancel' || d.busy === 'manual'}
              disabled={d.busy !== null}
              onClick={d.confirmAsk}
            >
              确定
            </Button>
            <Button type='primary' fill='outline' size='small' onClick={() => d.setAsk(null)}>
              返回
            </Button>
          </View>
        </View>
      )}

      {m.canInspect && (
        <View className='card'>
          <Text className='card-title'>签到情况</Text>
          {!m.canManage && <Text className='muted detail__readonly'>{`上级党组织只读查看：由${m.branchName}书记办理签到、补签和会议记录。`}</Text>}
          {m.canManage && notStarted && !m.cancelled && (
            <View className='mt-actions'>
              <Button type='primary' fill='outline' size='small' onClick={() => Taro.navigateTo({ url: `${ROUTES.meetingCreate}?id=${id}` })}>
                修改
              </Button>
              <Button type='primary' fill='outline' size='small' onClick={() => d.setAsk({ kind: 'cancel' })}>
                取消会议
              </Button>
            </View>
          )}
          <View className='mt-actions'>
            {m.canManage && (
              <Button type='primary' block size='large' className='detail__show-code' onClick={() => Taro.navigateTo({ url: `${ROUTES.meetingCode}?id=${id}` })}>
                出示签到码
              </Button>
            )}
            <Button type='primary' fill='outline' block size='large' loading={d.busy === 'export'} disabled={d.busy === 'export'} onClick={d.exportSheet}>
              导出签到表
            </Button>
          </View>
          {att.status === 'loading' && <StateView kind='loading' />}
          {att.status === 'error' && <StateView kind='error' message={att.error.message} onRetry={d.reloadAttendance} />}
          {att.status === 'ready' && (
            <View>
              <View className='mt-counts' style={{ marginTop: '16px' }}>
                {[
                  ['应到', att.data.expected],
                  ['已签到', att.data.checkedIn],
                  ['请假', att.data.onLeave],
                  ['未到', att.data.absent],
                  ['来宾', att.data.guests],
                ].map(([label, n]) => (
                  <View key={label}>
                    <Text className='mt-count'>{n}</Text>
                    <Text className='muted'>{label}</Text>
                  </View>
                ))}
              </View>
              {att.data.records.map((r, i) => (
                <View key={i} className='mt-row'>
                  <Text>{`${r.name}${r.kind === 'guest' ? `（来宾${r.company ? ` · ${r.company}` : ''}）` : r.kind === 'mobile' ? '（流动党员）' : ''}`}</Text>
                  <Text className='muted'>{`${r.method === 'manual' ? '补签' : '扫码'} ${formatChina(r.at, 'HH:mm')}`}</Text>
                </View>
              ))}
              {att.data.absentees.map((a, i) => (
                <View key={a.memberId ?? `mobile-${i}`} className='mt-row'>
                  <Text className='muted'>{`${a.name}${a.mobile ? '（流动党员）' : ''}（未签到）`}</Text>
                  {m.canManage && a.memberId !== null && (
                    <Text className='muted detail__manual' onClick={() => d.setAsk({ kind: 'manual', memberId: a.memberId!, name: a.name })}>
                      补签
                    </Text>
                  )}
                </View>
              ))}
              <Text className='muted detail__quorum'>
                {`有表决权应到 ${att.data.voting.eligible} 人，已到 ${att.data.voting.present} 人，过半数需 ${att.data.voting.required} 人（${att.data.voting.reached ? '已达到' : '未达到'}）。流动党员、预备党员不计入表决人数。`}
              </Text>
            </View>
          )}
        </View>
      )}
    </View>
  )
}
