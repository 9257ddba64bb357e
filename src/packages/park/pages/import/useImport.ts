import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { IMPORT_MAX_BYTES } from '@/domain/park'
import { useAction } from '@/hooks/useAction'
import { useRequireLogin } from '@/hooks/useRequireLogin'
import { downloadImportTemplate, importLedger, type ImportOutcome } from '@/services/park'
import { ApiError } from '@/services/request'

/** A file the person picked: its name and bytes. */
interface Picked {
  name: string
  data: ArrayBuffer
}

const tooBig = () => new ApiError(0, 'FILE_TOO_LARGE', `文件超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB：请把表格分成几个文件分别导入`)

/**
 * WeChat: a file from a chat (电脑上的表格先发到「文件传输助手」). H5: the browser's file picker.
 * Resolves null when the person cancels.
 */
async function pickXlsx(): Promise<Picked | null> {
  if (process.env.TARO_ENV === 'h5') {
    const input = document.createElement('input')
    input.type = 'file'
    input.accept = '.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    input.className = 'park-import-file'
    input.style.display = 'none'
    document.body.appendChild(input)
    try {
      const file = await new Promise<File | null>((resolve) => {
        input.onchange = () => resolve(input.files?.[0] ?? null)
        input.oncancel = () => resolve(null)
        input.click()
      })
      if (!file) return null
      if (file.size > IMPORT_MAX_BYTES) throw tooBig()
      return { name: file.name, data: await file.arrayBuffer() }
    } finally {
      input.remove()
    }
  }
  // Taro does not promisify chooseMessageFile (it is not in its list): callbacks, as wx has them.
  const chosen = await new Promise<{ path: string; size: number; name: string } | null>((resolve) =>
    Taro.chooseMessageFile({
      count: 1,
      type: 'file',
      extension: ['xlsx'],
      success: (r) => resolve(r.tempFiles[0] ?? null),
      fail: () => resolve(null), // cancelled, or privacy consent refused (the popup said why)
    }),
  )
  if (!chosen) return null
  if (chosen.size > IMPORT_MAX_BYTES) throw tooBig()
  const data = await new Promise<ArrayBuffer>((resolve, reject) =>
    Taro.getFileSystemManager().readFile({
      filePath: chosen.path,
      success: (r) => resolve(r.data as ArrayBuffer),
      fail: () => reject(new ApiError(0, 'FILE_UNREADABLE', '读取文件失败，请重新选择')),
    }),
  )
  return { name: chosen.name, data }
}

/** 导入台账 of the committee `orgId`: the template, picking the file, and the outcome. */
export function useImport() {
  const signedIn = useRequireLogin()
  const orgId = useRouter().params.orgId ?? ''
  const [file, setFile] = useState<string | null>(null)
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null)
  const action = useAction()

  async function pickAndImport() {
    setOutcome(null)
    await action.run('import', async () => {
      const picked = await pickXlsx()
      if (!picked) return
      setFile(picked.name)
      setOutcome(await importLedger(orgId, picked.data))
    })
  }

  return {
    signedIn,
    orgId,
    file,
    outcome,
    busy: action.busy,
    error: action.error,
    template: () => action.run('template', downloadImportTemplate),
    pickAndImport,
  }
}
