import { Switch, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useRouter } from '@tarojs/taro'
import { BRANCH_KINDS, BRANCH_KIND_LABELS, ORG_TYPE_LABELS } from '@/domain/enums'
import Choice from '@/components/Choice'
import ErrorMessage from '@/components/ErrorMessage'
import StateView from '@/components/StateView'
import TextField from '@/components/TextField'
import { useOrgForm } from './useOrgForm'
import '../park.scss'

/** 新建下级组织 / 改名、移动、标记组建. */
export default function OrgPage() {
  const params = useRouter().params
  const f = useOrgForm(params)
  if (!params.id && !params.parentId) return <StateView kind='empty' message='没有指定组织，请从组织架构进入' />
  if (!f.signedIn || f.state.status === 'loading') return <StateView kind='loading' />
  if (f.state.status === 'error') return <StateView kind='error' message={f.state.error.message} onRetry={f.reload} />
  if (f.editing && !f.node) return <StateView kind='empty' message='这个组织已不在组织架构里（可能已被撤销）' />
  if (!f.editing && !f.parent) return <StateView kind='empty' message='找不到上级组织，它可能已被撤销' />
  return (
    <View className='page'>
      <View className='card'>
        <Text className='card-title'>{f.editing ? `修改「${f.node!.name}」` : `在「${f.parent!.name}」下新建`}</Text>
        <TextField name='org-name' label='组织名称' value={f.fields.name} placeholder='如 星火科技有限公司党支部' hint={f.hint('name')} onChange={f.set.name} />
        {!f.editing && (
          <View className='field'>
            <Text className='field__label'>组织类型</Text>
            <Choice options={f.childTypes.map((t) => ({ value: t, label: ORG_TYPE_LABELS[t], className: `type-${t}` }))} value={f.fields.type} onChange={f.set.type} />
            {f.hint('type') && <Text className='field__hint'>{f.hint('type')}</Text>}
          </View>
        )}
        {!f.editing && f.fields.type === 'branch' && (
          <View className='field'>
            <Text className='field__label'>支部类型</Text>
            <Choice options={BRANCH_KINDS.map((k) => ({ value: k, label: BRANCH_KIND_LABELS[k], className: `kind-${k}` }))} value={f.fields.branchKind} onChange={f.set.branchKind} />
            <Text className='muted'>独立：一家企业有 3 名以上正式党员；联合：几家小企业合建，一般不超过 5 家；挂靠：零散党员挂靠园区、社区党组织。</Text>
          </View>
        )}
        {f.editing && f.parentOptions.length > 0 && (
          <View className='field'>
            <Text className='field__label'>上级组织（移动）</Text>
            {f.parentOptions.map((p) => (
              <View key={p.id} className={`pick park-parent${p.id === f.fields.parentId ? ' pick--on' : ''}`} onClick={() => f.set.parentId(p.id)}>
                <Text>{`${'　'.repeat(p.depth)}${p.name}`}</Text>
              </View>
            ))}
            {f.hint('parentId') && <Text className='field__hint'>{f.hint('parentId')}</Text>}
          </View>
        )}
        {f.editing && f.fields.type === 'branch' && (
          <View className='row field'>
            <Text>已正式组建</Text>
            <Switch aria-label='已正式组建' checked={f.fields.formed} color='#c8161d' onChange={(e) => f.set.formed(e.detail.value)} />
          </View>
        )}
        {f.warnings.map((w) => (
          <Text key={w} className='park-warning'>{`⚠ ${w}`}</Text>
        ))}
      </View>
      <ErrorMessage message={f.error} />
      <Button block type='primary' className='park-save' disabled={!f.canSubmit} loading={f.busy} onClick={() => void f.submit()}>
        {f.editing ? '保存' : '新建'}
      </Button>
    </View>
  )
}
