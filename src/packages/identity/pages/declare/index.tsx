import { Button, Input, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import type { Org } from '@/domain/orgs'
import { MEMBER_TYPES, MEMBER_TYPE_LABELS, type MemberType } from '@/domain/enums'
import { DeclarationBodySchema, declarationProblems, type FieldProblem } from '@/domain/identity'
import Choice from '@/components/Choice'
import ErrorMessage from '@/components/ErrorMessage'
import TextField from '@/components/TextField'
import StateView from '@/components/StateView'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { submitDeclaration } from '@/services/identity'
import { getOrg, searchOrgs } from '@/services/orgs'
import { ApiError } from '@/services/request'
import { todayString } from '@/utils/date'
import { ROUTES, linkValue, safeDecode } from '@/utils/routes'
import '../identity.scss'

type Form = {
  realName: string
  phone: string
  joinedAt: string
  memberType: MemberType
  originOrg: string
  position: string
  pledge: string
  idNumber: string
}

/** 亮身份申报: the same rules as the server (src/domain/identity), checked before sending. */
export default function DeclarePage() {
  const signedIn = useRequireLogin()
  const router = useRouter()
  const [form, setForm] = useState<Form>({ realName: '', phone: '', joinedAt: '', memberType: 'full', originOrg: '', position: '', pledge: '', idNumber: '' })
  const [branch, setBranch] = useState<{ id: string; name: string } | null>(null)
  const [q, setQ] = useState('')
  const [found, setFound] = useState<Org[]>([])
  const [problems, setProblems] = useState<FieldProblem[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  // Opened from a branch's QR code: /b/<id> (WeChat's `q`), or ?branchId=… (H5, older codes with
  // &branchName=…). The name comes from the server, so a renamed branch shows its current name.
  useEffect(() => {
    const branchId = linkValue(router.params, 'declare')
    if (!branchId || !signedIn) return
    setBranch({ id: branchId, name: safeDecode(router.params.branchName ?? '') || '正在读取支部…' })
    getOrg(branchId).then(
      (org) => {
        if (org.type === 'branch') return setBranch({ id: org.id, name: org.name })
        setBranch(null)
        setError(`「${org.name}」不是党支部，请按名称查找你所在的支部`)
      },
      (err: unknown) => {
        setBranch(null)
        setError(err instanceof ApiError ? err.message : '读取扫码的支部失败，请按名称查找')
      },
    )
  }, [router.params, signedIn])

  useEffect(() => {
    const term = q.trim()
    if (!term) return setFound([])
    const timer = setTimeout(() => {
      searchOrgs({ q: term, limit: 10 }).then(
        (res) => setFound(res.items.filter((o) => o.type === 'branch')),
        (err: unknown) => setError(err instanceof ApiError ? err.message : '查询支部失败，请重试'),
      )
    }, 300)
    return () => clearTimeout(timer)
  }, [q])

  const hint = useMemo(() => new Map(problems.map((p) => [p.path, p.message])), [problems])
  const set = (k: keyof Form) => (e: { detail: { value: string } }) => setForm((f) => ({ ...f, [k]: e.detail.value }))

  async function submit() {
    setError(null)
    const body = {
      realName: form.realName,
      phone: form.phone,
      joinedAt: form.joinedAt.trim(),
      memberType: form.memberType,
      branchId: branch?.id ?? '',
      ...(form.originOrg.trim() ? { originOrg: form.originOrg } : {}),
      ...(form.position.trim() ? { position: form.position } : {}),
      ...(form.pledge.trim() ? { pledge: form.pledge } : {}),
      ...(form.idNumber.trim() ? { idNumber: form.idNumber } : {}),
    }
    const parsed = DeclarationBodySchema.safeParse(body)
    const issues: FieldProblem[] = parsed.success
      ? declarationProblems(parsed.data, todayString())
      : parsed.error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: i.path[0] === 'branchId' ? '请选择所在党支部' : i.message }))
    setProblems(issues)
    if (issues.length > 0 || !parsed.success) {
      setError('请按提示修改后再提交')
      return
    }
    setBusy(true)
    try {
      await submitDeclaration(parsed.data)
      Taro.showToast({ title: '已提交，等待审核', icon: 'success' })
      await Taro.redirectTo({ url: ROUTES.declarations })
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err.message)
      } else setError('提交失败，请稍后再试')
    } finally {
      setBusy(false)
    }
  }

  if (!signedIn) return <StateView kind='loading' text='正在前往登录…' />

  const field = (k: keyof Form, label: string, placeholder: string, extra: Partial<{ type: 'number' | 'idcard' | 'text'; maxlength: number }> = {}) => (
    <TextField name={k} label={label} value={form[k]} placeholder={placeholder} hint={hint.get(k)} onChange={(v) => setForm((f) => ({ ...f, [k]: v }))} {...extra} />
  )

  return (
    <View className='page declare'>
      <View className='card'>
        <Text className='card-title'>亮出党员身份</Text>
        <Text className='muted'>填写后由所在党支部书记审核，通过后即可领取电子党员证。手机号和身份证号只给审核的书记看，不会公开。</Text>
      </View>
      <ErrorMessage message={error} />
      <View className='card'>
        {field('realName', '真实姓名', '与党员档案一致', { maxlength: 20 })}
        {field('phone', '手机号', '11 位手机号', { type: 'number', maxlength: 11 })}
        {field('joinedAt', '入党时间', '例如 2015-07-01', { maxlength: 10 })}
        <View className='field'>
          <Text className='field__label'>党员类别</Text>
          <Choice options={MEMBER_TYPES.map((t) => ({ value: t, label: MEMBER_TYPE_LABELS[t] }))} value={form.memberType} onChange={(memberType) => setForm((f) => ({ ...f, memberType }))} />
          {hint.get('memberType') && <Text className='field__hint'>{hint.get('memberType')}</Text>}
        </View>
        <View className='field'>
          <Text className='field__label'>所在党支部（工作单位的支部）</Text>
          {branch ? (
            <View className='row'>
              <Text className='declare__branch'>{branch.name}</Text>
              <Text className='muted' onClick={() => setBranch(null)}>
                重新选择
              </Text>
            </View>
          ) : (
            <>
              <Input className='field__input field-branch' value={q} placeholder='输入支部名称查找' onInput={(e) => setQ(e.detail.value)} maxlength={50} />
              {found.map((o) => (
                <View key={o.id} className='pick' onClick={() => setBranch({ id: o.id, name: o.name })}>
                  <Text>{o.name}</Text>
                </View>
              ))}
              {q.trim() !== '' && found.length === 0 && <Text className='muted'>没有找到名称包含“{q.trim()}”的党支部</Text>}
            </>
          )}
          {hint.get('branchId') && <Text className='field__hint'>{hint.get('branchId')}</Text>}
        </View>
        {field('originOrg', '组织关系现在所在（选填）', '例如 老家村党支部')}
        {field('position', '岗位（选填）', '例如 装配车间 班组长', { maxlength: 30 })}
        <View className='field'>
          <Text className='field__label'>承诺（选填，会显示在党员证上）</Text>
          <Textarea className='field__textarea field-pledge' value={form.pledge} placeholder='例如 做安全生产的带头人' maxlength={200} onInput={set('pledge')} />
        </View>
        {field('idNumber', '身份证号（选填，加密保存，只显示前 4 位和后 4 位）', '18 位', { type: 'idcard', maxlength: 18 })}
      </View>
      <Button className='btn-primary declare__submit' loading={busy} disabled={busy} onClick={submit}>
        提交申报
      </Button>
    </View>
  )
}
