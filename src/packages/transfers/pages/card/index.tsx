import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useDidShow } from '@tarojs/taro'
import StateView from '@/components/StateView'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { mobileCard } from '@/services/transfers'
import { formatDate } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import '../transfers.scss'

/** The digital 《流动党员活动证》: shown at the receiving branch's meetings. */
export default function MobileCardPage() {
  const signedIn = useRequireLogin()
  const [state, reload] = useRemote(signedIn ? mobileCard : null, [signedIn])
  useDidShow(() => signedIn && reload())
  if (!signedIn || state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error' && state.error.status !== 404) return <StateView kind='error' message={state.error.message} onRetry={reload} />
  if (state.status === 'error') {
    return (
      <View className='page'>
        <StateView kind='empty' message={state.error.message} />
        <Button type='primary' block size='large' onClick={() => Taro.navigateTo({ url: `${ROUTES.transferApply}?kind=mobile_in` })}>
          办理流入登记
        </Button>
      </View>
    )
  }
  const c = state.data
  return (
    <View className='page'>
      <View className={`mobile-card${c.valid ? '' : ' mobile-card--invalid'}`}>
        <Text className='mobile-card__title'>流动党员活动证</Text>
        <Text className='mobile-card__line mobile-card__holder'>{`姓名：${c.holderName}`}</Text>
        <Text className='mobile-card__line'>{`原党组织：${c.homeOrgName}`}</Text>
        <Text className='mobile-card__line mobile-card__branch'>{`流入地党组织：${c.branchName}`}</Text>
        <Text className='mobile-card__line'>{`发证日期：${formatDate(c.issuedAt)}`}</Text>
        <Text className='mobile-card__line mobile-card__valid'>{`有效期至：${formatDate(c.validUntil)}${c.valid ? '' : '（已过期）'}`}</Text>
        <Text className='mobile-card__line'>{`证号：${c.number}`}</Text>
      </View>
      <View className='card'>
        <Text className='muted'>
          {c.valid
            ? '凭此证参加流入地党支部的组织生活、缴纳党费；按规定不参加流入地的表决、选举，也不被选举。'
            : '活动证已过有效期：请联系原党组织，重新办理流入登记。'}
        </Text>
      </View>
    </View>
  )
}
