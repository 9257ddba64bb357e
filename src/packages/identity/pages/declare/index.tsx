import { Text, View } from '@tarojs/components'
import { Button, Input, TextArea } from '@nutui/nutui-react-taro'
import { MEMBER_TYPES, MEMBER_TYPE_LABELS } from '@/domain/enums'
import Choice from '@/components/Choice'
import ErrorMessage from '@/components/ErrorMessage'
import DateTimeField from '@/components/DateTimeField'
import TextField from '@/components/TextField'
import StateView from '@/components/StateView'
import { todayString } from '@/utils/date'
import { useDeclare, type Form } from './useDeclare'
import '../identity.scss'

/** 亮身份申报: the same rules as the server, checked before sending. */
export default function DeclarePage() {
  const { signedIn, form, setField, branch, setBranch, q, setQ, found, hint, error, busy, submit } = useDeclare()
  if (!signedIn) return <StateView kind='loading' text='正在前往登录…' />

  const field = (k: keyof Form, label: string, placeholder: string, extra: Partial<{ type: 'number' | 'idcard' | 'text'; maxlength: number }> = {}) => (
    <TextField name={k} label={label} value={form[k]} placeholder={placeholder} hint={hint.get(k)} onChange={(v) => setField(k, v)} {...extra} />
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
        <DateTimeField name='joinedAt' label='入党时间' mode='date' value={form.joinedAt} start='1921-07-01' end={todayString()} placeholder='选择入党日期' hint={hint.get('joinedAt')} onChange={(v) => setField('joinedAt', v)} />
        <View className='field'>
          <Text className='field__label'>党员类别</Text>
          <Choice options={MEMBER_TYPES.map((t) => ({ value: t, label: MEMBER_TYPE_LABELS[t] }))} value={form.memberType} onChange={(memberType) => setField('memberType', memberType)} />
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
              <Input className='field__input field-branch' value={q} placeholder='输入支部名称查找' onChange={(v) => setQ(v)} maxLength={50} />
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
          <TextArea className='field__textarea field-pledge' value={form.pledge} placeholder='例如 做安全生产的带头人' maxLength={200} onChange={(v) => setField('pledge', v)} />
        </View>
        {field('idNumber', '身份证号（选填，加密保存，只显示前 4 位和后 4 位）', '18 位', { type: 'idcard', maxlength: 18 })}
      </View>
      <Button type='primary' block size='large' className='declare__submit' loading={busy} disabled={busy} onClick={submit}>
        提交申报
      </Button>
    </View>
  )
}
