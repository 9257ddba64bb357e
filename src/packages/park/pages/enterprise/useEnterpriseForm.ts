import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { EnterpriseInputSchema, type Enterprise, type EnterpriseType, type Tree } from '@/domain/park'
import { useAction } from '@/hooks/useAction'
import { createEnterprise, getEnterprise, getTree, updateEnterprise } from '@/services/park'
import { useParkData } from '../../useParkData'

/**
 * 登记企业 (`orgId`) or 修改 (`id`). The branches offered are those of the committee's tree. Someone
 * who may only read (an instructor) sees the record without a form: the tree does not open for them
 * or says they do not administer it.
 */
export function useEnterpriseForm(params: { id?: string; orgId?: string }) {
  const orgId = params.orgId ?? ''
  const id = params.id ?? null
  const { signedIn, state, reload } = useParkData(
    orgId || id
      ? async (): Promise<{ enterprise: Enterprise | null; tree: Tree | null }> => {
          const [enterprise, tree] = await Promise.all([id ? getEnterprise(id) : Promise.resolve(null), orgId ? getTree(orgId).catch(() => null) : Promise.resolve(null)])
          return { enterprise, tree }
        }
      : null,
    [orgId, id],
  )
  const [name, setName] = useState('')
  const [creditCode, setCreditCode] = useState('')
  const [type, setType] = useState<EnterpriseType>('non_public')
  const [industry, setIndustry] = useState('')
  const [address, setAddress] = useState('')
  const [employees, setEmployees] = useState('')
  const [branchId, setBranchId] = useState<string | null>(null)
  const action = useAction()

  const data = state.status === 'ready' ? state.data : null
  const current = data?.enterprise ?? null
  useEffect(() => {
    if (!current) return
    setName(current.name)
    setCreditCode(current.creditCode)
    setType(current.type)
    setIndustry(current.industry)
    setAddress(current.address)
    setEmployees(String(current.employeeCount))
    setBranchId(current.branchId)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current?.id])

  const canEdit = Boolean(data?.tree?.canAdmin)
  const branches = (data?.tree?.items ?? []).filter((n) => n.type === 'branch')
  const ledgerOrg = current?.orgId ?? orgId
  const body = { name, creditCode, type, industry, address, employeeCount: employees === '' ? NaN : Number(employees), branchId, orgId: ledgerOrg }
  // The server's own rules (the credit code's check digit among them), as the user types.
  const checked = EnterpriseInputSchema.safeParse(body)
  const local = checked.success ? [] : checked.error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: i.message }))
  const typedYet: Record<string, boolean> = { name: name !== '', creditCode: creditCode !== '', employeeCount: employees !== '' }
  const hint = (field: string) => action.failure?.fields?.find((f) => f.path === field)?.message ?? (typedYet[field] ? local.find((p) => p.path === field)?.message : undefined)

  async function submit() {
    if (!checked.success) return
    // What the rules made of it (the code upper-cased and trimmed), as the server will store it.
    const clean = checked.data
    const ok = await action.run('save', () => (id ? updateEnterprise(id, clean) : createEnterprise(clean)), id ? '已保存' : '已登记')
    if (ok) Taro.navigateBack()
  }

  return {
    signedIn,
    state,
    reload,
    id,
    current,
    canEdit,
    branches,
    fields: { name, creditCode, type, industry, address, employees, branchId },
    set: { name: setName, creditCode: setCreditCode, type: setType, industry: setIndustry, address: setAddress, employees: setEmployees, branchId: setBranchId },
    hint,
    canSubmit: checked.success && action.busy === null,
    busy: action.busy === 'save',
    error: action.error,
    submit,
  }
}
