import { sql } from 'drizzle-orm'
import { DEMO_ACCOUNTS, DEMO_ORG_NAMES } from '../../../src/domain/demo'
import { rowsOf, type Db } from '../db/client'
import { enterprises, lessons, meetings, memberCards, memberPosts, members, organizations, roleAssignments, users } from '../db/schema'
import { articleSeconds } from '../../../src/domain/lessons'
import { sanitizeArticle, textLength } from '../modules/lessons/service'
import { DEMO_LESSONS } from './lessons'
import { audit } from '../plugins/audit'
import { addDays, addMonths, chinaDate, chinaInstant } from '../../../src/domain/time'

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

    const [committee] = await tx
      .insert(organizations)
      .values({ name: DEMO_ORG_NAMES.committee, type: 'committee' })
      .returning({ id: organizations.id })
    const [xinghuo, chuangye] = await tx
      .insert(organizations)
      .values([
        { name: DEMO_ORG_NAMES.xinghuo, type: 'branch', branchKind: 'independent', parentId: committee.id },
        { name: DEMO_ORG_NAMES.chuangye, type: 'branch', branchKind: 'joint', parentId: committee.id },
      ])
      .returning({ id: organizations.id })

    await tx.insert(enterprises).values([
      { name: '星火科技有限公司', creditCode: '91320500MA1XH0001K', branchId: xinghuo.id },
      { name: '云帆网络科技有限公司', creditCode: '91320500MA1CY0002L', branchId: chuangye.id },
      { name: '青禾文化传媒有限公司', creditCode: '91320500MA1CY0003M', branchId: chuangye.id },
      { name: '匠心智能制造有限公司', creditCode: '91320500MA1CY0004N', branchId: chuangye.id },
    ])

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
      { userId: userId('demo-admin'), orgId: committee.id, role: 'admin' },
      { userId: userId('demo-secretary'), orgId: xinghuo.id, role: 'secretary' },
    ])

    // The probationary member joined five months ago, so she stays probationary whenever the demo runs.
    const [zhang, li, wang] = await tx.insert(members).values([
      { userId: userId('demo-member'), branchId: xinghuo.id, realName: '张明', memberType: 'full', joinedAt: '2015-07-01' },
      {
        userId: userId('demo-member-2'),
        branchId: xinghuo.id,
        realName: '李婷',
        memberType: 'probationary',
        joinedAt: addMonths(chinaDate(now), -5),
      },
      { userId: userId('demo-secretary'), branchId: xinghuo.id, realName: '王建国', memberType: 'full', joinedAt: '2006-06-28' },
    ]).returning({ id: members.id })

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

    await audit(tx, { actorId: null, action: 'seed.demo', targetType: 'database', details: { users: created.length } })
    return true
  })
}
