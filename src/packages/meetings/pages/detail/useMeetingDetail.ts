import { useDidShow, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { useAction } from '@/hooks/useAction'
import { useRemote } from '@/hooks/useRemote'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import {
  amendMinutes,
  cancelMeeting,
  getAttendance,
  getMeeting,
  getMinutes,
  manualCheckIn,
  openAttendanceSheet,
  requestLeave,
  saveMinutes,
} from '@/services/meetings'

/** 补签 and 取消 need a reason typed on the page (H5 has no editable modal). */
export type Ask = { kind: 'cancel' } | { kind: 'manual'; memberId: string; name: string }

/**
 * Everything the meeting detail page knows and does: the meeting, its minutes, and (for the
 * secretary) its attendance; 请假, minutes, 取消, 补签 and 导出签到表 through one `useAction`.
 */
export function useMeetingDetail() {
  const signedIn = useRequireLogin()
  const id = useRouter().params.id ?? ''
  const [meeting, reload] = useRemote(signedIn && id ? () => getMeeting(id) : null, [signedIn, id])
  // A committee's admin or instructor reads the attendance too (canInspect), without the secretary's buttons.
  const inspect = meeting.status === 'ready' && meeting.data.canInspect
  const [attendance, reloadAttendance] = useRemote(inspect ? () => getAttendance(id) : null, [inspect, id])
  const [minutes, reloadMinutes] = useRemote(meeting.status === 'ready' ? () => getMinutes(id) : null, [meeting.status, id])
  const [draft, setDraft] = useState<string | null>(null)
  const [leaving, setLeaving] = useState(false)
  const [leaveReason, setLeaveReason] = useState('')
  const [ask, setAsk] = useState<Ask | null>(null)
  const [askReason, setAskReason] = useState('')
  const action = useAction()

  useDidShow(() => {
    if (!signedIn) return
    reload()
    if (inspect) reloadAttendance()
  })

  /** A change went through: close what was open and show the meeting as it now is. */
  async function change(key: string, send: () => Promise<unknown>, done: string) {
    if (!(await action.run(key, send, done))) return
    setLeaving(false)
    setLeaveReason('')
    setAsk(null)
    setAskReason('')
    setDraft(null)
    reload()
    reloadMinutes()
    if (inspect) reloadAttendance()
  }

  const locked = minutes.status === 'ready' && minutes.data.locked

  return {
    id,
    signedIn,
    meeting,
    reload,
    attendance,
    reloadAttendance,
    minutes,
    reloadMinutes,
    busy: action.busy,
    error: action.error,

    leaving,
    setLeaving,
    leaveReason,
    setLeaveReason,
    requestLeave: () => change('leave', () => requestLeave(id, leaveReason), '已请假'),

    /** What the minutes box shows: the typed draft, else the saved text (empty once locked: amendments start blank). */
    draftText: draft ?? (minutes.status !== 'ready' || locked ? '' : (minutes.data.body ?? '')),
    draftTouched: draft !== null,
    setDraft,
    saveMinutes: () => change('minutes', () => (locked ? amendMinutes(id, draft ?? '') : saveMinutes(id, draft ?? '')), '已保存'),

    ask,
    setAsk,
    askReason,
    setAskReason,
    confirmAsk: () => {
      if (!ask) return Promise.resolve()
      return ask.kind === 'cancel'
        ? change('cancel', () => cancelMeeting(id, askReason), '已取消')
        : change('manual', () => manualCheckIn(id, ask.memberId, askReason), '已补签')
    },

    exportSheet: () => action.run('export', () => openAttendanceSheet(id)),
  }
}
