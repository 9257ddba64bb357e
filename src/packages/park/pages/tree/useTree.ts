import Taro from '@tarojs/taro'
import { useAction } from '@/hooks/useAction'
import { dissolveOrg, getTree } from '@/services/park'
import type { TreeNode } from '@/domain/park'
import { ROUTES } from '@/utils/routes'
import { useParkData } from '../../useParkData'

/** 组织架构: the subtree of `orgId`, and dissolving a node (after a confirmation). */
export function useTree(orgId: string) {
  const { signedIn, state, reload } = useParkData(orgId ? () => getTree(orgId) : null, [orgId])
  const action = useAction()

  async function dissolve(node: TreeNode) {
    const { confirm } = await Taro.showModal({
      title: `撤销「${node.name}」？`,
      content: '撤销后它从组织架构和查找中消失，在任的书记、指导员随之免职，所联系的企业变为未建组织。已有的记录保留。',
      confirmText: '撤销',
      confirmColor: '#c8161d',
    })
    if (!confirm) return
    if (await action.run(node.id, () => dissolveOrg(node.id), '已撤销')) reload()
  }

  const open = (url: string) => Taro.navigateTo({ url })
  return {
    signedIn,
    state,
    reload,
    busy: action.busy,
    error: action.error,
    dissolve,
    addChild: (node: TreeNode) => open(`${ROUTES.parkOrg}?parentId=${node.id}&rootId=${orgId}`),
    edit: (node: TreeNode) => open(`${ROUTES.parkOrg}?id=${node.id}&rootId=${orgId}`),
    appoint: (node: TreeNode) => open(`${ROUTES.parkAppoint}?orgId=${orgId}&targetId=${node.id}`),
  }
}
