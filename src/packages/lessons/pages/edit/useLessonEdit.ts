import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useMemo, useRef, useState } from 'react'
import { LESSON_CATEGORIES, LessonBodySchema, type LessonBody, type LessonKind } from '@/domain/lessons'
import { explainIssues, type FieldProblem } from '@/domain/validation'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { createLesson, getLesson, publishOrgs, updateLesson } from '@/services/lessons'
import { ApiError, errorText } from '@/services/request'
import { ROUTES } from '@/utils/routes'

export type LessonField = 'title' | 'category' | 'lecturer' | 'coverUrl' | 'mediaUrl' | 'bodyHtml' | 'durationMin'
export type LessonForm = Record<LessonField, string> & { kind: LessonKind; orgId: string; publish: boolean }

const EMPTY: LessonForm = { title: '', category: LESSON_CATEGORIES[0], lecturer: '', coverUrl: '', mediaUrl: '', bodyHtml: '', durationMin: '', kind: 'article', orgId: '', publish: false }

/** Where on the form a part of the request body is entered: a length in seconds is typed in minutes. */
function fieldOf(path: string): string {
  const top = path.split('.')[0]
  return top === 'durationSec' ? 'durationMin' : top
}

/**
 * The request body for the form as it is, and what is wrong with it (by form field): optional fields
 * left blank are left out, an article sends its text (its reading time is the server's to compute),
 * a video or audio its media address and its length in whole seconds.
 */
export function checkLesson(form: LessonForm): { body: LessonBody | null; problems: FieldProblem[] } {
  const opt = (k: LessonField) => (form[k].trim() ? { [k]: form[k].trim() } : {})
  const minutes = Number(form.durationMin)
  const body = {
    orgId: form.orgId,
    title: form.title,
    category: form.category,
    kind: form.kind,
    publish: form.publish,
    ...opt('lecturer'),
    ...opt('coverUrl'),
    ...(form.kind === 'article'
      ? opt('bodyHtml')
      : { ...opt('mediaUrl'), ...(form.durationMin.trim() && Number.isFinite(minutes) ? { durationSec: Math.round(minutes * 60) } : {}) }),
  }
  const parsed = LessonBodySchema.safeParse(body)
  if (parsed.success) return { body: parsed.data, problems: [] }
  return { body: null, problems: explainIssues(LessonBodySchema, parsed.error.issues).map((p) => ({ path: fieldOf(p.path), message: p.message })) }
}

/**
 * 发布微党课 / 修改 (?id=): the organizations this person may publish to (the first is chosen), the
 * lesson as it is when editing, the fields, and saving. Once a save has found problems, every change
 * checks again, so a field that is put right loses its message at once; the server's own refusals
 * by field are shown beside the field the same way.
 */
export function useLessonEdit() {
  const signedIn = useRequireLogin()
  const id = useRouter().params.id ?? null
  const [orgs, reloadOrgs] = useRemote(signedIn ? publishOrgs : null, [signedIn])
  const [existing, reloadExisting] = useRemote(signedIn && id ? () => getLesson(id) : null, [signedIn, id])
  const [form, setForm] = useState<LessonForm>(EMPTY)
  const [problems, setProblems] = useState<FieldProblem[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const checking = useRef(false)

  useEffect(() => {
    if (orgs.status === 'ready' && !form.orgId && orgs.data.items[0]) setForm((f) => ({ ...f, orgId: orgs.data.items[0].id }))
  }, [orgs, form.orgId])
  useEffect(() => {
    if (existing.status !== 'ready') return
    const l = existing.data
    setForm({
      title: l.title,
      category: l.category,
      lecturer: l.lecturer ?? '',
      coverUrl: l.coverUrl ?? '',
      mediaUrl: l.mediaUrl ?? '',
      bodyHtml: l.bodyHtml ?? '',
      durationMin: l.kind === 'article' ? '' : String(Math.round((l.durationSec / 60) * 10) / 10),
      kind: l.kind,
      orgId: l.orgId,
      publish: l.published,
    })
  }, [existing])

  const hint = useMemo(() => new Map(problems.map((p) => [p.path, p.message])), [problems])

  // From the form as React holds it, not as this render saw it: an edit handled just as the list of
  // organizations arrives must not undo the first organization filled in above (saving then asked
  // to 「按提示修改」 with no field to fix).
  function set<K extends keyof LessonForm>(k: K, value: LessonForm[K]) {
    setForm((f) => ({ ...f, [k]: value }))
  }
  // Once a save was tried, the hints follow every edit.
  useEffect(() => {
    if (!checking.current) return
    const found = checkLesson(form).problems
    setProblems(found)
    if (found.length === 0) setError(null)
  }, [form])

  async function save() {
    setError(null)
    checking.current = true
    const { body, problems: found } = checkLesson(form)
    setProblems(found)
    if (!body) return setError('请按提示修改后再保存')
    setBusy(true)
    try {
      const res = id ? await updateLesson(id, body) : await createLesson(body)
      Taro.showToast({ title: res.published ? '已保存并发布' : '已保存（未发布）', icon: 'success' })
      await Taro.redirectTo({ url: `${ROUTES.lesson}?id=${res.id}` })
    } catch (err) {
      if (err instanceof ApiError && err.fields?.length) {
        setProblems(err.fields.map((p) => ({ path: fieldOf(p.path), message: p.message })))
        setError('请按提示修改后再保存')
      } else setError(errorText(err, '保存失败，请检查网络后重试'))
    } finally {
      setBusy(false)
    }
  }

  return { signedIn, id, orgs, reloadOrgs, existing, reloadExisting, form, set, hint, error, busy, save }
}
