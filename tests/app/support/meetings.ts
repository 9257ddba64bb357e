/** A meeting as GET /api/v1/meetings/:id answers it (MeetingSchema), for the pages that show one. */
export const ID = '00000000-0000-4000-8000-0000000000e1'
export const BRANCH_ID = '00000000-0000-4000-8000-0000000000b1'
export const LITING = '00000000-0000-4000-8000-0000000000c2'
export const inDays = (d: number, h = 0) => new Date(Date.now() + d * 86400_000 + h * 3600_000).toISOString()

export function meeting(overrides: Record<string, unknown> = {}) {
  return {
    id: ID,
    branchId: BRANCH_ID,
    branchName: '星火科技有限公司党支部',
    type: 'theme_day',
    typeLabel: '主题党日',
    title: '十一月主题党日',
    agenda: '一、学习\n二、讨论',
    location: '三楼会议室',
    startsAt: inDays(2),
    endsAt: inDays(2, 2),
    open: true,
    capacity: null,
    geofence: null,
    cancelled: false,
    cancelReason: null,
    myStatus: 'not_checked_in',
    myCheckedInAt: null,
    canManage: false,
    ...overrides,
    // The secretary inspects what they manage; a supervisor's fixture says canInspect without canManage.
    canInspect: overrides.canInspect ?? overrides.canManage ?? false,
  }
}

