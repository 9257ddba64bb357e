import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { z } from 'zod'
import { appLink } from '@/domain/links'
import { formatChina, formatDateTime } from '@/domain/time'
import type { CheckinCodeSchema } from '@/domain/checkin-code'
import QrCode from '@/components/QrCode'
import StateView from '@/components/StateView'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { publicWebBase } from '@/services/config'
import { getCheckinCode } from '@/services/checkin-code'
import { errorText } from '@/services/request'
import '../meeting.scss'

type Code = z.infer<typeof CheckinCodeSchema>
const COUNT_EVERY_MS = 3000

const WINDOW_TEXT = { not_open: '还没到签到时间（会前 30 分钟开放）', open: '请参会人员扫码签到', closed: '签到已结束' } as const

/** The secretary's screen: a code renewed before it expires, and a live count. */
export default function CodeScreen() {
  const signedIn = useRequireLogin()
  const id = useRouter().params.id ?? ''
  const [code, setCode] = useState<Code | null>(null)
  const [error, setError] = useState<string | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>()

  useEffect(() => {
    if (!signedIn || !id) return
    let alive = true
    const tick = async () => {
      try {
        const c = await getCheckinCode(id)
        if (!alive) return
        setCode(c)
        setError(null)
        // Next fetch: when a new step starts, or for the count, whichever is sooner.
        timer.current = setTimeout(tick, Math.max(500, Math.min(c.refreshAfterMs + 200, COUNT_EVERY_MS)))
      } catch (err) {
        if (!alive) return
        setError(errorText(err, '获取签到码失败'))
        // A bad connection: keep trying; the old code stays valid one more step.
        timer.current = setTimeout(tick, COUNT_EVERY_MS)
      }
    }
    void tick()
    return () => {
      alive = false
      clearTimeout(timer.current)
    }
  }, [signedIn, id])

  if (!id) return <StateView kind='empty' message='没有指定组织生活' />
  if (!code) return error ? <StateView kind='error' message={error} /> : <StateView kind='loading' text='正在生成签到码…' />
  return (
    <View className='code-screen'>
      <Text className='card-title code-screen__title'>{code.title}</Text>
      <Text className='mt-line muted'>{`${formatDateTime(code.startsAt)} 至 ${formatChina(code.endsAt, 'HH:mm')}`}</Text>
      <Text className='mt-big'>{WINDOW_TEXT[code.window]}</Text>
      <QrCode value={appLink(publicWebBase(), 'checkin', code.code)} size={560} />
      <Text className='code-screen__pin'>{`${code.pin.slice(0, 3)} ${code.pin.slice(3)}`}</Text>
      <Text className='mt-line muted'>数字签到码：扫不了码的党员在会议页点「输入数字签到码」。二维码和数字每 20 秒更换，截图转发无效</Text>
      <Text className='mt-line muted code-screen__text'>{`签到码：${code.code}`}</Text>
      {error && <Text className='mt-line mt-bad'>{`网络不稳定：${error}`}</Text>}
      <Text className='mt-big code-screen__count'>{`已签到 ${code.checkedIn} 人`}</Text>
      <Button type='primary' fill='outline' block size='large' className='code-screen__back' onClick={() => Taro.navigateBack()}>
        查看签到名单
      </Button>
    </View>
  )
}
