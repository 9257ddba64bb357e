import { Text, View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import { MEMBER_TYPES, MEMBER_TYPE_LABELS } from '@/domain/enums'
import { TRANSFER_KINDS, TRANSFER_KIND_HINTS, TRANSFER_KIND_LABELS, defaultValidUntil } from '@/domain/transfers'
import Choice from '@/components/Choice'
import ErrorMessage from '@/components/ErrorMessage'
import DateTimeField from '@/components/DateTimeField'
import TextField from '@/components/TextField'
import StateView from '@/components/StateView'
import { formatDate } from '@/utils/date'
import OrgPicker from '../../components/OrgPicker'
import { useTransferApply, type FieldKey } from './useTransferApply'
import '../transfers.scss'

/**
 * One form for the four kinds: it shows the fields a kind needs and checks them with the server's
 * own rules before sending. `?id=` edits a request that was returned.
 */
export default function ApplyPage() {
  const a = useTransferApply()
  const { signedIn, editId, me, member, existing, kind, form, incoming, ownSide, from, fromOrg, toOrg, hint, fields, letter, today } = a
  if (!signedIn) return <StateView kind='loading' text='正在前往登录…' />
  if (!me.data) {
    return me.status === 'error' && me.error ? <StateView kind='error' message={me.error.message} onRetry={() => me.load(true)} /> : <StateView kind='loading' />
  }
  if (editId && existing.status === 'loading') return <StateView kind='loading' />
  if (editId && existing.status === 'error') return <StateView kind='error' message={existing.error.message} onRetry={a.reloadExisting} />

  const input = (k: FieldKey, label: string, placeholder: string, extra: Partial<{ type: 'number' | 'text'; maxlength: number }> = {}) => (
    <TextField name={k} label={label} value={form[k]} placeholder={placeholder} hint={hint.get(k)} maxlength={40} onChange={(v) => a.setField(k, v)} {...extra} />
  )

  // Dates are picked, never typed (src/components/DateTimeField).
  const date = (k: FieldKey, label: string, placeholder: string, extra: { start?: string; end?: string; optional?: boolean } = {}) => (
    <DateTimeField name={k} label={label} mode='date' value={form[k]} placeholder={placeholder} hint={hint.get(k)} onChange={(v) => a.setField(k, v)} {...extra} />
  )

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
                onClick={() => !editId && !blocked && a.chooseKind(k)}
                style={blocked || (editId && kind !== k) ? { opacity: 0.4 } : undefined}
              >
                <Text className='kinds__title'>{TRANSFER_KIND_LABELS[k]}</Text>
                <Text className='muted'>{blocked ? '登记为本系统党员后才能办理' : TRANSFER_KIND_HINTS[k]}</Text>
              </View>
            )
          })}
        </View>
      </View>
      <ErrorMessage message={a.error} />
      {a.tooLong && (
        <Button type='primary' fill='outline' block size='large' className='apply__switch' onClick={() => a.chooseKind('transfer_out')}>
          改为办理「转出」
        </Button>
      )}
      <View className='card'>
        <View className='field'>
          <Text className='field__label'>{incoming ? '原党组织（组织关系现在所在）' : '本支部（组织关系所在）'}</Text>
          {from && (!incoming || ownSide) ? (
            <Text className='org-picked'>{from.name}</Text>
          ) : (
            <OrgPicker name='from' value={fromOrg} onChange={a.setFromOrg} hint={hint.get('fromOrg')} />
          )}
        </View>
        <View className='field'>
          <Text className='field__label'>{incoming ? '接收的党支部（在本系统中选择）' : kind === 'transfer_out' ? '转往的党组织' : '外出去往（单位或地点的党组织）'}</Text>
          <OrgPicker name='to' value={toOrg} onChange={a.setToOrg} systemOnly={incoming} hint={hint.get('toOrg')} />
        </View>
        {!member && incoming && (
          <>
            {input('realName', '真实姓名', '与党员档案一致', { maxlength: 20 })}
            {kind === 'transfer_in' && (
              <>
                {date('joinedAt', '入党时间', '选择入党日期', { start: '1921-07-01', end: today })}
                <View className='field'>
                  <Text className='field__label'>党员类别</Text>
                  <Choice options={MEMBER_TYPES.map((t) => ({ value: t, label: MEMBER_TYPE_LABELS[t] }))} value={form.memberType} onChange={a.setMemberType} />
                </View>
              </>
            )}
          </>
        )}
        <View className='field'>
          <Text className='field__label'>原因</Text>
          <TextArea className='field__textarea field-reason' value={form.reason} placeholder={incoming ? '例如 到本企业工作' : '例如 调往上海工作'} maxLength={500} onChange={(v) => a.setField('reason', v)} />
          {hint.get('reason') && <Text className='field__hint'>{hint.get('reason')}</Text>}
        </View>
        {input('contactPhone', '联系电话', '11 位手机号', { type: 'number', maxlength: 11 })}
        {letter && (
          <>
            {input('letterNo', '介绍信编号（选填，全国党员管理信息系统中的编号）', '例如 豫组转〔2026〕118号')}
            {date('letterIssuedAt', '介绍信开具日期（选填，默认今天）', `默认今天：${formatDate(today)}`, { end: today, optional: true })}
            {date(
              'letterValidUntil',
              '介绍信有效期至（选填）',
              `默认开具后 90 天：${formatDate(defaultValidUntil({ kind, letterIssuedAt: form.letterIssuedAt.trim() || undefined }, today))}`,
              { optional: true },
            )}
          </>
        )}
        {fields.leftAt && date('leftAt', kind === 'mobile_out' ? '外出日期' : '离开原地日期（选填）', '选择日期', { optional: kind !== 'mobile_out' })}
        {fields.expectedReturnAt && date('expectedReturnAt', '预计返回日期（选填）', '不确定可不填', { start: today, optional: true })}
        {fields.fixedPlace && (
          <View className='field'>
            <Text className='field__label'>外出地点是否相对固定</Text>
            <Choice
              options={[
                { value: true, label: '相对固定', className: 'fixed-true' },
                { value: false, label: '没有固定地点', className: 'fixed-false' },
              ]}
              value={form.fixedPlace}
              onChange={a.setFixedPlace}
            />
            <Text className='muted'>外出 6 个月以上且地点相对固定的，应当转移组织关系，不再登记为流动党员。</Text>
          </View>
        )}
      </View>
      <Button type='primary' block size='large' className='apply__submit' loading={a.busy} disabled={a.busy} onClick={a.submit}>
        {editId ? '重新提交' : '提交申请'}
      </Button>
    </View>
  )
}
