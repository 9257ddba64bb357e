import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROLE_LABELS } from '@/domain/enums'
import StateView from '@/components/StateView'
import ErrorMessage from '@/components/ErrorMessage'
import type { Todo } from '@/domain/todo'
import type { ParkSummary } from '@/domain/park-summary'
import { clock } from '@/domain/lessons'
import { greeting } from '@/utils/date'
import { ROUTES } from '@/utils/routes'
import { useHome } from './useHome'
import './index.scss'

export default function HomePage() {
  const { signedIn, me, todo, park, study, openTodo, askSubscribe } = useHome()
  const { data, status, error, load } = me
  const isSecretary = !!data?.roles.some((r) => r.role === 'secretary')

  if (!signedIn) return <StateView kind='loading' text='正在前往登录…' />
  if (!data) {
    if (status === 'error' && error) return <StateView kind='error' message={error.message} onRetry={() => load(true)} />
    return <StateView kind='loading' />
  }

  const { user, member, roles } = data
  const name = member?.realName ?? user.nickname
  const secretaryOf = roles.filter((r) => r.role === 'secretary')
  return (
    <View className='page home'>
      {error && <ErrorMessage message={error.message} />}
      <View className='card home__hello'>
        <Text className='home__greeting'>{`${greeting()}，${name}`}</Text>
        {member ? (
          <Text className='home__branch'>{member.branchName}</Text>
        ) : (
          <Text className='home__branch muted'>你还没有登记党员身份</Text>
        )}
        {roles.length > 0 && (
          <View className='home__roles'>
            {roles.map((r) => (
              <Text key={`${r.orgId}-${r.role}`} className='badge'>{`${ROLE_LABELS[r.role]} · ${r.orgName}`}</Text>
            ))}
          </View>
        )}
      </View>

      {todo.status === 'error' && <ErrorMessage message={`待办加载失败：${todo.error.message}`} />}
      {todo.status === 'ready' && <TodoCard todo={todo.data} onOpen={openTodo} onSubscribe={askSubscribe} />}

      {park.status === 'error' && <ErrorMessage message={`党委概况加载失败：${park.error.message}`} />}
      {park.status === 'ready' && park.data.orgs.map((o) => <ParkCard key={o.orgId} o={o} />)}

      {member ? (
        <Entry title='电子党员证' desc='出示二维码，扫码即可验证党员身份' url={ROUTES.card} />
      ) : (
        <Entry title='亮身份' desc='登记党员身份，经支部审核后领取电子党员证' url={ROUTES.declare} />
      )}
      {!member && <Entry title='我的申报' desc='查看亮身份申报的审核进度' url={ROUTES.declarations} />}
      {member && <Entry title='亮身份墙' desc={`${member.branchName}亮出身份的党员`} url={`${ROUTES.wall}?branchId=${member.branchId}`} />}
      {secretaryOf.length > 0 && <Entry title='审核亮身份申报' desc='本支部党员的身份申报，最早的在前' url={ROUTES.review} />}
      {study.status === 'ready' && study.data.continueLesson && (
        <Entry
          title='继续学习'
          desc={`${study.data.continueLesson.title} · 学到 ${clock(study.data.continueLesson.positionSec)} / ${clock(study.data.continueLesson.durationSec)}`}
          url={`${ROUTES.lesson}?id=${study.data.continueLesson.id}`}
        />
      )}
      <Entry title='组织关系转接 / 流动登记' desc='转入、转出、流入登记、流出登记，查看办理进度' url={ROUTES.transfers} />
      {isSecretary && <Entry title='组织关系接转审核' desc='转入、转出、流入、流出登记的审核' url={ROUTES.transferReview} />}
      {isSecretary && <Entry title='待跟进与失联党员' desc='介绍信过期未接转、外出失联的党员' url={ROUTES.followUp} />}
      {roles.some((r) => r.role === 'secretary' || r.role === 'admin') && (
        <Entry title='微党课管理' desc='发布、修改、下架本组织的微党课' url={ROUTES.lessonManage} />
      )}
      {secretaryOf.map((r) => (
        <Entry key={r.orgId} title='设岗定责' desc={`${r.orgName}：党员先锋岗、示范岗、责任区`} url={`${ROUTES.posts}?branchId=${r.orgId}`} />
      ))}
      <Entry title='组织查询' desc='按名称查找党组织，查看上级组织' url={ROUTES.orgSearch} />
    </View>
  )
}

/** 待办 first on 首页: worst first, each with its button. */
function TodoCard({ todo, onOpen, onSubscribe }: { todo: Todo; onOpen: (i: Todo['items'][number]) => void; onSubscribe: (templates: string[]) => void }) {
  return (
    <View className='card home__todo'>
      <Text className='card-title'>待办</Text>
      {todo.items.length === 0 && <Text className='muted'>暂无待办</Text>}
      {todo.items.map((i) => (
        <View key={i.key} className={`home__todo-item home__todo-item--${i.tone}`} onClick={() => onOpen(i)}>
          <View className='home__entry-body'>
            <Text className='home__todo-title'>{i.title}</Text>
            <Text className='muted'>{i.desc}</Text>
          </View>
          {i.action && <Text className={`home__todo-action${i.tone === 'now' ? ' home__todo-action--big' : ''}`}>{i.action}</Text>}
        </View>
      ))}
      {process.env.TARO_ENV === 'weapp' && todo.subscribe.length > 0 && (
        <Text className='home__todo-subscribe' onClick={() => onSubscribe(todo.subscribe)}>
          订阅微信提醒（截止前、开会前）
        </Text>
      )}
    </View>
  )
}

const pct = (v: number | null) => (v === null ? '—' : `${v}%`)

/** 园区党委 on 首页: the committee's counts and its four entries (the pages live in packages/park). */
function ParkCard({ o }: { o: ParkSummary['orgs'][number] }) {
  const admin = o.role === 'admin'
  const e = o.enterprisesByCoverage
  const go = (url: string) => () => Taro.navigateTo({ url: `${url}?orgId=${o.orgId}` })
  return (
    <View className='card home__park'>
      <Text className='card-title'>{`${o.orgName}${admin ? '' : ' · 党建指导员'}`}</Text>
      {admin && (
        <Text className='muted'>{`独立支部 ${o.branchesByKind.independent} · 联合 ${o.branchesByKind.joint} · 挂靠 ${o.branchesByKind.affiliated} · 党总支 ${o.generalBranches} · 党员 ${o.members}`}</Text>
      )}
      <Text className='muted'>{`企业：单独建 ${e.own} · 联合/挂靠 ${e.joint} · 仅指导员 ${e.instructor} · 未覆盖 ${e.none}`}</Text>
      <Text className='muted'>{`组织覆盖率 ${pct(o.orgCoverageRate)} · 工作覆盖率 ${pct(o.workCoverageRate)}${admin ? ` · 待接受任命 ${o.pendingInvitations}` : ''}`}</Text>
      <View className='home__park-links'>
        <Text className='home__park-link park-ledger' onClick={go(ROUTES.parkLedger)}>两个覆盖台账</Text>
        {admin && <Text className='home__park-link park-tree' onClick={go(ROUTES.parkTree)}>组织架构</Text>}
        {admin && <Text className='home__park-link park-appoint' onClick={go(ROUTES.parkAppoint)}>任命</Text>}
        <Text className='home__park-link park-compliance' onClick={go(ROUTES.complianceCommittee)}>三会一课</Text>
        <Text className='home__park-link park-meetings' onClick={go(ROUTES.parkMeetings)}>下级组织生活</Text>
        <Text className='home__park-link park-records' onClick={go(ROUTES.parkRecords)}>亮身份与接转</Text>
      </View>
    </View>
  )
}

function Entry({ title, desc, url }: { title: string; desc: string; url: string }) {
  return (
    <View className='card home__entry' onClick={() => Taro.navigateTo({ url })}>
      <View className='home__entry-body'>
        <Text className='card-title'>
          {title}
        </Text>
        <Text className='muted'>{desc}</Text>
      </View>
      <Text className='home__arrow'>›</Text>
    </View>
  )
}
