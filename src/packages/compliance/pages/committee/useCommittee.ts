import Taro, { useRouter } from '@tarojs/taro'
import { useAction } from '@/hooks/useAction'
import { committeeCompliance, exportCompliance } from '@/services/compliance'
import { ROUTES } from '@/utils/routes'
import { useComplianceData } from '../../useComplianceData'
import { usePeriod } from '../../usePeriod'

const BRANCH_PAGE = '/packages/compliance/pages/branch/index'

/** The committee's 三会一课 table (?orgId=): the period, the rows worst first, the flags and the export. */
export function useCommittee() {
  const orgId = useRouter().params.orgId ?? ''
  const period = usePeriod()
  const { signedIn, state, reload } = useComplianceData(orgId ? () => committeeCompliance(orgId, period.key) : null, [orgId, period.key])
  const action = useAction()
  return {
    orgId,
    period,
    signedIn,
    state,
    reload,
    exporting: action.busy === 'export',
    exportError: action.error,
    download: (orgName: string) => void action.run('export', () => exportCompliance(orgId, period.key, `${orgName}-三会一课-${period.label}.xlsx`)),
    openBranch: (branchId: string) => Taro.navigateTo({ url: `${BRANCH_PAGE}?branchId=${branchId}&period=${period.key}` }),
    openMeeting: (id: string) => Taro.navigateTo({ url: `${ROUTES.meetingDetail}?id=${id}` }),
  }
}
