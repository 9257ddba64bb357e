import { Switch, Text, View } from '@tarojs/components'
import { Button, TextArea } from '@nutui/nutui-react-taro'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { MEMBER_TYPE_LABELS } from '@/domain/enums'
import { appLink } from '@/domain/links'
import type { Card, CardPrivacy } from '@/domain/identity'
import ErrorMessage from '@/components/ErrorMessage'
import PrivacyPopup from '@/components/PrivacyPopup'
import QrCode from '@/components/QrCode'
import StateView from '@/components/StateView'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { publicWebBase } from '@/services/config'
import { getCard, revokeCard, updateCard } from '@/services/identity'
import { errorText } from '@/services/request'
import { formatDate } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import '../identity.scss'

/** The verify link inside the QR code: no personal data, only the server-signed code. */
export function verifyLink(code: string): string {
  return appLink(publicWebBase(), 'verify', code)
}

const SWITCHES: [keyof CardPrivacy, string][] = [
  ['showName', '公开姓名（关闭后只显示姓氏）'],
  ['showBranch', '公开所在支部'],
  ['showPosts', '公开岗位'],
  ['showPledge', '公开承诺'],
  ['onWall', '上支部亮身份墙'],
]

/** 电子党员证: the card, its QR code, privacy switches and revocation. */
export default function CardPage() {
  const signedIn = useRequireLogin()
  const [state, reload] = useRemote(signedIn ? getCard : null, [signedIn])
  const [card, setCard] = useState<Card | null>(null)
  const [pledge, setPledge] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  useDidShow(() => signedIn && reload())

  const shown = card ?? (state.status === 'ready' ? state.data : null)

  async function save(action: () => Promise<Card>, done: string) {
    setError(null)
    try {
      setCard(await action())
      Taro.showToast({ title: done, icon: 'success' })
    } catch (err) {
      setError(errorText(err, '保存失败，请重试'))
    }
  }

  function confirmRevoke() {
    Taro.showModal({
      title: '作废二维码',
      content: '作废后，之前截图或转发出去的二维码都将验证为无效，并生成新的二维码。确定吗？',
      confirmText: '作废',
    }).then((r) => {
      if (r.confirm) void save(revokeCard, '已换发新码')
    })
  }

  if (!signedIn || state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error' && !shown) {
    if (state.error.code === 'NOT_A_MEMBER') {
      return (
        <View className='page'>
          <StateView kind='empty' message={state.error.message} />
          <Button type='primary' block size='large' onClick={() => Taro.redirectTo({ url: ROUTES.declare })}>
            去亮身份申报
          </Button>
        </View>
      )
    }
    return <StateView kind='error' message={state.error.message} onRetry={reload} />
  }
  if (!shown) return null
  return (
    <View className='page card-page'>
      <PrivacyPopup />
      <ErrorMessage message={error} />
      {/* What a checker needs at a glance, large: the QR, the name, the branch and the party age. */}
      <View className='member-card'>
        <View className='member-card__head'>
          <View className='member-card__avatar'>
            <Text>{shown.avatarText}</Text>
          </View>
          <View>
            <Text className='member-card__name'>{shown.realName}</Text>
            <Text className='member-card__line'>{MEMBER_TYPE_LABELS[shown.memberType]}</Text>
          </View>
        </View>
        <Text className='member-card__branch'>{shown.branchName}</Text>
        <Text className='member-card__age'>{shown.partyAgeYears === null ? '预备期' : `党龄 ${shown.partyAgeYears} 年`}</Text>
        <Text className='member-card__line'>{`入党时间 ${formatDate(shown.joinedAt)}`}</Text>
        <View className='member-card__qr'>
          <QrCode value={verifyLink(shown.verifyCode)} size={480} />
        </View>
        <Text className='member-card__hint'>任何人扫码即可验证身份，只显示你选择公开的内容</Text>
      </View>

      <View className='card'>
        {shown.position && <Text className='card-page__line'>{`岗位：${shown.position}`}</Text>}
        {shown.posts.map((p) => (
          <Text key={p.id} className='card-page__line'>{`${p.kindLabel}：${p.title}`}</Text>
        ))}
        {shown.pledge && <Text className='card-page__line'>{`承诺：${shown.pledge}`}</Text>}
        {/* The link itself is long and means nothing to read; it is for sending to someone. */}
        <Button
          type='primary' fill='outline' block size='large' className='card-page__copy'
          onClick={() =>
            void Taro.setClipboardData({ data: verifyLink(shown.verifyCode) }).then(
              () => Taro.showToast({ title: '验证链接已复制', icon: 'success' }),
              () => Taro.showToast({ title: '没有复制：需要先同意隐私保护指引', icon: 'none' }),
            )
          }
        >
          复制验证链接
        </Button>
      </View>

      <View className='card'>
        <Text className='card-title'>公开范围</Text>
        {SWITCHES.map(([key, label]) => (
          <View key={key} className='row'>
            <Text>{label}</Text>
            <Switch aria-label={label} checked={shown.privacy[key]} color='#c8161d' onChange={(e) => save(() => updateCard({ [key]: e.detail.value }), '已保存')} />
          </View>
        ))}
      </View>

      <View className='card'>
        <Text className='card-title'>我的承诺</Text>
        <TextArea className='field__textarea' value={pledge ?? shown.pledge ?? ''} maxLength={200} placeholder='写下你的承诺' onChange={(v) => setPledge(v)} />
        <Button type='primary' fill='outline' size='small' disabled={pledge === null} onClick={() => save(() => updateCard({ pledge: (pledge ?? '').trim() || null }), '已保存')}>
          保存承诺
        </Button>
      </View>

      <Button type='primary' fill='outline' block size='large' onClick={confirmRevoke}>
        作废当前二维码
      </Button>
    </View>
  )
}
