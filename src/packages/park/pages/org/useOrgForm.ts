import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { BranchKind, OrgType } from '@/domain/enums'
import { CHILD_TYPES, OrgCreateSchema, type TreeNode } from '@/domain/park'
import { useAction } from '@/hooks/useAction'
import { createOrg, getTree, updateOrg } from '@/services/park'
import { useParkData } from '../../useParkData'

/**
 * 新建下级组织 (`parentId`) or 改名、移动、标记组建 (`id`), inside the tree of `rootId`. The parents
 * offered for a move are the tree's committees and 党总支 that may hold this kind of organization,
 * minus the organization itself and what lies below it.
 */
export function useOrgForm(params: { id?: string; parentId?: string; rootId?: string }) {
  const rootId = params.rootId ?? params.parentId ?? ''
  const editing = params.id ?? null
  const { signedIn, state, reload } = useParkData(rootId ? () => getTree(rootId) : null, [rootId])
  const [name, setName] = useState('')
  const [type, setType] = useState<OrgType>('branch')
  const [branchKind, setBranchKind] = useState<BranchKind>('independent')
  const [parentId, setParentId] = useState(params.parentId ?? '')
  const [formed, setFormed] = useState(false)
  const [warnings, setWarnings] = useState<string[]>([])
  const action = useAction()

  const items = state.status === 'ready' ? state.data.items : []
  const node = editing ? items.find((n) => n.id === editing) ?? null : null
  const parent = items.find((n) => n.id === (node ? parentId : params.parentId)) ?? null

  // Editing: start from the record as it stands.
  useEffect(() => {
    if (!node) return
    setName(node.name)
    setType(node.type)
    if (node.branchKind) setBranchKind(node.branchKind)
    setParentId(node.parentId ?? '')
    setFormed(node.formed)
    setWarnings(node.warnings)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [node?.id])

  /** What this organization may move under: not itself, nothing below it, only types that may hold it. */
  function parentOptions(): TreeNode[] {
    if (!node) return []
    const below = new Set<string>([node.id])
    for (const n of items) if (n.parentId && below.has(n.parentId)) below.add(n.id) // items come parent-first
    return items.filter((n) => !below.has(n.id) && CHILD_TYPES[n.type].includes(node.type))
  }
  const childTypes = parent ? CHILD_TYPES[parent.type] : []

  // The same rules the server runs, so the form says what is missing before sending.
  const checked = OrgCreateSchema.safeParse({ parentId: parentId || params.parentId, name, type, branchKind: type === 'branch' ? branchKind : null })
  const problems = checked.success ? [] : checked.error.issues.map((i) => ({ path: String(i.path[0] ?? ''), message: i.message }))
  const hint = (field: string) =>
    action.failure?.fields?.find((f) => f.path === field)?.message ?? (name ? problems.find((p) => p.path === field)?.message : undefined)

  async function submit() {
    if (!checked.success) return
    let result: TreeNode | null = null
    const ok = await action.run('save', async () => {
      result = editing
        ? await updateOrg(editing, { name, ...(parentId !== node?.parentId ? { parentId } : {}), ...(type === 'branch' ? { formed } : {}) })
        : await createOrg({ parentId: params.parentId!, name, type, branchKind: type === 'branch' ? branchKind : null })
    })
    if (!ok || !result) return
    const saved: TreeNode = result
    if (saved.warnings.length > 0) {
      // Warn, don't block: the record is saved; the secretary sees what still falls short.
      await Taro.showModal({ title: '已保存，但请注意', content: saved.warnings.join('\n'), showCancel: false, confirmText: '知道了' })
    } else {
      Taro.showToast({ title: editing ? '已保存' : '已新建', icon: 'success' })
    }
    Taro.navigateBack()
  }

  return {
    signedIn,
    state,
    reload,
    editing,
    node,
    parent,
    childTypes,
    parentOptions: parentOptions(),
    fields: { name, type, branchKind, parentId, formed },
    set: { name: setName, type: setType, branchKind: setBranchKind, parentId: setParentId, formed: setFormed },
    warnings,
    hint,
    canSubmit: checked.success && action.busy === null,
    busy: action.busy === 'save',
    error: action.error,
    submit,
  }
}
