import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ITEM_STATE_LABELS } from '@/domain/compliance'
import { formatDateTime } from '@/domain/time'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import ErrorMessage from '@/components/ErrorMessage'
import PeriodBar from '../../PeriodBar'
import { useBranch } from './useBranch'
import '../../compliance.scss'

const pct = (v: number | null) => (v === null ? '—' : `${v}%`)

/** 本支部三会一课: what is owed in the period and how it stands, the 疑似补记 flags and the branch's notes on them. */
export default function BranchCompliancePage() {
  const b = useBranch()
  if (!b.branchId) return <StateView kind='empty' message='没有指定支部，请从首页进入' />
  if (!b.signedIn || b.state.status === 'loading') return <StateView kind='loading' />
  if (b.state.status === 'error') return <StateView kind='error' message={b.state.error.message} onRetry={b.reload} />
  const v = b.state.data
  return (
    <View className='page'>
      {b.state.stale && <StaleNotice loadedAt={b.state.loadedAt} onRetry={b.reload} />}
      <View className='card'>
        <Text className='card-title'>{v.branchName}</Text>
        <PeriodBar period={b.period} />
        <View>
          <Text className='compliance-row__rate'>{pct(v.rate)}</Text>
          <Text className='muted'>{`完成率（${v.done}/${v.owed}）· 出勤率 ${pct(v.attendanceRate)} · 流动党员签到 ${v.mobileSignins} 人次`}</Text>
        </View>
      </View>
      {v.items.length === 0 && <StateView kind='empty' message='本期没有应考核的会议' />}
      {v.items.map((item) => (
        <View key={item.type} className={`card compliance-item compliance-item-${item.type}`}>
          <Text className='card-title'>{`${item.typeLabel} · ${item.rule}`}</Text>
          {item.exemptReason && <Text className='compliance-definition'>{`免于考核：${item.exemptReason}`}</Text>}
          {item.periods.length === 0 && <Text className='muted' style={{ display: 'block' }}>本期不考核</Text>}
          {item.periods.map((p) => (
            <View key={p.key}>
              <Text>{p.label}</Text>
              <Text className={`compliance-state compliance-state--${p.state}`} style={{ marginLeft: '12px' }}>
                {`${ITEM_STATE_LABELS[p.state]}${p.daysLeft !== null ? `（还剩 ${p.daysLeft} 天）` : ''}`}
              </Text>
              {v.canAct && (p.state === 'due' || p.state === 'soon' || p.state === 'overdue') && (
                <Text className='compliance-publish' onClick={() => b.publish(item.type)}>
                  发布
                </Text>
              )}
              {p.shortfalls.map((s) => (
                <Text key={s.meetingId} className='compliance-definition compliance-link' onClick={() => b.openMeeting(s.meetingId)}>{`未计入：「${s.title}」${s.reason} ›`}</Text>
              ))}
            </View>
          ))}
        </View>
      ))}
      {v.flags.length > 0 && (
        <View className='card'>
          <Text className='card-title'>疑似补记</Text>
          <Text className='compliance-definition'>只是提示，不是处分；上级党委能看到，支部可以说明情况。</Text>
          {b.error && <ErrorMessage message={b.error} />}
          {v.flags.map((f) => (
            <View key={f.meetingId} className='compliance-flag card'>
              <Text className='compliance-link' onClick={() => b.openMeeting(f.meetingId)}>{`${f.typeLabel} · ${f.title} · ${formatDateTime(f.startsAt)} ›`}</Text>
              {f.reasons.map((r) => (
                <Text key={r.code} className='compliance-state compliance-state--soon'>{r.label}</Text>
              ))}
              {f.note && <Text className='compliance-note'>{`支部说明：${f.note}`}</Text>}
              {v.canAct && (
                <View>
                  <Textarea className='field__textarea compliance-note-input' value={b.draft(f.meetingId)} placeholder={f.note ? '更新情况说明' : '说明情况，如：车间断网，当场由书记补签'} maxlength={500} onInput={(e) => b.setDraft(f.meetingId, e.detail.value)} />
                  <Button size='small' type='primary' loading={b.saving === f.meetingId} onClick={() => void b.save(f.meetingId)}>
                    保存说明
                  </Button>
                </View>
              )}
            </View>
          ))}
        </View>
      )}
      <View className='card'>
        <Text className='card-title'>{`本期会议（${v.meetings.length}）`}</Text>
        {v.meetings.length === 0 && <Text className='muted'>本期还没有发布会议</Text>}
        {v.meetings.map((m) => (
          <Text key={m.id} className='compliance-link compliance-meeting' onClick={() => b.openMeeting(m.id)}>
            {`${formatDateTime(m.startsAt)} ${m.typeLabel}「${m.title}」签到 ${m.signins}/${m.expected}${m.hasMinutes ? '' : ' · 无记录'} · ${m.status} ›`}
          </Text>
        ))}
      </View>
      <View className='card'>
        {v.definitions.map((d) => (
          <Text key={d} className='compliance-definition'>{d}</Text>
        ))}
      </View>
    </View>
  )
}
