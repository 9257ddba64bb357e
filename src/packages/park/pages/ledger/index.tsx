import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { useRouter } from '@tarojs/taro'
import { COVERAGE_LABELS, ENTERPRISE_TYPE_LABELS, LEDGER_ITEMS_LIMIT } from '@/domain/park'
import StateView from '@/components/StateView'
import StaleNotice from '@/components/StaleNotice'
import { useLedger, type LedgerFilter } from './useLedger'
import '../park.scss'

const FILTERS: { value: LedgerFilter; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'none', label: '未覆盖' },
  { value: 'should_form', label: '应单独建支部' },
  { value: 'instructor', label: '仅指导员' },
  { value: 'joint', label: '联合/挂靠' },
  { value: 'own', label: '单独建立' },
]

const percent = (v: number | null) => (v === null ? '—' : `${v}%`)

/** 两个覆盖台账: enterprises by coverage, members per enterprise, and both rates with their definitions. */
export default function LedgerPage() {
  const orgId = useRouter().params.orgId ?? ''
  const l = useLedger(orgId)
  if (!orgId) return <StateView kind='empty' message='没有指定党委，请从首页进入' />
  if (!l.signedIn || l.state.status === 'loading') return <StateView kind='loading' />
  if (l.state.status === 'error') return <StateView kind='error' message={l.state.error.message} onRetry={l.reload} />
  const { figures, definitions, items, orgName, matched } = l.state.data
  return (
    <View className='page'>
      {l.state.stale && <StaleNotice loadedAt={l.state.loadedAt} onRetry={l.reload} />}
      <View className='card'>
        <Text className='card-title'>{orgName}</Text>
        <View className='park-figures'>
          <View className='park-figure park-org-rate'>
            <Text className='park-figure__value'>{percent(figures.orgCoverageRate)}</Text>
            <Text className='park-figure__label'>组织覆盖率</Text>
          </View>
          <View className='park-figure park-work-rate'>
            <Text className='park-figure__value'>{percent(figures.workCoverageRate)}</Text>
            <Text className='park-figure__label'>工作覆盖率</Text>
          </View>
          <View className='park-figure'>
            <Text className='park-figure__value'>{figures.enterprises}</Text>
            <Text className='park-figure__label'>台账企业</Text>
          </View>
          <View className='park-figure'>
            <Text className='park-figure__value'>{figures.members}</Text>
            <Text className='park-figure__label'>在企业登记的党员</Text>
          </View>
        </View>
        <Text className='park-definition'>{definitions.org}</Text>
        <Text className='park-definition'>{definitions.work}</Text>
        <Text className='park-definition'>{`未覆盖 ${figures.byCoverage.none} 家 · 仅指导员 ${figures.byCoverage.instructor} 家 · 应单独建支部 ${figures.shouldFormBranch} 家（3 名以上正式党员而没有自己的支部）`}</Text>
      </View>
      <View className='park-filter'>
        {FILTERS.map((f) => (
          <Text key={f.value} className={`park-filter__item park-filter-${f.value}${l.filter === f.value ? ' park-filter__item--on' : ''}`} onClick={() => l.setFilter(f.value)}>
            {f.label}
          </Text>
        ))}
      </View>
      <Input className='field__input park-search' value={l.typed} placeholder='按企业名称或统一社会信用代码查找' onChange={l.setTyped} clearable />
      <View className='actions'>
        <Button type='primary' fill='outline' className='park-register' onClick={l.register}>
          登记企业
        </Button>
        <Button type='primary' fill='outline' className='park-import' onClick={l.importFile}>
          从表格导入
        </Button>
      </View>
      {items.length === 0 && <StateView kind='empty' message={l.filter === 'all' && !l.typed ? '台账里还没有企业，点“登记企业”开始' : '没有符合条件的企业'} />}
      {matched > items.length && <Text className='muted park-more'>{`共 ${matched} 家，这里列出前 ${LEDGER_ITEMS_LIMIT} 家：请按名称或代码查找，或按覆盖情况筛选`}</Text>}
      {items.map((e) => (
        <View key={e.id} className='card park-enterprise' onClick={() => l.open(e.id)}>
          <View className='row'>
            <Text className='card-title'>{e.name}</Text>
            <Text className={`park-tag park-tag--${e.coverage}`}>{COVERAGE_LABELS[e.coverage]}</Text>
          </View>
          <Text className='muted' style={{ display: 'block' }}>{`${ENTERPRISE_TYPE_LABELS[e.type]}${e.industry ? ` · ${e.industry}` : ''} · 从业 ${e.employeeCount} 人`}</Text>
          <Text className='muted' style={{ display: 'block' }}>
            {e.branchName ? `党组织：${e.branchName}` : e.instructors.length > 0 ? `党建指导员：${e.instructors.join('、')}` : '尚未建立党组织，也没有指导员'}
          </Text>
          <Text className='muted' style={{ display: 'block' }}>{`党员 ${e.members} 名（正式 ${e.fullMembers}）${e.unclaimed > 0 ? `，其中待认领 ${e.unclaimed} 名` : ''}`}</Text>
          {e.shouldFormBranch && <Text className='park-warning'>⚠ 已有 3 名以上正式党员，应单独建立党支部</Text>}
        </View>
      ))}
    </View>
  )
}
