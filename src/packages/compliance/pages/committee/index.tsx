import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { ITEM_STATE_LABELS } from '@/domain/compliance'
import { formatDateTime } from '@/domain/time'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import ErrorMessage from '@/components/ErrorMessage'
import PeriodBar from '../../PeriodBar'
import { useCommittee } from './useCommittee'
import '../../compliance.scss'

const pct = (v: number | null) => (v === null ? '—' : `${v}%`)

/** 三会一课落实情况: the committee's branches × required meetings for a month, quarter or year, worst first. */
export default function CommitteeCompliancePage() {
  const c = useCommittee()
  if (!c.orgId) return <StateView kind='empty' message='没有指定党委，请从首页进入' />
  if (!c.signedIn || c.state.status === 'loading') return <StateView kind='loading' />
  if (c.state.status === 'error') return <StateView kind='error' message={c.state.error.message} onRetry={c.reload} />
  const v = c.state.data
  const labelOf = (type: string) => v.columns.find((col) => col.type === type)?.typeLabel ?? type
  return (
    <View className='page'>
      {c.state.stale && <StaleNotice loadedAt={c.state.loadedAt} onRetry={c.reload} />}
      <View className='card'>
        <Text className='card-title'>{`${v.orgName} · 三会一课`}</Text>
        <PeriodBar period={c.period} />
        <Button className='compliance-export' type='primary' block loading={c.exporting} onClick={() => c.download(v.orgName)}>
          导出 Excel（每期一张表，含逾期事项、疑似补记）
        </Button>
        {c.exportError && <ErrorMessage message={c.exportError} />}
      </View>
      {v.rows.length === 0 && <StateView kind='empty' message='下级还没有党支部（党建指导员只看所负责企业的支部）' />}
      {v.rows.map((r) => (
        <View key={r.branchId} className='card compliance-row' onClick={() => c.openBranch(r.branchId)}>
          <Text className='card-title' style={{ display: 'block' }}>{r.branchName}</Text>
          <View>
            <Text className='compliance-row__rate'>{pct(r.rate)}</Text>
            <Text className='muted'>{`完成率 · 出勤率 ${pct(r.attendanceRate)}`}</Text>
          </View>
          <View>
            {r.cells
              .filter((cell) => cell.state !== null)
              .map((cell) => (
                <Text key={cell.type} className={`compliance-state compliance-state--${cell.state}`}>
                  {`${labelOf(cell.type)} ${ITEM_STATE_LABELS[cell.state!]}${cell.owed > 1 ? ` ${cell.counted}/${cell.owed}` : ''}`}
                </Text>
              ))}
            {r.owed === 0 && <Text className='muted'>本期没有应考核的项</Text>}
          </View>
          <Text className='muted' style={{ display: 'block' }}>
            {`党员 ${r.members} · 亮身份 ${r.declared} · 流动党员 ${r.mobile} · 失联 ${r.lost} · 人均学习 ${r.studyMinutesPerMember ?? '—'} 分钟${r.flagged ? ` · 疑似补记 ${r.flagged}` : ''}`}
          </Text>
        </View>
      ))}
      <View className='card'>
        <Text className='card-title'>{`疑似补记（${v.flags.length}）`}</Text>
        {v.flags.length === 0 && <Text className='muted'>本期没有</Text>}
        {v.flags.map((f) => (
          <View key={f.meetingId} className='compliance-flag card' onClick={() => c.openMeeting(f.meetingId)}>
            <Text style={{ display: 'block' }}>{`${f.branchName} · ${f.typeLabel} · ${f.title}`}</Text>
            <Text className='muted' style={{ display: 'block' }}>{formatDateTime(f.startsAt)}</Text>
            {f.reasons.map((r) => (
              <Text key={r.code} className='compliance-state compliance-state--soon'>{r.label}</Text>
            ))}
            {f.note && <Text className='compliance-note'>{`支部说明：${f.note}`}</Text>}
          </View>
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
