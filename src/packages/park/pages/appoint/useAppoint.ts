import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { appLink } from '@/domain/links'
import { InvitationCreateSchema, type Invitation, type InviteRole, type SecretaryTitle } from '@/domain/park'
import { useAction } from '@/hooks/useAction'
import { publicWebBase } from '@/services/config'
import { createInvitation, getLedger, getTree, listAppointments, listInvitations, removeAppointment, revokeInvitation } from '@/services/park'
import { useParkData } from '../../useParkData'

/**
 * 任命管理 of the committee `orgId`: invite a secretary, an admin or an instructor, show the
 * invitation's QR and link, revoke what is pending, and remove appointments.
 */
export function useAppoint(orgId: string, targetId: string | null) {
  const { signedIn, state, reload } = useParkData(
    orgId
      ? async () => {
          const [tree, invitations, appointments, ledger] = await Promise.all([getTree(orgId), listInvitations(orgId), listAppointments(orgId), getLedger(orgId)])
          return { tree, invitations: invitations.items, appointments: appointments.items, enterprises: ledger.items }
        }
      : null,
    [orgId],
  )
  const data = state.status === 'ready' ? state.data : null
  const target = data?.tree.items.find((n) => n.id === targetId) ?? null
  const [role, setRole] = useState<InviteRole>('secretary')
  const [org, setOrg] = useState(targetId ?? '')
  const [title, setTitle] = useState<SecretaryTitle>('书记')
  const [inviteeName, setInviteeName] = useState('')
  const [branchIds, setBranchIds] = useState<string[]>([])
  const [enterpriseIds, setEnterpriseIds] = useState<string[]>([])
  const [shown, setShown] = useState<Invitation | null>(null)
  const action = useAction()

  // A node chosen on the tree decides the likely role: a branch gets its secretary, a committee an admin.
  useEffect(() => {
    if (!target) return
    setRole(target.type === 'branch' ? 'secretary' : 'admin')
    setOrg(target.id)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [target?.id])

  const orgs = (data?.tree.items ?? []).filter((n) => (role === 'secretary' ? n.type === 'branch' : n.type !== 'branch'))
  const body = {
    role,
    orgId: role === 'instructor' ? orgId : org,
    title: role === 'secretary' ? title : null,
    inviteeName,
    branchIds: role === 'instructor' ? branchIds : [],
    enterpriseIds: role === 'instructor' ? enterpriseIds : [],
  }
  const checked = InvitationCreateSchema.safeParse(body)
  const local = checked.success ? [] : checked.error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: i.message }))
  const hint = (field: string) => action.failure?.fields?.find((f) => f.path === field)?.message ?? (inviteeName ? local.find((p) => p.path === field)?.message : undefined)

  const toggle = (list: string[], set: (v: string[]) => void, id: string) => set(list.includes(id) ? list.filter((x) => x !== id) : [...list, id])

  async function invite() {
    if (!checked.success) return
    let created: Invitation | null = null
    const ok = await action.run('invite', async () => {
      created = await createInvitation(body)
    })
    if (!ok || !created) return
    setShown(created)
    setInviteeName('')
    reload()
  }

  async function revoke(inv: Invitation) {
    const { confirm } = await Taro.showModal({ title: '撤回邀请？', content: `撤回后，${inv.inviteeName}再打开这份邀请会看到“已撤回”。`, confirmText: '撤回' })
    if (confirm && (await action.run(inv.id, () => revokeInvitation(inv.id), '已撤回'))) {
      if (shown?.id === inv.id) setShown(null)
      reload()
    }
  }

  async function remove(id: string, who: string) {
    const { confirm } = await Taro.showModal({ title: `免去${who}的任命？`, content: '从对方下一次操作起生效。', confirmText: '免去', confirmColor: '#c8161d' })
    if (confirm && (await action.run(id, () => removeAppointment(id), '已免去'))) reload()
  }

  const linkOf = (inv: Invitation) => (inv.code ? appLink(publicWebBase(), 'invite', inv.code) : null)
  const copy = (inv: Invitation) => {
    const link = linkOf(inv)
    if (link) void Taro.setClipboardData({ data: link })
  }

  return {
    signedIn,
    state,
    reload,
    fields: { role, org, title, inviteeName, branchIds, enterpriseIds },
    set: {
      role: setRole,
      org: setOrg,
      title: setTitle,
      inviteeName: setInviteeName,
      branch: (id: string) => toggle(branchIds, setBranchIds, id),
      enterprise: (id: string) => toggle(enterpriseIds, setEnterpriseIds, id),
    },
    orgs,
    hint,
    canInvite: checked.success && action.busy === null,
    busy: action.busy,
    error: action.error,
    invite,
    revoke,
    remove,
    shown,
    show: setShown,
    linkOf,
    copy,
  }
}
