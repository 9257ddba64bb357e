import { useCallback, useEffect, useState } from 'react'
import { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Input } from '@nutui/nutui-react-taro'
import { DEMO_ACCOUNTS } from '@/domain/demo'
import { OPENID_PATTERN, type AuthOptions } from '@/domain/auth'
import StateView from '@/components/StateView'
import ErrorMessage from '@/components/ErrorMessage'
import { getAuthOptions } from '@/services/auth'
import { ApiError } from '@/services/request'
import { useAuthStore } from '@/stores/auth'
import { goAfterLogin } from '@/utils/routes'
import './index.scss'

type OptionsState =
  | { status: 'loading' }
  | { status: 'ready'; options: AuthOptions }
  | { status: 'error'; message: string }

function messageOf(err: unknown): string {
  if (err instanceof ApiError) return err.message
  // Taro.login failing on WeChat, for instance: still say something.
  const raw = (err as { errMsg?: string; message?: string } | null) ?? {}
  return raw.errMsg || raw.message ? `登录失败：${raw.errMsg || raw.message}` : '登录失败，请稍后再试'
}

const IS_WEAPP = process.env.TARO_ENV === 'weapp'

export default function LoginPage() {
  // The page that needed a session (a scanned sign-in link with its code): back there after login.
  const back = useRouter().params.back
  const loginWithDev = useAuthStore((s) => s.loginWithDev)
  const loginWithWechat = useAuthStore((s) => s.loginWithWechat)
  // Sent here because the server refused the old session: say why, in its words.
  const notice = useAuthStore((s) => s.notice)
  const [state, setState] = useState<OptionsState>({ status: 'loading' })
  const [busy, setBusy] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [openid, setOpenid] = useState('')

  const loadOptions = useCallback(() => {
    setState({ status: 'loading' })
    getAuthOptions().then(
      (options) => setState({ status: 'ready', options }),
      (err: unknown) => setState({ status: 'error', message: messageOf(err) }),
    )
  }, [])
  useEffect(loadOptions, [loadOptions])

  // One login at a time; whatever the server says is shown in the error box.
  async function run(key: string, action: () => Promise<void>) {
    if (busy) return
    setBusy(key)
    setError(null)
    try {
      await action()
      await goAfterLogin(back)
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(null)
    }
  }

  function submitOpenid() {
    const value = openid.trim()
    if (!value) {
      setError('请输入账号（openid）')
      return
    }
    // Checked here for a quick answer; the server checks again and has the last word.
    if (!OPENID_PATTERN.test(value)) {
      setError('账号只能包含字母、数字、下划线和短横线，长度 1–64')
      return
    }
    void run(`openid:${value}`, () => loginWithDev(value))
  }

  if (state.status === 'loading') return <StateView kind='loading' />
  if (state.status === 'error') {
    return (
      <View className='page'>
        <ErrorMessage message={notice} />
        <StateView kind='error' message={state.message} onRetry={loadOptions} />
      </View>
    )
  }

  const { devLogin, wechat } = state.options
  const showWechat = IS_WEAPP && wechat
  return (
    <View className='page login'>
      <View className='login__brand'>
        <Text className='login__title'>红色引擎</Text>
        <Text className='login__subtitle'>两新组织党员之家</Text>
      </View>

      <ErrorMessage message={error ?? notice} />

      {showWechat && (
        <Button type='primary' block size='large' className='login__wechat' loading={busy === 'wechat'} disabled={Boolean(busy)} onClick={() => run('wechat', loginWithWechat)}>
          微信一键登录
        </Button>
      )}

      {devLogin && (
        <View className='card login__dev'>
          <Text className='card-title'>演示账号</Text>
          <Text className='muted'>服务器开启了开发登录，点选一个账号即可进入</Text>
          {DEMO_ACCOUNTS.map((a) => (
            <View
              key={a.openid}
              className={`login__account${busy === `demo:${a.openid}` ? ' login__account--busy' : ''}`}
              onClick={() => run(`demo:${a.openid}`, () => loginWithDev(a.openid))}
            >
              <Text className='login__account-name'>{a.nickname}</Text>
              <Text className='login__account-desc'>{a.description}</Text>
              {busy === `demo:${a.openid}` && <Text className='login__account-busy'>登录中…</Text>}
            </View>
          ))}

          <Text className='login__other-label'>其他账号（openid）</Text>
          <View className='login__other'>
            <Input
              className='login__input'
              value={openid}
              placeholder='例如 demo-member'
              maxLength={64}
              confirmType='go'
              onChange={(v) => setOpenid(v)}
              onConfirm={submitOpenid}
            />
            <Button type='primary' className='login__go' size='small' disabled={Boolean(busy)} onClick={submitOpenid}>
              登录
            </Button>
          </View>
        </View>
      )}

      {!showWechat && !devLogin && (
        <StateView kind='empty' message={wechat ? '请在微信中打开小程序，使用微信登录' : '服务器未开启任何登录方式，请联系管理员'} />
      )}
    </View>
  )
}
