import { sql } from 'drizzle-orm'
import { DEMO_ACCOUNTS, DEMO_ORG_NAMES } from '../../../src/domain/demo'
import { rowsOf, type Db } from '../db/client'
import { enterpriseAssignments, enterprises, lessons, meetings, memberCards, memberPosts, members, organizations, roleAssignments, users } from '../db/schema'
import { articleSeconds } from '../../../src/domain/lessons'
import { sanitizeArticle, textLength } from '../modules/lessons/service'
import { DEMO_LESSONS } from './lessons'
import { seedHistory } from './history'
import { audit } from '../plugins/audit'
import { addDays, addMonths, chinaDate, chinaInstant } from '../../../src/domain/time'
import { creditCodeCheckChar } from '../../../src/domain/park'

/** 恒远物流's members: not demo accounts (nobody signs in as them), they fill the ledger's “should form a branch” row. */
/** 创业大厦联合党支部's members, one per enterprise it covers; like 恒远物流's, nobody signs in as them. */
const CHUANGYE_MEMBERS = [
  { openid: 'seed-chuangye-1', name: '孙悦', joinedAt: '2014-05-04' },
  { openid: 'seed-chuangye-2', name: '钱程', joinedAt: '2018-10-01' },
  { openid: 'seed-chuangye-3', name: '冯雪', joinedAt: '2021-07-01' },
]

const HENGYUAN_MEMBERS = [
  { openid: 'seed-hengyuan-1', name: '周立', joinedAt: '2012-07-01' },
  { openid: 'seed-hengyuan-2', name: '吴刚', joinedAt: '2016-12-20' },
  { openid: 'seed-hengyuan-3', name: '郑华', joinedAt: '2019-06-18' },
]

/** Same key on every instance: two servers starting on one empty database seed it once. */
const SEED_LOCK_KEY = 731_947_002

/**
 * Loads api.md's demo data — only into a database that has neither users nor
 * organizations. Returns whether it loaded anything. One transaction: all or nothing.
 */
export async function seedDemo(db: Db, now: Date = new Date()): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`)
    const [{ has_data }] = rowsOf<{ has_data: boolean }>(
      await tx.execute(sql`SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM organizations) AS has_data`),
    )
    if (has_data) return false

    // Set up well before the demo's quarter of meeting history (a period begun before a branch existed is not owed).
    const since = new Date(now.getTime() - 500 * 86_400_000)
    const [committee] = await tx
      .insert(organizations)
      .values({ name: DEMO_ORG_NAMES.committee, type: 'committee', createdAt: since })
      .returning({ id: organizations.id })
    const [xinghuo, chuangye] = await tx
      .insert(organizations)
      .values([
        { name: DEMO_ORG_NAMES.xinghuo, type: 'branch', branchKind: 'independent', parentId: committee.id, createdAt: since },
        { name: DEMO_ORG_NAMES.chuangye, type: 'branch', branchKind: 'joint', parentId: committee.id, createdAt: since },
      ])
      .returning({ id: organizations.id })

    // A second committee level: 片区党委 under the park's, with a 挂靠 branch for single members.
    const [area] = await tx
      .insert(organizations)
      .values({ name: DEMO_ORG_NAMES.area, type: 'committee', parentId: committee.id, createdAt: since })
      .returning({ id: organizations.id })
    const [attached] = await tx
      .insert(organizations)
      .values({ name: DEMO_ORG_NAMES.attached, type: 'branch', branchKind: 'affiliated', parentId: area.id, createdAt: since })
      .returning({ id: organizations.id })

    // The ledger in every state (README 「园区党委」): own branch, 联合, 挂靠 with 3 full members (should
    // form its own), instructor only (工作覆盖), and none at all.
    const ent = (name: string, base17: string, more: Partial<typeof enterprises.$inferInsert> & { orgId: string }) => ({
      name,
      creditCode: base17 + creditCodeCheckChar(base17),
      ...more,
    })
    const [xinghuoCo, yunfan, qinghe, jiangxin, hengyuan, kuaisong, lvzhou] = await tx
      .insert(enterprises)
      .values([
        ent('星火科技有限公司', '91320500MA1XH0001', { orgId: committee.id, branchId: xinghuo.id, industry: '软件和信息技术服务业', employeeCount: 126, address: '示范园区星火路 8 号' }),
        ent('云帆网络科技有限公司', '91320500MA1CY0002', { orgId: committee.id, branchId: chuangye.id, industry: '互联网和相关服务', employeeCount: 38, address: '创业大厦 12 层' }),
        ent('青禾文化传媒有限公司', '91320500MA1CY0003', { orgId: committee.id, branchId: chuangye.id, industry: '文化艺术业', employeeCount: 21, address: '创业大厦 9 层' }),
        ent('匠心智能制造有限公司', '91320500MA1CY0004', { orgId: committee.id, branchId: chuangye.id, industry: '通用设备制造业', employeeCount: 64, address: '创业大厦 3 层' }),
        ent('恒远物流有限公司', '91320500MA1HY0005', { orgId: area.id, branchId: attached.id, industry: '道路运输业', employeeCount: 85, address: '创新港物流园 2 号库' }),
        ent('快送骑手服务站', '92320500MA1KP0006', { orgId: area.id, type: 'platform', industry: '即时配送', employeeCount: 140, address: '创新港商业街 17 号' }),
        ent('绿洲社会工作服务中心', '52320500MA1LW0007', { orgId: area.id, type: 'social_org', industry: '社会工作', employeeCount: 12, address: '创新港社区服务中心二楼' }),
        ent('明德餐饮管理有限公司', '91320500MA1MD0008', { orgId: area.id, industry: '餐饮业', employeeCount: 46, address: '创新港美食广场' }),
      ])
      .returning({ id: enterprises.id })

    const created = await tx
      .insert(users)
      .values(DEMO_ACCOUNTS.map((a) => ({ openid: a.openid, nickname: a.nickname })))
      .returning({ id: users.id, openid: users.openid })
    const userId = (openid: string) => {
      const u = created.find((c) => c.openid === openid)
      if (!u) throw new Error(`demo user ${openid} missing`)
      return u.id
    }

    await tx.insert(roleAssignments).values([
      { userId: userId('demo-admin'), orgId: committee.id, role: 'admin', holderName: '陈红' },
      { userId: userId('demo-secretary'), orgId: xinghuo.id, role: 'secretary', title: '书记', holderName: '王建国' },
    ])
    // 一人多企: the instructor covers the two enterprises that have no Party organization yet.
    await tx.insert(enterpriseAssignments).values([
      { userId: userId('demo-instructor'), enterpriseId: kuaisong.id, orgId: area.id, holderName: '刘洋' },
      { userId: userId('demo-instructor'), enterpriseId: lvzhou.id, orgId: area.id, holderName: '刘洋' },
    ])

    // The probationary member joined five months ago, so she stays probationary whenever the demo runs.
    const [zhang, li, wang] = await tx.insert(members).values([
      { userId: userId('demo-member'), branchId: xinghuo.id, realName: '张明', memberType: 'full', joinedAt: '2015-07-01', enterpriseId: xinghuoCo.id, createdAt: since },
      {
        userId: userId('demo-member-2'),
        branchId: xinghuo.id,
        realName: '李婷',
        memberType: 'probationary',
        joinedAt: addMonths(chinaDate(now), -5),
        enterpriseId: xinghuoCo.id,
        createdAt: new Date(now.getTime() - 150 * 86_400_000),
      },
      { userId: userId('demo-secretary'), branchId: xinghuo.id, realName: '王建国', memberType: 'full', joinedAt: '2006-06-28', enterpriseId: xinghuoCo.id, createdAt: since },
    ]).returning({ id: members.id })

    // 恒远物流: three full members attached to the 挂靠 branch — by the rule it should form its own.
    const drivers = await tx
      .insert(users)
      .values(HENGYUAN_MEMBERS.map((m) => ({ openid: m.openid, nickname: m.name })))
      .returning({ id: users.id })
    await tx.insert(members).values(
      HENGYUAN_MEMBERS.map((m, i) => ({ userId: drivers[i].id, branchId: attached.id, realName: m.name, memberType: 'full' as const, joinedAt: m.joinedAt, enterpriseId: hengyuan.id, createdAt: since })),
    )
    const tenants = await tx
      .insert(users)
      .values(CHUANGYE_MEMBERS.map((m) => ({ openid: m.openid, nickname: m.name })))
      .returning({ id: users.id })
    const chuangyeCos = [yunfan, qinghe, jiangxin]
    await tx.insert(members).values(
      CHUANGYE_MEMBERS.map((m, i) => ({ userId: tenants[i].id, branchId: chuangye.id, realName: m.name, memberType: 'full' as const, joinedAt: m.joinedAt, enterpriseId: chuangyeCos[i].id, createdAt: since })),
    )

    await tx.insert(memberCards).values([
      // 张明 and 王建国 chose to be on the wall; 李婷 has not (the wall is opt-in).
      { memberId: zhang.id, pledge: '带头攻克技术难题，带好研发新人。', position: '研发部 工程师', onWall: true },
      { memberId: li.id, pledge: '做好每一单客户服务。', position: '客服部 专员' },
      { memberId: wang.id, pledge: '为党员群众办实事。', position: '行政部 经理', onWall: true },
    ])
    await tx.insert(memberPosts).values([
      { memberId: zhang.id, kind: 'pioneer_post', title: '研发攻坚先锋岗', assignedBy: userId('demo-secretary') },
      { memberId: wang.id, kind: 'responsibility_area', title: '二号厂房安全责任区', assignedBy: userId('demo-secretary') },
    ])

    await seedHistory(tx, now, { xinghuo: xinghuo.id, chuangye: chuangye.id, attached: attached.id }, userId('demo-secretary'))

    // One upcoming open session of 星火: three days from now, 14:00–16:00 China time.
    const day = addDays(chinaDate(now), 3)
    await tx.insert(meetings).values({
      branchId: xinghuo.id,
      type: 'theme_day',
      title: '开放式主题党日：走进车间学党史',
      agenda: '一、重温入党誓词\n二、车间党员先锋岗经验分享\n三、群众代表提意见建议',
      location: '星火科技二号厂房一楼培训室',
      startsAt: chinaInstant(day, '14:00'),
      endsAt: chinaInstant(day, '16:00'),
      open: true,
      capacity: 80,
      createdBy: userId('demo-secretary'),
    })

    // 微党课 of the committee: open to everyone in the park, guests included.
    await tx.insert(lessons).values(
      DEMO_LESSONS.map((l) => {
        const bodyHtml = l.bodyHtml ? sanitizeArticle(l.bodyHtml) : null
        const at = new Date(now.getTime() - l.ageMin * 60_000)
        return {
          orgId: committee.id,
          title: l.title,
          category: l.category,
          kind: l.kind,
          lecturer: l.lecturer,
          coverUrl: `/media/lessons/cover-${l.cover}.png`,
          mediaUrl: l.mediaUrl ?? null,
          bodyHtml,
          durationSec: bodyHtml ? articleSeconds(textLength(bodyHtml)) : l.durationSec!,
          publishedAt: at,
          createdBy: userId('demo-admin'),
          createdAt: at,
          updatedAt: at,
        }
      }),
    )

    await audit(tx, { actorId: null, action: 'seed.demo', targetType: 'database', details: { users: created.length + drivers.length + tenants.length } })
    return true
  })
}
