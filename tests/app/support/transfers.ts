/** A transfer as GET /api/v1/transfers/:id answers it (TransferSchema), for the pages that show one. */
import type { Transfer } from '@/domain/transfers'

export const ID = '00000000-0000-4000-8000-0000000000f1'
export const transfer = (over: Partial<Transfer> = {}): Transfer => ({
  id: ID,
  kind: 'mobile_in',
  kindLabel: '流入登记',
  status: 'accepted',
  statusLabel: '已接收',
  applicantName: '李四',
  contactPhone: '13912345678',
  fromOrg: { id: null, name: '某村党支部', inSystem: false },
  toOrg: { id: '00000000-0000-4000-8000-0000000000b1', name: '星火科技有限公司党支部', inSystem: true },
  reason: '外出务工',
  letterNo: null,
  letterIssuedAt: null,
  letterValidUntil: '2027-03-31',
  validityDaysLeft: 119,
  leftAt: '2026-11-01',
  expectedReturnAt: '2027-03-31',
  fixedPlace: null,
  returnReason: null,
  rejectReason: null,
  createdAt: '2026-11-20T02:00:00.000Z',
  daysWaiting: 0,
  overdue: false,
  viewerRole: 'applicant',
  actions: [],
  nextStep: '流入登记已通过：凭流动党员活动证参加本支部的组织生活（不参加表决和选举）',
  events: [],
  ...over,
})

