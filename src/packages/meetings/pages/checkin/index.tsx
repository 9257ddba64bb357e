import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { LINKS, readCheckinInput } from '@/domain/links'
import type { CheckinResult } from '@/domain/meetings'
import PrivacyPopup from '@/components/PrivacyPopup'
import StateView from '@/components/StateView'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { checkIn, guestCheckIn } from '@/services/meetings'
import { ApiError } from '@/services/request'
import { privacyDeclined } from '@/stores/privacy'
import { formatDateTime } from '@/utils/date'
import { linkValue, safeDecode } from '@/utils/routes'
import '../meeting.scss'

type Outcome = { ok: true; result: CheckinResult } | { ok: false; error: ApiError }

const hhmm = (iso: string) => formatDateTime(iso).slice(-5)

const LOCATION_DECLINED = '这次会议需要定位签到，但你没有同意隐私保护指引，无法读取位置。请点「签到」重试并选择同意，或请书记为你补签。'
const LOCATION_FAILED = '这次会议需要定位签到：请在设置中允许获取位置后重试'

async function locate(): Promise<{ lat: number; lng: number; accuracyM?: number } | string> {
  try {
    const loc = await Taro.getLocation({ type: 'gcj02', isHighAccuracy: true })
    return { lat: loc.latitude, lng: loc.longitude, accuracyM: loc.accuracy }
  } catch (err) {
    return privacyDeclined(err) ? LOCATION_DECLINED : LOCATION_FAILED
  }
}

/** Why a scanned or typed text is not a sign-in code, in words that say what to do instead. */
function notACode(text: string): ApiError {
  const link = readCheckinInput(text)
  const what = link && link.kind !== 'checkin' ? `这是${LINKS[link.kind].label}，不是签到码` : '这不是本应用的二维码或签到码'
  return new ApiError(0, 'NOT_A_CHECKIN_CODE', `${what}。请扫描书记手机上的签到码，或输入二维码下方的签到码。`)
}

/** Where a scan (or a typed code) lands: says exactly what happened. */
export default function CheckinPage() {
  const signedIn = useRequireLogin()
  const params = useRouter().params
  // ?code=… from in-app navigation and H5; q=<the scanned link> when WeChat's scanner opened us.
  const param = linkValue(params, 'checkin')
  const foreign = param ? '' : safeDecode(params.q || params.code || '')
  const [input, setInput] = useState('')
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [guest, setGuest] = useState({ name: '', company: '' })
  const [lastCode, setLastCode] = useState('')

  async function submit(raw: string) {
    if (!raw.trim()) return
    const read = readCheckinInput(raw)
    if (!read || read.kind !== 'checkin') return setOutcome({ ok: false, error: notACode(raw) })
    const code = read.value
    setBusy(true)
    setLastCode(code)
    try {
      let result: CheckinResult
      try {
        result = await checkIn(code)
      } catch (err) {
        // A geofenced meeting: ask for the location, then try once more.
        if (!(err instanceof ApiError) || err.code !== 'CHECKIN_LOCATION_REQUIRED') throw err
        const at = await locate()
        if (typeof at === 'string') throw new ApiError(422, 'CHECKIN_LOCATION_REQUIRED', at)
        result = await checkIn(code, at)
      }
      setOutcome({ ok: true, result })
    } catch (err) {
      setOutcome({ ok: false, error: err instanceof ApiError ? err : new ApiError(0, 'CLIENT_ERROR', '签到失败，请重试') })
    } finally {
      setBusy(false)
    }
  }

  async function submitGuest() {
    setBusy(true)
    try {
      setOutcome({ ok: true, result: await guestCheckIn(lastCode, guest.name, guest.company) })
    } catch (err) {
      setOutcome({ ok: false, error: err instanceof ApiError ? err : new ApiError(0, 'CLIENT_ERROR', '签到失败，请重试') })
    } finally {
      setBusy(false)
    }
  }

  useEffect(() => {
    if (signedIn && param) void submit(param)
    else if (foreign) setOutcome({ ok: false, error: notACode(foreign) })
  }, [signedIn, param, foreign])

  if (!signedIn) return <StateView kind='loading' text='正在前往登录…' />
  if (busy && !outcome) {
    // Still mounted while waiting: a geofenced sign-in may need the privacy popup first.
    return (
      <View>
        <StateView kind='loading' text='正在签到…' />
        <PrivacyPopup />
      </View>
    )
  }

  if (outcome?.ok) {
    const r = outcome.result
    return (
      <View className='page'>
        <View className='card' style={{ textAlign: 'center' }}>
          <Text className='mt-big mt-ok checkin__result'>{r.alreadyCheckedIn ? '已签到' : '签到成功'}</Text>
          <Text className='mt-line'>{r.meetingTitle}</Text>
          <Text className='mt-line'>{r.alreadyCheckedIn ? `你已于 ${hhmm(r.checkedInAt)} 签到，无需重复签到` : `签到时间 ${hhmm(r.checkedInAt)}${r.kind === 'guest' ? '（来宾）' : ''}`}</Text>
        </View>
      </View>
    )
  }

  const canGuest = outcome && !outcome.ok && outcome.error.code === 'CHECKIN_NOT_ELIGIBLE' && outcome.error.message.includes('来宾')
  return (
    <View className='page'>
      <PrivacyPopup />
      {outcome && !outcome.ok && (
        <View className='card' style={{ textAlign: 'center' }}>
          <Text className='mt-big mt-bad'>签到未成功</Text>
          <Text className='mt-line checkin__error'>{outcome.error.message}</Text>
        </View>
      )}
      {canGuest ? (
        <View className='card'>
          <Text className='card-title'>以来宾身份签到</Text>
          <Input className='mt-input checkin__guest-name' value={guest.name} placeholder='姓名' maxlength={20} onInput={(e) => setGuest((g) => ({ ...g, name: e.detail.value }))} />
          <Input className='mt-input' value={guest.company} placeholder='单位（选填）' maxlength={60} onInput={(e) => setGuest((g) => ({ ...g, company: e.detail.value }))} />
          <Button className='btn-primary' loading={busy} disabled={busy} onClick={submitGuest}>
            来宾签到
          </Button>
        </View>
      ) : (
        <View className='card'>
          <Text className='card-title'>输入签到码</Text>
          <Text className='muted'>相机扫不了时，请书记念出或出示签到码（二维码下方的一串字符）</Text>
          <Input className='mt-input checkin__input' value={input} placeholder='签到码' maxlength={200} onInput={(e) => setInput(e.detail.value)} onConfirm={() => submit(input)} />
          <Button className='btn-primary checkin__submit' loading={busy} disabled={busy || !input.trim()} onClick={() => submit(input)}>
            签到
          </Button>
        </View>
      )}
    </View>
  )
}
