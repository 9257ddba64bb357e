import { Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import type { FieldProblem } from '@/domain/identity'
import { LESSON_CATEGORIES, LESSON_KINDS, LESSON_KIND_LABELS, LessonBodySchema, type LessonKind } from '@/domain/lessons'
import Choice from '@/components/Choice'
import ErrorMessage from '@/components/ErrorMessage'
import TextField from '@/components/TextField'
import StateView from '@/components/StateView'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { createLesson, getLesson, publishOrgs, updateLesson } from '@/services/lessons'
import { ApiError, errorText } from '@/services/request'
import { ROUTES } from '@/utils/routes'
import '../lesson.scss'
import { explainIssues } from '@/domain/validation'

type Field = 'title' | 'category' | 'lecturer' | 'coverUrl' | 'mediaUrl' | 'bodyHtml' | 'durationMin'
type Form = Record<Field, string> & { kind: LessonKind; orgId: string; publish: boolean }
const EMPTY: Form = { title: '', category: LESSON_CATEGORIES[0], lecturer: '', coverUrl: '', mediaUrl: '', bodyHtml: '', durationMin: '', kind: 'article', orgId: '', publish: false }

/** New lesson, or `?id=` to edit one. Articles' reading time is computed by the server from the text. */
export default function EditLessonPage() {
  const signedIn = useRequireLogin()
  const id = useRouter().params.id ?? null
  const [orgs, reloadOrgs] = useRemote(signedIn ? publishOrgs : null, [signedIn])
  const [existing, reloadExisting] = useRemote(signedIn && id ? () => getLesson(id) : null, [signedIn, id])
  const [form, setForm] = useState<Form>(EMPTY)
  const [problems, setProblems] = useState<FieldProblem[]>([])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

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
  const set = (k: Field) => (v: string) => setForm((f) => ({ ...f, [k]: v }))

  async function save() {
    setError(null)
    const opt = (k: Field) => (form[k].trim() ? { [k]: form[k].trim() } : {})
    const minutes = Number(form.durationMin)
    const body = {
      orgId: form.orgId,
      title: form.title,
      category: form.category,
      kind: form.kind,
      publish: form.publish,
      ...opt('lecturer'),
      ...opt('coverUrl'),
      ...(form.kind === 'article' ? opt('bodyHtml') : { ...opt('mediaUrl'), ...(form.durationMin.trim() && Number.isFinite(minutes) ? { durationSec: Math.round(minutes * 60) } : {}) }),
    }
    const parsed = LessonBodySchema.safeParse(body)
    if (!parsed.success) {
      setProblems(
        explainIssues(LessonBodySchema, parsed.error.issues).map((f) => {
          const path = f.path.split('.')[0]
          return { path: path === 'durationSec' ? 'durationMin' : path, message: f.message }
        }),
      )
      setError('请按提示修改后再保存')
      return
    }
    setProblems([])
    setBusy(true)
    try {
      const res = id ? await updateLesson(id, parsed.data) : await createLesson(parsed.data)
      Taro.showToast({ title: res.published ? '已保存并发布' : '已保存（未发布）', icon: 'success' })
      await Taro.redirectTo({ url: `${ROUTES.lesson}?id=${res.id}` })
    } catch (err) {
      if (err instanceof ApiError && err.fields?.length) {
        setProblems(err.fields.map((f) => (f.path === 'durationSec' ? { ...f, path: 'durationMin' } : f)))
        setError('请按提示修改后再保存')
      } else setError(errorText(err, '保存失败，请检查网络后重试'))
    } finally {
      setBusy(false)
    }
  }

  if (!signedIn || orgs.status === 'loading' || (id && existing.status === 'loading')) return <StateView kind='loading' />
  if (orgs.status === 'error') return <StateView kind='error' message={orgs.error.message} onRetry={reloadOrgs} />
  if (id && existing.status === 'error') return <StateView kind='error' message={existing.error.message} onRetry={reloadExisting} />
  if (orgs.data.items.length === 0) return <StateView kind='empty' message='只有支部书记或上级党委管理员可以发布微党课' />

  const input = (k: Field, label: string, placeholder: string, type: 'text' | 'digit' = 'text') => (
    <TextField name={k} label={label} value={form[k]} placeholder={placeholder} hint={hint.get(k)} maxlength={500} type={type} onChange={(v) => setForm((f) => ({ ...f, [k]: v }))} />
  )
  return (
    <View className='page lesson-edit'>
      <ErrorMessage message={error} />
      <View className='card'>
        <View className='field'>
          <Text className='field__label'>发布到（该组织及下级的党员可以学习）</Text>
          <Choice options={orgs.data.items.map((o) => ({ value: o.id, label: o.name }))} value={form.orgId} onChange={(orgId) => setForm((f) => ({ ...f, orgId }))} />
        </View>
        {input('title', '标题', '例如 三会一课：每一项多久开一次')}
        <View className='field'>
          <Text className='field__label'>分类</Text>
          <Choice options={LESSON_CATEGORIES.map((c) => ({ value: c as string, label: c }))} value={form.category} onChange={(category) => setForm((f) => ({ ...f, category }))} />
          <Input className='field__input field-category' value={form.category} placeholder='或填写其他分类' onChange={set('category')} maxLength={20} />
          {hint.get('category') && <Text className='field__hint'>{hint.get('category')}</Text>}
        </View>
        <View className='field'>
          <Text className='field__label'>形式</Text>
          <Choice options={LESSON_KINDS.map((k) => ({ value: k, label: LESSON_KIND_LABELS[k], className: `kind-${k}` }))} value={form.kind} onChange={(kind) => setForm((f) => ({ ...f, kind }))} />
        </View>
        {input('lecturer', '主讲人（选填）', '例如 园区党校')}
        {input('coverUrl', '封面图片地址（选填）', 'https://…')}
        {form.kind === 'article' ? (
          <View className='field'>
            <Text className='field__label'>正文（可用简单的 HTML：段落、标题、列表、链接；脚本等会被清除）</Text>
            <TextArea className='field__textarea field-bodyHtml' style={{ height: '400px' }} value={form.bodyHtml} maxLength={50000} onChange={set('bodyHtml')} />
            {hint.get('bodyHtml') && <Text className='field__hint'>{hint.get('bodyHtml')}</Text>}
          </View>
        ) : (
          <>
            {input('mediaUrl', form.kind === 'video' ? '视频地址（mp4）' : '音频地址（mp3）', 'https://…')}
            {input('durationMin', '时长（分钟）', '例如 12.5', 'digit')}
          </>
        )}
        <View className='field'>
          <Choice
            options={[
              { value: false, label: '先存为草稿' },
              { value: true, label: '保存并发布' },
            ]}
            value={form.publish}
            onChange={(publish) => setForm((f) => ({ ...f, publish }))}
          />
        </View>
      </View>
      <Button type='primary' block size='large' className='lesson-edit__save' loading={busy} disabled={busy} onClick={save}>
        保存
      </Button>
    </View>
  )
}
