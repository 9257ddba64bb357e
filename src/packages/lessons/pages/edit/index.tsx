import { Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { LESSON_CATEGORIES, LESSON_KINDS, LESSON_KIND_LABELS } from '@/domain/lessons'
import Choice from '@/components/Choice'
import ErrorMessage from '@/components/ErrorMessage'
import TextField from '@/components/TextField'
import StateView from '@/components/StateView'
import '../lesson.scss'
import { useLessonEdit, type LessonField } from './useLessonEdit'

/** New lesson, or `?id=` to edit one (useLessonEdit). Articles' reading time is computed by the server from the text. */
export default function EditLessonPage() {
  const { signedIn, id, orgs, reloadOrgs, existing, reloadExisting, form, set, hint, error, busy, save } = useLessonEdit()

  if (!signedIn || orgs.status === 'loading' || (id && existing.status === 'loading')) return <StateView kind='loading' />
  if (orgs.status === 'error') return <StateView kind='error' message={orgs.error.message} onRetry={reloadOrgs} />
  if (id && existing.status === 'error') return <StateView kind='error' message={existing.error.message} onRetry={reloadExisting} />
  if (orgs.data.items.length === 0) return <StateView kind='empty' message='只有支部书记或上级党委管理员可以发布微党课' />

  const input = (k: LessonField, label: string, placeholder: string, type: 'text' | 'digit' = 'text') => (
    <TextField name={k} label={label} value={form[k]} placeholder={placeholder} hint={hint.get(k)} maxlength={500} type={type} onChange={(v) => set(k, v)} />
  )
  return (
    <View className='page lesson-edit'>
      <ErrorMessage message={error} />
      <View className='card'>
        <View className='field'>
          <Text className='field__label'>发布到（该组织及下级的党员可以学习）</Text>
          <Choice options={orgs.data.items.map((o) => ({ value: o.id, label: o.name }))} value={form.orgId} onChange={(orgId) => set('orgId', orgId)} />
          {hint.get('orgId') && <Text className='field__hint'>{hint.get('orgId')}</Text>}
        </View>
        {input('title', '标题', '例如 三会一课：每一项多久开一次')}
        <View className='field'>
          <Text className='field__label'>分类</Text>
          <Choice options={LESSON_CATEGORIES.map((c) => ({ value: c as string, label: c }))} value={form.category} onChange={(category) => set('category', category)} />
          <Input className='field__input field-category' value={form.category} placeholder='或填写其他分类' onChange={(v) => set('category', v)} maxLength={20} />
          {hint.get('category') && <Text className='field__hint'>{hint.get('category')}</Text>}
        </View>
        <View className='field'>
          <Text className='field__label'>形式</Text>
          <Choice options={LESSON_KINDS.map((k) => ({ value: k, label: LESSON_KIND_LABELS[k], className: `kind-${k}` }))} value={form.kind} onChange={(kind) => set('kind', kind)} />
        </View>
        {input('lecturer', '主讲人（选填）', '例如 园区党校')}
        {input('coverUrl', '封面图片地址（选填）', 'https://…')}
        {form.kind === 'article' ? (
          <View className='field'>
            <Text className='field__label'>正文（可用简单的 HTML：段落、标题、列表、链接；脚本等会被清除）</Text>
            <TextArea className='field__textarea field-bodyHtml' style={{ height: '400px' }} value={form.bodyHtml} maxLength={50000} onChange={(v) => set('bodyHtml', v)} />
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
            onChange={(publish) => set('publish', publish)}
          />
        </View>
      </View>
      <Button type='primary' block size='large' className='lesson-edit__save' loading={busy} disabled={busy} onClick={save}>
        保存
      </Button>
    </View>
  )
}
