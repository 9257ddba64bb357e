/**
 * A 流入登记 into 星火 by a mobile member from outside the system, as the weapp and browser page
 * tours file it (and the branch's secretary accepts it): a 活动证 and a transfer to read.
 */
export const mobileInRegistration = (branchId: string) => ({
  kind: 'mobile_in',
  fromOrg: { name: '安徽省阜阳市某村党支部' },
  toOrg: { id: branchId },
  reason: '在园区做季节工，组织关系留在老家',
  contactPhone: '13800002222',
  realName: '钱多',
  leftAt: '2026-11-01',
  expectedReturnAt: '2027-03-31',
})
