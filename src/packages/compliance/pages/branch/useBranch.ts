import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { useAction } from '@/hooks/useAction'
import { branchCompliance, noteFlag } from '@/services/compliance'
import { ROUTES } from '@/utils/routes'
import { useComplianceData } from '../../useComplianceData'
import { usePeriod } from '../../usePeriod'

/** One branch's 三会一课 (?branchId=&period=): its items per period, its flags, and the secretary's notes on them. */
export function useBranch() {
  const params = useRouter().params
  const branchId = params.branchId ?? ''
  const period = usePeriod(params.period)
  const { signedIn, state, reload } = useComplianceData(branchId ? () => branchCompliance(branchId, period.key) : null, [branchId, period.key])
  const [drafts, setDrafts] = useState<Record<string, string>>({})
  const action = useAction()
  return {
    branchId,
    period,
    signedIn,
    state,
    reload,
    draft: (meetingId: string) => drafts[meetingId] ?? '',
    setDraft: (meetingId: string, text: string) => setDrafts((d) => ({ ...d, [meetingId]: text })),
    saving: action.busy,
    error: action.error,
    save: async (meetingId: string) => {
      if (await action.run(meetingId, () => noteFlag(meetingId, (drafts[meetingId] ?? '').trim()), '说明已保存')) {
        setDrafts((d) => ({ ...d, [meetingId]: '' }))
        reload()
      }
    },
    publish: (type: string) => Taro.navigateTo({ url: `${ROUTES.meetingCreate}?type=${type}&branchId=${branchId}` }),
    openMeeting: (id: string) => Taro.navigateTo({ url: `${ROUTES.meetingDetail}?id=${id}` }),
  }
}
