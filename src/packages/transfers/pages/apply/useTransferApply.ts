import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import type { MemberType } from '@/domain/enums'
import type { FieldProblem } from '@/domain/identity'
import { KIND_FIELDS, KIND_NEEDS_LETTER, TRANSFER_KINDS, TransferBodySchema, mobileTooLong, transferProblems, type Transfer, type TransferKind } from '@/domain/transfers'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { ApiError } from '@/services/request'
import { getTransfer, resubmitTransfer, submitTransfer } from '@/services/transfers'
import { useMeStore } from '@/stores/me'
import { todayString } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import type { PickedOrg } from '../../components/OrgPicker'
import { explainIssues } from '@/domain/validation'

export type FieldKey = 'reason' | 'contactPhone' | 'letterNo' | 'letterIssuedAt' | 'letterValidUntil' | 'leftAt' | 'expectedReturnAt' | 'realName' | 'joinedAt'
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
 * The apply form's state: the kind, the fields it needs, both organizations, the problems found by
 * the server's own rules (src/domain/transfers) before sending, and submitting. `?id=` edits a
 * request that was returned.
 */
export function useTransferApply() {
  const signedIn = useRequireLogin()
  const { params } = useRouter()
  const editId = params.id ?? null
  const me = useMeStore()
  const member = me.data?.member ?? null
  const [chosen, setKind] = useState<TransferKind | null>(isKind(params.kind) ? params.kind : null)
  // Until one is chosen: 转出 for a member, 转入 for anyone else — decided once 我的 has loaded.
  const kind: TransferKind = chosen ?? (member ? 'transfer_out' : 'transfer_in')
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
  const fields = KIND_FIELDS[kind]
  const letter = KIND_NEEDS_LETTER[kind]
  const today = todayString()
  const [tooLong, setTooLong] = useState(false)

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
      : explainIssues(TransferBodySchema, parsed.error.issues).map((f) => {
          const path = f.path.split('.')[0]
          return { path, message: path === 'fromOrg' ? '请选择或填写原党组织' : path === 'toOrg' ? '请选择或填写去往的党组织' : f.message }
        })
    if (parsed.success && !member && incoming && !form.realName.trim()) issues.push({ path: 'realName', message: '请填写真实姓名' })
    if (parsed.success && !member && kind === 'transfer_in' && !form.joinedAt.trim()) issues.push({ path: 'joinedAt', message: '请填写入党时间' })
    setProblems(issues)
    // Decided by the rule itself, not by reading the problem's words.
    setTooLong(parsed.success && mobileTooLong(parsed.data))
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
      if (err instanceof ApiError && err.fields?.length) {
        // Each message beside its field, as with the form's own check.
        setProblems(err.fields)
        setError('请按提示修改后再提交')
      } else if (err instanceof ApiError) setError(err.message)
      else setError('提交失败，请检查网络后重试')
    } finally {
      setBusy(false)
    }
  }

  /** Another kind: its own fields, nothing left over from the last one's check. */
  function chooseKind(k: TransferKind) {
    setKind(k)
    setProblems([])
    setError(null)
    setTooLong(false)
  }

  return {
    signedIn,
    editId,
    me,
    member,
    existing,
    reloadExisting,
    kind,
    chooseKind,
    form,
    // A field being corrected loses its message at once; the next 提交 checks everything again.
    setField: (k: FieldKey, value: string) => {
      setForm((f) => ({ ...f, [k]: value }))
      setProblems((ps) => ps.filter((p) => p.path !== k))
    },
    setMemberType: (memberType: MemberType) => setForm((f) => ({ ...f, memberType })),
    setFixedPlace: (fixedPlace: boolean) => setForm((f) => ({ ...f, fixedPlace })),
    incoming,
    ownSide,
    from,
    fromOrg,
    setFromOrg,
    toOrg,
    setToOrg,
    hint,
    fields,
    letter,
    today,
    error,
    busy,
    /** 外出 6 个月以上且地点相对固定: offer 改为办理「转出」. */
    tooLong,
    submit,
  }
}
