import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useRouter } from '@tarojs/taro'
import { BRANCH_KIND_LABELS } from '@/domain/enums'
import { COVERAGE_LABELS, ENTERPRISE_TYPES, ENTERPRISE_TYPE_LABELS } from '@/domain/park'
import Choice from '@/components/Choice'
import ErrorMessage from '@/components/ErrorMessage'
import StateView from '@/components/StateView'
import TextField from '@/components/TextField'
import { useEnterpriseForm } from './useEnterpriseForm'
import '../park.scss'

/** 登记企业 / 企业信息: the ledger record; read-only for instructors. */
export default function EnterprisePage() {
  const params = useRouter().params
  const f = useEnterpriseForm(params)
  if (!params.id && !params.orgId) return <StateView kind='empty' message='没有指定企业，请从台账进入' />
  if (!f.signedIn || f.state.status === 'loading') return <StateView kind='loading' />
  if (f.state.status === 'error') return <StateView kind='error' message={f.state.error.message} onRetry={f.reload} />
  const e = f.current
  if (!f.canEdit) {
    if (!e) return <StateView kind='empty' message='只有党委管理员可以登记企业' />
    return (
      <View className='page'>
        <View className='card park-readonly'>
          <Text className='card-title'>{e.name}</Text>
          <Text className={`park-tag park-tag--${e.coverage}`}>{COVERAGE_LABELS[e.coverage]}</Text>
          {[
            ['统一社会信用代码', e.creditCode],
            ['单位类型', ENTERPRISE_TYPE_LABELS[e.type]],
            ['所属行业', e.industry || '—'],
            ['地址', e.address || '—'],
            ['从业人员', `${e.employeeCount} 人`],
            ['党组织', e.branchName ? `${e.branchName}（${BRANCH_KIND_LABELS[e.branchKind!]}）` : '尚未建立'],
            ['党建指导员', e.instructors.join('、') || '—'],
            ['党员', `${e.members} 名（正式 ${e.fullMembers}）`],
          ].map(([k, v]) => (
            <View key={k} className='row'>
              <Text className='muted'>{k}</Text>
              <Text>{v}</Text>
            </View>
          ))}
        </View>
      </View>
    )
  }
  return (
    <View className='page'>
      <View className='card'>
        <TextField name='ent-name' label='企业名称' value={f.fields.name} placeholder='与营业执照一致' hint={f.hint('name')} maxlength={100} onChange={f.set.name} />
        <TextField name='ent-code' label='统一社会信用代码' value={f.fields.creditCode} placeholder='18 位，见营业执照' hint={f.hint('creditCode')} maxlength={18} onChange={f.set.creditCode} />
        <View className='field'>
          <Text className='field__label'>单位类型</Text>
          <Choice options={ENTERPRISE_TYPES.map((t) => ({ value: t, label: ENTERPRISE_TYPE_LABELS[t], className: `ent-type-${t}` }))} value={f.fields.type} onChange={f.set.type} />
        </View>
        <TextField name='ent-industry' label='所属行业' value={f.fields.industry} placeholder='如 软件和信息技术服务业' hint={f.hint('industry')} maxlength={50} onChange={f.set.industry} />
        <TextField name='ent-address' label='地址' value={f.fields.address} hint={f.hint('address')} maxlength={200} onChange={f.set.address} />
        <TextField name='ent-employees' label='从业人员数' type='number' value={f.fields.employees} hint={f.hint('employeeCount')} maxlength={7} onChange={f.set.employees} />
        <View className='field'>
          <Text className='field__label'>所属党支部</Text>
          <View className={`pick park-branch-none${f.fields.branchId === null ? ' pick--on' : ''}`} onClick={() => f.set.branchId(null)}>
            <Text>尚未建立党组织</Text>
          </View>
          {f.branches.map((b) => (
            <View key={b.id} className={`pick park-branch${f.fields.branchId === b.id ? ' pick--on' : ''}`} onClick={() => f.set.branchId(b.id)}>
              <Text>{`${b.name}（${BRANCH_KIND_LABELS[b.branchKind!]}）`}</Text>
            </View>
          ))}
          {f.hint('branchId') && <Text className='field__hint'>{f.hint('branchId')}</Text>}
        </View>
      </View>
      <ErrorMessage message={f.error} />
      <Button block type='primary' className='park-save' disabled={!f.canSubmit} loading={f.busy} onClick={() => void f.submit()}>
        {f.id ? '保存' : '登记'}
      </Button>
    </View>
  )
}
