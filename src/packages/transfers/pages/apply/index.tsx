import { Button, Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import { MEMBER_TYPES, MEMBER_TYPE_LABELS, type MemberType } from '@/domain/enums'
import type { FieldProblem } from '@/domain/identity'
import {
  KIND_FIELDS,
  KIND_NEEDS_LETTER,
  MOBILE_TOO_LONG_MESSAGE,
  TRANSFER_KINDS,
  TRANSFER_KIND_HINTS,
  TRANSFER_KIND_LABELS,
  TransferBodySchema,
  defaultValidUntil,
  transferProblems,
  type Transfer,
  type TransferKind,
} from '@/domain/transfers'
import Choice from '@/components/Choice'
import ErrorMessage from '@/components/ErrorMessage'
import TextField from '@/components/TextField'
import StateView from '@/components/StateView'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { ApiError } from '@/services/request'
import { getTransfer, resubmitTransfer, submitTransfer } from '@/services/transfers'
import { useMeStore } from '@/stores/me'
import { formatDate, todayString } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import OrgPicker, { type PickedOrg } from '../../components/OrgPicker'
import '../transfers.scss'

type FieldKey = 'reason' | 'contactPhone' | 'letterNo' | 'letterIssuedAt' | 'letterValidUntil' | 'leftAt' | 'expectedReturnAt' | 'realName' | 'joinedAt'
type Form = Record<FieldKey, string> & { memberType: MemberType; fixedPlace: boolean }

const EMPTY: Form = {
  reason: '',
  contactPhone: '',
  letterNo: '',
  letterIssuedAt: '',
  letterValidUntil: '',
  leftAt: '',
  expectedReturnAt: '',
  realName: '',
  joinedAt: '',
  memberType: 'full',
  fixedPlace: false,
}

const isKind = (k: string | undefined): k is TransferKind => TRANSFER_KINDS.includes(k as TransferKind)
const orgOf = (o: Transfer['fromOrg']): PickedOrg => ({ ref: o.id ? { id: o.id } : { name: o.name }, name: o.name })

/**
 * One form for the four kinds: it shows the fields a kind needs and checks them with the server's
 * own rules (src/domain/transfers) before sending. `?id=` edits a request that was returned.
 */
export default function ApplyPage() {
  const signedIn = useRequireLogin()
  const { params } = useRouter()
  const editId = params.id ?? null
  const me = useMeStore()
  const member = me.data?.member ?? null
  const [kind, setKind] = useState<TransferKind>(isKind(params.kind) ? params.kind : member ? 'transfer_out' : 'transfer_in')
  const [form, setForm] = useState<Form>(EMPTY)
  const [fromOrg, setFromOrg] = useState<PickedOrg | null>(null)
  const [toOrg, setToOrg] = useState<PickedOrg | null>(null)
  const [problems, setProblems] = useState<FieldProblem[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [existing, reloadExisting] = useRemote(signedIn && editId ? () => getTransfer(editId) : null, [signedIn, editId])

  useEffect(() => {
    if (signedIn && !me.data) void me.load()
  }, [signedIn, me])

  // Editing a returned request: start from what was sent.
  useEffect(() => {
    if (existing.status !== 'ready') return
    const t = existing.data
    setKind(t.kind)
    setFromOrg(orgOf(t.fromOrg))
    setToOrg(orgOf(t.toOrg))
    setForm({
      ...EMPTY,
      reason: t.reason,
      contactPhone: t.contactPhone,
      letterNo: t.letterNo ?? '',
      letterIssuedAt: t.letterIssuedAt ?? '',
      letterValidUntil: KIND_NEEDS_LETTER[t.kind] ? t.letterValidUntil : '',
      leftAt: t.leftAt ?? '',
      expectedReturnAt: t.expectedReturnAt ?? '',
      realName: t.applicantName,
      fixedPlace: t.fixedPlace ?? false,
    })
  }, [existing])

  const incoming = kind === 'transfer_in' || kind === 'mobile_in'
  // The side that is the member's own branch is fixed; the app knows it.
  const ownSide: PickedOrg | null = member ? { ref: { id: member.branchId }, name: member.branchName } : null
  const from = incoming ? (ownSide ?? fromOrg) : ownSide
  const to = toOrg
  const hint = useMemo(() => new Map(problems.map((p) => [p.path, p.message])), [problems])
  const set = (k: FieldKey) => (e: { detail: { value: string } }) => setForm((f) => ({ ...f, [k]: e.detail.value }))
  const fields = KIND_FIELDS[kind]
  const letter = KIND_NEEDS_LETTER[kind]
  const today = todayString()

  function body() {
    const opt = (k: FieldKey) => (form[k].trim() ? { [k]: form[k].trim() } : {})
    return {
      kind,
      fromOrg: from?.ref ?? { name: '' },
      toOrg: to?.ref ?? { name: '' },
      reason: form.reason,
      contactPhone: form.contactPhone,
      ...(letter ? { ...opt('letterNo'), ...opt('letterIssuedAt'), ...opt('letterValidUntil') } : {}),
      ...(fields.leftAt ? opt('leftAt') : {}),
      ...(fields.expectedReturnAt ? opt('expectedReturnAt') : {}),
      ...(fields.fixedPlace ? { fixedPlace: form.fixedPlace } : {}),
      ...(!member && incoming ? opt('realName') : {}),
      ...(!member && kind === 'transfer_in' ? { memberType: form.memberType, ...opt('joinedAt') } : {}),
    }
  }

  async function submit() {
    setError(null)
    const parsed = TransferBodySchema.safeParse(body())
    const issues: FieldProblem[] = parsed.success
      ? transferProblems(parsed.data, today)
      : parsed.error.issues.map((i) => ({
          path: String(i.path[0] ?? ''),
          message: i.path[0] === 'fromOrg' ? '请选择或填写原党组织' : i.path[0] === 'toOrg' ? '请选择或填写去往的党组织' : i.message,
        }))
    if (parsed.success && !member && incoming && !form.realName.trim()) issues.push({ path: 'realName', message: '请填写真实姓名' })
    if (parsed.success && !member && kind === 'transfer_in' && !form.joinedAt.trim()) issues.push({ path: 'joinedAt', message: '请填写入党时间' })
    setProblems(issues)
    if (issues.length > 0 || !parsed.success) {
      setError(issues.find((p) => p.path === 'kind')?.message ?? '请按提示修改后再提交')
      return
    }
    setBusy(true)
    try {
      const res = editId ? await resubmitTransfer(editId, parsed.data) : await submitTransfer(parsed.data)
      Taro.showToast({ title: '已提交，等待审核', icon: 'success' })
      await Taro.redirectTo({ url: `${ROUTES.transferDetail}?id=${res.id}` })
    } catch (err) {
      if (err instanceof ApiError) {
        setError(err.message)
        if (err.fields) setProblems(err.fields)
      } else setError('提交失败，请检查网络后重试')
    } finally {
      setBusy(false)
    }
  }

  if (!signedIn) return <StateView kind='loading' text='正在前往登录…' />
  if (!me.data) {
    return me.status === 'error' && me.error ? <StateView kind='error' message={me.error.message} onRetry={() => me.load(true)} /> : <StateView kind='loading' />
  }
  if (editId && existing.status === 'loading') return <StateView kind='loading' />
  if (editId && existing.status === 'error') return <StateView kind='error' message={existing.error.message} onRetry={reloadExisting} />

  const input = (k: FieldKey, label: string, placeholder: string, extra: Partial<{ type: 'number' | 'text'; maxlength: number }> = {}) => (
    <TextField name={k} label={label} value={form[k]} placeholder={placeholder} hint={hint.get(k)} maxlength={40} onChange={(v) => setForm((f) => ({ ...f, [k]: v }))} {...extra} />
  )
  const tooLong = hint.get('kind') === MOBILE_TOO_LONG_MESSAGE

  return (
    <View className='page apply'>
      <View className='card'>
        <Text className='card-title'>{editId ? '修改后重新提交' : '办理什么？'}</Text>
        {editId && existing.status === 'ready' && existing.data.returnReason && (
          <Text className='field__hint'>{`退回原因：${existing.data.returnReason}`}</Text>
        )}
        <View className='kinds'>
          {TRANSFER_KINDS.map((k) => {
            const blocked = (k === 'transfer_out' || k === 'mobile_out') && !member
            return (
              <View
                key={k}
                className={`kinds__item kind-${k}${kind === k ? ' kinds__item--on' : ''}`}
                onClick={() => !editId && !blocked && (setKind(k), setProblems([]), setError(null))}
                style={blocked || (editId && kind !== k) ? { opacity: 0.4 } : undefined}
              >
                <Text className='kinds__title'>{TRANSFER_KIND_LABELS[k]}</Text>
                <Text className='muted'>{blocked ? '登记为本系统党员后才能办理' : TRANSFER_KIND_HINTS[k]}</Text>
              </View>
            )
          })}
        </View>
      </View>
      <ErrorMessage message={error} />
      {tooLong && (
        <Button className='btn-plain apply__switch' onClick={() => (setKind('transfer_out'), setProblems([]), setError(null))}>
          改为办理「转出」
        </Button>
      )}
      <View className='card'>
        <View className='field'>
          <Text className='field__label'>{incoming ? '原党组织（组织关系现在所在）' : '本支部（组织关系所在）'}</Text>
          {from && (!incoming || ownSide) ? (
            <Text className='org-picked'>{from.name}</Text>
          ) : (
            <OrgPicker name='from' value={fromOrg} onChange={setFromOrg} hint={hint.get('fromOrg')} />
          )}
        </View>
        <View className='field'>
          <Text className='field__label'>{incoming ? '接收的党支部（在本系统中选择）' : kind === 'transfer_out' ? '转往的党组织' : '外出去往（单位或地点的党组织）'}</Text>
          <OrgPicker name='to' value={toOrg} onChange={setToOrg} systemOnly={incoming} hint={hint.get('toOrg')} />
        </View>
        {!member && incoming && (
          <>
            {input('realName', '真实姓名', '与党员档案一致', { maxlength: 20 })}
            {kind === 'transfer_in' && (
              <>
                {input('joinedAt', '入党时间', '例如 2015-07-01', { maxlength: 10 })}
                <View className='field'>
                  <Text className='field__label'>党员类别</Text>
                  <Choice options={MEMBER_TYPES.map((t) => ({ value: t, label: MEMBER_TYPE_LABELS[t] }))} value={form.memberType} onChange={(memberType) => setForm((f) => ({ ...f, memberType }))} />
                </View>
              </>
            )}
          </>
        )}
        <View className='field'>
          <Text className='field__label'>原因</Text>
          <Textarea className='field__textarea field-reason' value={form.reason} placeholder={incoming ? '例如 到本企业工作' : '例如 调往上海工作'} maxlength={500} onInput={set('reason')} />
          {hint.get('reason') && <Text className='field__hint'>{hint.get('reason')}</Text>}
        </View>
        {input('contactPhone', '联系电话', '11 位手机号', { type: 'number', maxlength: 11 })}
        {letter && (
          <>
            {input('letterNo', '介绍信编号（选填，全国党员管理信息系统中的编号）', '例如 豫组转〔2026〕118号')}
            {input('letterIssuedAt', '介绍信开具日期（选填，默认今天）', today, { maxlength: 10 })}
            {input(
              'letterValidUntil',
              '介绍信有效期至（选填）',
              `默认开具后 90 天：${formatDate(defaultValidUntil({ kind, letterIssuedAt: form.letterIssuedAt.trim() || undefined }, today))}`,
              { maxlength: 10 },
            )}
          </>
        )}
        {fields.leftAt && input('leftAt', kind === 'mobile_out' ? '外出日期' : '离开原地日期（选填）', '例如 2026-12-01', { maxlength: 10 })}
        {fields.expectedReturnAt && input('expectedReturnAt', '预计返回日期（选填）', '不确定可不填', { maxlength: 10 })}
        {fields.fixedPlace && (
          <View className='field'>
            <Text className='field__label'>外出地点是否相对固定</Text>
            <Choice
              options={[
                { value: true, label: '相对固定', className: 'fixed-true' },
                { value: false, label: '没有固定地点', className: 'fixed-false' },
              ]}
              value={form.fixedPlace}
              onChange={(fixedPlace) => setForm((f) => ({ ...f, fixedPlace }))}
            />
            <Text className='muted'>外出 6 个月以上且地点相对固定的，应当转移组织关系，不再登记为流动党员。</Text>
          </View>
        )}
      </View>
      <Button className='btn-primary apply__submit' loading={busy} disabled={busy} onClick={submit}>
        {editId ? '重新提交' : '提交申请'}
      </Button>
    </View>
  )
}
