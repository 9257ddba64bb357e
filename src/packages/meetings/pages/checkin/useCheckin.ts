import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { LINKS, readCheckinInput } from '@/domain/links'
import type { CheckinResult } from '@/domain/meetings'
import { useAction } from '@/hooks/useAction'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { checkIn, guestCheckIn } from '@/services/meetings'
import { pinCheckIn } from '@/services/checkin-code'
import { ApiError } from '@/services/request'
import { privacyDeclined } from '@/stores/privacy'
import { linkValue, safeDecode } from '@/utils/routes'

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

/**
 * The check-in page's state: signs in with the code it was opened with (or one typed), asks for
 * the location when the meeting needs it, and offers 来宾签到 when the server says a guest may
 * (`guestAllowed` on CHECKIN_NOT_ELIGIBLE; the wording of the message plays no part).
 */
export function useCheckin() {
  const signedIn = useRequireLogin()
  const params = useRouter().params
  // ?code=… from in-app navigation and H5; q=<the scanned link> when WeChat's scanner opened us.
  const param = linkValue(params, 'checkin')
  const foreign = param ? '' : safeDecode(params.q || params.code || '')
  // ?meetingId=… from the meeting's page: the 6-digit 数字签到码 of that meeting is typed here.
  const pinFor = params.meetingId ?? ''
  const [input, setInput] = useState('')
  const [guest, setGuest] = useState({ name: '', company: '' })
  const [lastCode, setLastCode] = useState('')
  const [result, setResult] = useState<CheckinResult | null>(null)
  // Once the server has said a guest may sign in, the guest form stays until another code is tried.
  const [guestAllowed, setGuestAllowed] = useState(false)
  const action = useAction()

  function submit(raw: string) {
    if (!raw.trim()) return Promise.resolve(false)
    return action.run('checkin', async () => {
      const pin = raw.replace(/\s/g, '')
      if (pinFor && /^\d{6}$/.test(pin)) return sign((at) => pinCheckIn(pinFor, pin, at))
      const read = readCheckinInput(raw)
      if (!read || read.kind !== 'checkin') throw notACode(raw)
      const code = read.value
      setLastCode(code)
      return sign((at) => checkIn(code, at))
    })
  }

  /** One sign-in: on CHECKIN_LOCATION_REQUIRED (a geofenced meeting) it asks for the location and tries once more. */
  async function sign(attempt: (at?: { lat: number; lng: number; accuracyM?: number }) => Promise<CheckinResult>) {
    setGuestAllowed(false)
    try {
      setResult(await attempt())
    } catch (err) {
      if (err instanceof ApiError && err.code === 'CHECKIN_NOT_ELIGIBLE' && err.guestAllowed === true) setGuestAllowed(true)
      if (!(err instanceof ApiError) || err.code !== 'CHECKIN_LOCATION_REQUIRED') throw err
      const at = await locate()
      if (typeof at === 'string') throw new ApiError(422, 'CHECKIN_LOCATION_REQUIRED', at)
      setResult(await attempt(at))
    }
  }

  const submitGuest = () => action.run('guest', async () => setResult(await guestCheckIn(lastCode, guest.name, guest.company)))

  useEffect(() => {
    if (signedIn && param) void submit(param)
    else if (foreign) void action.run('checkin', () => Promise.reject(notACode(foreign)))
    // Once per link opened; submit and action are new functions on every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signedIn, param, foreign])

  const failure = action.failure
  return {
    signedIn,
    busy: action.busy !== null,
    result,
    failure,
    canGuest: guestAllowed,
    /** Typing the 6-digit code of one meeting (opened from its page). */
    pinMode: pinFor !== '',
    input,
    setInput,
    submit: () => submit(input),
    guest,
    setGuest,
    submitGuest,
  }
}
