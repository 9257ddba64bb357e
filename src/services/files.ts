import Taro from '@tarojs/taro'
import { apiBase } from './config'
import { ApiError } from './request'
import { sessionHooks } from './session'

/** Spreadsheets from the server: an .xlsx is not JSON, so it travels outside `request`. (Uploads: services/park.) */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

export const authHeader = () => ({ Authorization: `Bearer ${sessionHooks.getToken() ?? ''}` })

/**
 * Downloads the .xlsx at `path` (fetched with the session token). The browser saves it as `filename`;
 * WeChat downloads it and opens it, from where it can be shared or saved.
 */
export async function openXlsx(path: string, filename: string, failure: string): Promise<void> {
  const url = `${apiBase()}${path}`
  const failed = () => new ApiError(0, 'DOWNLOAD_FAILED', failure)
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(url, { headers: authHeader() }).catch(() => null)
    if (!res || !res.ok) throw failed()
    const a = document.createElement('a')
    a.href = URL.createObjectURL(await res.blob())
    a.download = filename
    a.click()
    return
  }
  try {
    const file = await Taro.downloadFile({ url, header: authHeader() })
    if (file.statusCode !== 200) throw failed()
    await Taro.openDocument({ filePath: file.tempFilePath, fileType: 'xlsx', showMenu: true })
  } catch {
    throw failed()
  }
}
