import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { LINK_VALUE, parseAppLink } from '@/domain/links'
import type { InvitationPreview } from '@/domain/park'
import { useAction } from '@/hooks/useAction'
import { acceptInvitation, previewInvitation } from '@/services/park'
import { useMeStore } from '@/stores/me'
import { linkValue } from '@/utils/routes'
import { useParkData } from '../../useParkData'

/**
 * 接受任命: the invitation a QR, a link or a pasted code names. Shows what is offered, accepts it for
 * this account, and refreshes 我的 roles so the new entries appear at once.
 */
export function useAccept() {
  const params = useRouter().params
  const [code, setCode] = useState(() => linkValue(params, 'invite'))
  const [typed, setTyped] = useState('')
  const { signedIn, state, reload } = useParkData(code ? () => previewInvitation(code) : null, [code])
  const [accepted, setAccepted] = useState<InvitationPreview | null>(null)
  const action = useAction()

  /** A pasted link of ours, or the bare 40-character code; anything else says what is wrong. */
  function openPasted(): string | null {
    const text = typed.trim()
    const link = parseAppLink(text)
    const value = link?.kind === 'invite' ? link.value : LINK_VALUE.test(text) ? text : ''
    if (!value) return '这不是任命邀请的链接或邀请码，请向发出邀请的管理员重新索取'
    setCode(value)
    return null
  }
  const [pasteError, setPasteError] = useState<string | null>(null)

  async function accept() {
    let result: InvitationPreview | null = null
    const ok = await action.run('accept', async () => {
      result = await acceptInvitation(code)
    })
    if (!ok || !result) return
    setAccepted(result)
    await useMeStore.getState().load(true)
  }

  return {
    signedIn,
    code,
    state,
    reload,
    typed,
    setTyped,
    pasteError,
    submitPasted: () => setPasteError(openPasted()),
    accepted,
    accept,
    busy: action.busy === 'accept',
    error: action.error,
    home: () => Taro.switchTab({ url: '/pages/home/index' }),
  }
}
