import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import type { Org } from '@/domain/orgs'
import type { MemberType } from '@/domain/enums'
import { DeclarationBodySchema, declarationProblems, type FieldProblem } from '@/domain/identity'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { submitDeclaration } from '@/services/identity'
import { getOrg, searchOrgs } from '@/services/orgs'
import { ApiError, errorText } from '@/services/request'
import { todayString } from '@/utils/date'
import { ROUTES, linkValue, safeDecode } from '@/utils/routes'
import { explainIssues } from '@/domain/validation'

export type Form = {
  realName: string
  phone: string
  joinedAt: string
  memberType: MemberType
  originOrg: string
  position: string
  pledge: string
  idNumber: string
}

/**
 * The 亮身份申报 form's state: the branch (from a scanned branch QR code, or searched by name), the
 * fields, the problems the server's own rules (src/domain/identity) find before sending, submitting.
 */
export function useDeclare() {
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
        setError(errorText(err, '读取扫码的支部失败，请按名称查找'))
      },
    )
  }, [router.params, signedIn])

  useEffect(() => {
    const term = q.trim()
    if (!term) return setFound([])
    const timer = setTimeout(() => {
      searchOrgs({ q: term, limit: 10 }).then(
        (res) => setFound(res.items.filter((o) => o.type === 'branch')),
        (err: unknown) => setError(errorText(err, '查询支部失败，请重试')),
      )
    }, 300)
    return () => clearTimeout(timer)
  }, [q])

  const hint = useMemo(() => new Map(problems.map((p) => [p.path, p.message])), [problems])

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
      : explainIssues(DeclarationBodySchema, parsed.error.issues).map((f) => {
          const path = f.path.split('.')[0]
          return { path, message: path === 'branchId' ? '请选择所在党支部' : f.message }
        })
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

  return {
    signedIn,
    form,
    // A field being corrected loses its message at once; the next 提交 checks everything again.
    setField: <K extends keyof Form>(k: K, value: Form[K]) => {
      setForm((f) => ({ ...f, [k]: value }))
      setProblems((ps) => ps.filter((p) => p.path !== k))
    },
    branch,
    setBranch,
    q,
    setQ,
    found,
    hint,
    error,
    busy,
    submit,
  }
}
