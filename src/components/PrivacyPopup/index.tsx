import { Text, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useEffect } from 'react'
import { PRIVACY_AGREE_BUTTON_ID, usePrivacyStore } from '@/stores/privacy'
import './index.scss'

/** Why each privacy API is used, in the words of docs/privacy.md. */
const PURPOSE: Record<string, string> = {
  getLocation: '签到时读取一次你的位置，确认你在会场附近（只用于这次签到，不保存轨迹）',
  chooseLocation: '在地图上选择会场位置，设置签到范围',
  setClipboardData: '把党员证验证链接复制到剪贴板',
}

/**
 * WeChat's privacy popup, which the app draws itself: NutUI's bottom Popup, shown when a privacy API
 * waits for the user's consent, with the guide (wx.openPrivacyContract), 拒绝 and 同意 (a button with
 * open-type agreePrivacyAuthorization, which WeChat requires). Tapping outside does not answer.
 * Mount it on every page that calls a privacy API.
 */
export default function PrivacyPopup() {
  const referrer = usePrivacyStore((s) => s.referrer)
  const resolve = usePrivacyStore((s) => s.resolve)
  useEffect(() => {
    // WeChat asks to be told when the popup has been shown.
    if (referrer !== null) resolve?.({ event: 'exposureAuthorization' })
  }, [referrer, resolve])
  if (referrer === null) return null
  const answer = usePrivacyStore.getState().answer
  return (
    <Popup visible position='bottom' round closeOnOverlayClick={false} className='privacy-popup'>
      <View className='privacy-popup__box'>
        <Text className='privacy-popup__title'>用户隐私保护提示</Text>
        <Text className='privacy-popup__text'>{`为了${PURPOSE[referrer] ?? '使用这项功能'}，需要你先阅读并同意`}</Text>
        <Text className='privacy-popup__link' onClick={() => Taro.openPrivacyContract({})}>
          《红色引擎小程序隐私保护指引》
        </Text>
        <Text className='privacy-popup__text muted'>不同意也可以继续使用其他功能；签到时可以手动输入签到码。</Text>
        <View className='privacy-popup__actions'>
          <Button type='primary' fill='outline' block size='large' className='privacy-popup__btn' onClick={() => answer(false)}>
            拒绝
          </Button>
          <Button
            id={PRIVACY_AGREE_BUTTON_ID}
            type='primary'
            block
            size='large'
            className='privacy-popup__btn'
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={() => answer(true)}
          >
            同意
          </Button>
        </View>
      </View>
    </Popup>
  )
}
