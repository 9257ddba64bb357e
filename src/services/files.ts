import Taro from '@tarojs/taro'
import { apiBase } from './config'
import { ApiError } from './request'
import { sessionHooks } from './session'

/** Spreadsheets to and from the server: an .xlsx is not JSON, so it travels outside `request`. */
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

const authHeader = () => ({ Authorization: `Bearer ${sessionHooks.getToken() ?? ''}` })

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

/** An answer to an upload: its status and JSON body (null when it was not JSON). */
export interface UploadAnswer {
  status: number
  body: unknown
}

/** Sends `data` (the file's bytes) as the request body with the .xlsx content type. */
export async function uploadXlsx(path: string, data: ArrayBuffer): Promise<UploadAnswer> {
  const url = `${apiBase()}${path}`
  const header = { ...authHeader(), 'Content-Type': XLSX_TYPE }
  const offline = () => new ApiError(0, 'NETWORK_ERROR', '上传失败：网络连接不上，请检查网络后重试')
  if (process.env.TARO_ENV === 'h5') {
    const res = await fetch(url, { method: 'POST', headers: header, body: data }).catch(() => null)
    if (!res) throw offline()
    return { status: res.status, body: await res.json().catch(() => null) }
  }
  try {
    // A big file on a slow line: a minute rather than the usual 15 s.
    const res = await Taro.request({ url, method: 'POST', header, data, dataType: 'json', timeout: 60_000 })
    return { status: res.statusCode, body: res.data ?? null }
  } catch {
    throw offline()
  }
}
