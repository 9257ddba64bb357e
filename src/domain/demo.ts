/**
 * The demo accounts of api.md ("Demo data"). The server's seed creates them;
 * the login page lists them when the server has dev login on.
 */
export interface DemoAccount {
  openid: string
  nickname: string
  description: string
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { openid: 'demo-member', nickname: '张明', description: '星火科技有限公司党支部 · 正式党员' },
  { openid: 'demo-member-2', nickname: '李婷', description: '星火科技有限公司党支部 · 预备党员' },
  { openid: 'demo-secretary', nickname: '王建国', description: '星火科技有限公司党支部 · 支部书记' },
  { openid: 'demo-admin', nickname: '陈红', description: '示范园区综合党委 · 管理员' },
  { openid: 'demo-instructor', nickname: '刘洋', description: '党建指导员 · 快送骑手服务站、绿洲社会工作服务中心' },
  { openid: 'demo-guest', nickname: '赵强', description: '群众，尚未登记党员身份' },
]

export const DEMO_ORG_NAMES = {
  committee: '示范园区综合党委',
  xinghuo: '星火科技有限公司党支部',
  chuangye: '创业大厦联合党支部',
  area: '创新港片区党委',
  attached: '创新港党群服务中心挂靠党支部',
} as const
