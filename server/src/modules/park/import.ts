import { eq, sql } from 'drizzle-orm'
import type { Workbook, Worksheet } from 'exceljs'
import { ErrorCodes } from '../../../../src/domain/errors'
import { PARTY_FOUNDED, PHONE_PATTERN, idNumberProblem, maskIdNumber } from '../../../../src/domain/identity'
import {
  ENTERPRISE_COLUMNS,
  ENTERPRISE_TYPE_LABELS,
  IMPORT_MAX_PROBLEMS,
  IMPORT_MAX_ROWS,
  IMPORT_SHEETS,
  MEMBER_COLUMNS,
  creditCodeProblem,
  sheetDate,
  type EnterpriseType,
  type ImportProblem,
  type ImportResult,
} from '../../../../src/domain/park'
import type { MemberType } from '../../../../src/domain/enums'
import { chinaDate } from '../../../../src/domain/time'
import { rowsOf, type Db, type DbOrTx } from '../../db/client'
import { enterprises, ledgerMembers } from '../../db/schema'
import { notFound, unprocessable } from '../../lib/errors'
import type { FieldCipher } from '../../lib/fieldcrypto'
import { maskPhone } from '../../lib/phones'
import { audit } from '../../plugins/audit'
import { canActAs, subtreeOrgIdsQuery } from '../scope/service'

/**
 * Importing a committee's existing ledger (台账) from the template's .xlsx: all or nothing. Every
 * row is read and checked first; one bad cell anywhere and nothing is written, and the answer lists
 * each problem with its sheet, row, column and reason. Re-importing the same file changes nothing:
 * enterprises match on 统一社会信用代码, members on name + phone.
 */
export interface ImportDeps {
  db: Db
  now: () => Date
  cipher: FieldCipher
  /** The keyed hash members are matched on (lib/phones `phoneHasher`). */
  phoneHash: (phone: string) => string
}

const TYPE_BY_LABEL = new Map<string, EnterpriseType>(Object.entries(ENTERPRISE_TYPE_LABELS).map(([k, v]) => [v, k as EnterpriseType]))
const MEMBER_TYPE_BY_LABEL = new Map<string, MemberType>([
  ['正式党员', 'full'],
  ['正式', 'full'],
  ['预备党员', 'probationary'],
  ['预备', 'probationary'],
])

type Cell = string | number | Date | boolean | null


/** A cell as a plain value: rich text joined, a formula's result, a hyperlink's text, errors as empty. */
function plain(v: unknown): Cell {
  if (v === null || v === undefined) return null
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim()
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown }
    if (o.richText) return plain(o.richText.map((r) => r.text).join(''))
    if ('result' in o) return plain(o.result)
    if ('text' in o) return plain(o.text)
  }
  return null
}

const text = (c: Cell): string => (c === null ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim())

type Row = { row: number; cells: Record<string, Cell> }

/** The sheet's rows by the template's column names (the header in row 1, in any order; other columns ignored). */
function readSheet(ws: Worksheet, columns: readonly { key: string; header: string; required: boolean }[], sheet: string, problems: ImportProblem[]): Row[] | null {
  const header = new Map<string, number>()
  ws.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    const name = text(plain(cell.value)).replace(/[*＊\s]|（必填）|\(必填\)/g, '')
    if (name && !header.has(name)) header.set(name, col)
  })
  if (ws.actualRowCount === 0 || header.size === 0) {
    problems.push({ sheet, row: 0, column: '', message: `「${sheet}」工作表是空的：请在模板的表头下逐行填写，或删除这张工作表` })
    return null
  }
  const missing = columns.filter((c) => c.required && !header.has(c.header))
  for (const c of missing) problems.push({ sheet, row: 1, column: c.header, message: `缺少「${c.header}」这一列：请使用模板的表头（第 1 行）` })
  if (missing.length > 0) return null
  if (ws.rowCount - 1 > IMPORT_MAX_ROWS) {
    problems.push({ sheet, row: 0, column: '', message: `「${sheet}」有 ${ws.rowCount - 1} 行，一次最多导入 ${IMPORT_MAX_ROWS} 行：请分成几个文件` })
    return null
  }
  const rows: Row[] = []
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    const cells: Record<string, Cell> = {}
    let any = false
    for (const c of columns) {
      const col = header.get(c.header)
      // A merged cell reads as its top-left value in every row it covers.
      const v = col ? plain(row.getCell(col).value) : null
      cells[c.key] = v
      if (v !== null) any = true
    }
    if (any) rows.push({ row: r, cells })
  }
  return rows
}

type EntRow = { row: number; name: string; creditCode: string; type: EnterpriseType; industry: string; address: string; employeeCount: number; branchId: string | null }
type MemRow = {
  row: number
  realName: string
  phone: string
  idNumber: string | null
  joinedAt: string
  memberType: MemberType
  enterpriseCode: string | null
  branchId: string | null
}

/** Reads and checks the whole file against the ledger of `orgId`; writes nothing. */
async function parse(db: DbOrTx, orgId: string, file: Buffer, today: string) {
  const problems: ImportProblem[] = []
  const ExcelJS = (await import('exceljs')).default
  const wb: Workbook = new ExcelJS.Workbook()
  try {
    await wb.xlsx.load(file as unknown as ArrayBuffer)
  } catch {
    problems.push({ sheet: '', row: 0, column: '', message: '文件不是有效的 .xlsx 表格：请用模板填写，在 Excel 或 WPS 里“另存为 Excel 工作簿（.xlsx）”后再导入' })
    return { problems, ents: [], mems: [] }
  }
  const find = (name: string) => wb.worksheets.find((w) => w.name.trim() === name)
  const entSheet = find(IMPORT_SHEETS.enterprises)
  const memSheet = find(IMPORT_SHEETS.members)
  if (!entSheet && !memSheet) {
    problems.push({ sheet: '', row: 0, column: '', message: `找不到「${IMPORT_SHEETS.enterprises}」或「${IMPORT_SHEETS.members}」工作表：请使用下载的模板，不要改工作表的名字` })
    return { problems, ents: [], mems: [] }
  }

  // The branches of this committee's tree, by name; the enterprises already in the database, by code.
  const branches = new Map(
    rowsOf<{ id: string; name: string }>(await db.execute(sql`SELECT id, name FROM organizations WHERE type = 'branch' AND id IN (${subtreeOrgIdsQuery(orgId)})`)).map((b) => [
      b.name,
      b.id,
    ]),
  )
  // Enterprises of this ledger (the committee's and its sub-committees'), by credit code.
  const ledgerCodes = new Set(
    rowsOf<{ credit_code: string }>(await db.execute(sql`SELECT credit_code FROM enterprises WHERE org_id IN (${subtreeOrgIdsQuery(orgId)})`)).map((e) => e.credit_code),
  )
  const branchOf = (sheet: string, r: number, v: Cell): string | null | undefined => {
    const name = text(v)
    if (!name) return null
    const id = branches.get(name)
    if (!id) problems.push({ sheet, row: r, column: '所属党支部', message: `「${name}」不是本党委下的党支部：请填写组织架构里的全称，或留空` })
    return id
  }

  const ents: EntRow[] = []
  if (entSheet) {
    const sheet = IMPORT_SHEETS.enterprises
    const rows = readSheet(entSheet, ENTERPRISE_COLUMNS, sheet, problems) ?? []
    const seen = new Map<string, number>()
    for (const { row, cells } of rows) {
      const bad = (column: string, message: string) => problems.push({ sheet, row, column, message })
      const name = text(cells.name)
      if (name.length < 2 || name.length > 100) bad('企业名称', name ? '企业名称应为 2–100 个字' : '请填写企业名称')
      const code = text(cells.creditCode).toUpperCase()
      const codeProblem = code ? creditCodeProblem(code) : '请填写统一社会信用代码'
      if (codeProblem) bad('统一社会信用代码', codeProblem)
      else if (seen.has(code)) bad('统一社会信用代码', `与第 ${seen.get(code)} 行的统一社会信用代码重复`)
      else seen.set(code, row)
      const type = TYPE_BY_LABEL.get(text(cells.type))
      if (!type) bad('单位类型', `单位类型应为「${Object.values(ENTERPRISE_TYPE_LABELS).join('」「')}」之一`)
      const count = cells.employeeCount === null ? NaN : Number(text(cells.employeeCount))
      if (!Number.isInteger(count) || count < 0 || count > 1_000_000) bad('从业人员数', '从业人员数应为 0 到 100 万之间的整数')
      const industry = text(cells.industry)
      const address = text(cells.address)
      if (industry.length > 50) bad('所属行业', '所属行业不能超过 50 个字')
      if (address.length > 200) bad('地址', '地址不能超过 200 个字')
      const branchId = branchOf(sheet, row, cells.branch)
      if (!codeProblem && type && branchId !== undefined) ents.push({ row, name, creditCode: code, type, industry, address, employeeCount: count, branchId })
    }
  }

  const mems: MemRow[] = []
  if (memSheet) {
    const sheet = IMPORT_SHEETS.members
    const rows = readSheet(memSheet, MEMBER_COLUMNS, sheet, problems) ?? []
    const seen = new Map<string, number>()
    const inFile = new Set(ents.map((e) => e.creditCode))
    for (const { row, cells } of rows) {
      const bad = (column: string, message: string) => problems.push({ sheet, row, column, message })
      const realName = text(cells.realName)
      if (realName.length < 2 || realName.length > 20) bad('姓名', realName ? '姓名应为 2–20 个字' : '请填写姓名')
      const phone = text(cells.phone).replace(/[\s-]/g, '')
      if (!PHONE_PATTERN.test(phone)) bad('手机号', '请填写 11 位手机号')
      const key = `${realName}\u0000${phone}`
      if (seen.has(key)) bad('手机号', `与第 ${seen.get(key)} 行是同一个人（姓名和手机号相同）`)
      else seen.set(key, row)
      const idNumber = text(cells.idNumber).toUpperCase() || null
      const idProblem = idNumber ? idNumberProblem(idNumber) : null
      if (idProblem) bad('身份证号', idProblem)
      const joinedAt = sheetDate(cells.joinedAt)
      if (!joinedAt) bad('入党时间', '入党时间应为日期，如 2015-07-01、2015/7/1 或 2015年7月1日')
      else if (joinedAt > today) bad('入党时间', '入党时间不能晚于今天')
      else if (joinedAt < PARTY_FOUNDED) bad('入党时间', '入党时间不能早于 1921 年 7 月 1 日')
      const memberType = MEMBER_TYPE_BY_LABEL.get(text(cells.memberType))
      if (!memberType) bad('党员类别', '党员类别应为「正式党员」或「预备党员」')
      const enterpriseCode = text(cells.enterprise).toUpperCase() || null
      if (enterpriseCode && !inFile.has(enterpriseCode) && !ledgerCodes.has(enterpriseCode)) {
        bad('所在企业统一社会信用代码', '台账和本文件的「企业」表里都没有这家企业：请先登记企业，或核对代码')
      }
      const branchId = branchOf(sheet, row, cells.branch)
      if (PHONE_PATTERN.test(phone) && !idProblem && joinedAt && memberType && realName.length >= 2 && branchId !== undefined) {
        mems.push({ row, realName, phone, idNumber, joinedAt, memberType, enterpriseCode, branchId })
      }
    }
  }
  if (problems.length === 0 && ents.length + mems.length === 0) {
    problems.push({ sheet: '', row: 0, column: '', message: '表格里没有数据：请在模板的表头下逐行填写后再导入' })
  }

  // A code already registered by another committee is not this ledger's to change.
  if (ents.length > 0) {
    const codes = ents.map((e) => e.creditCode)
    const elsewhere = rowsOf<{ credit_code: string; org_name: string; org_id: string }>(
      await db.execute(sql`
        SELECT e.credit_code, o.name AS org_name, e.org_id FROM enterprises e JOIN organizations o ON o.id = e.org_id
        WHERE e.credit_code IN (${sql.join(codes.map((c) => sql`${c}`), sql`, `)}) AND e.org_id NOT IN (${subtreeOrgIdsQuery(orgId)})`),
    )
    for (const x of elsewhere) {
      const e = ents.find((r) => r.creditCode === x.credit_code)!
      problems.push({ sheet: IMPORT_SHEETS.enterprises, row: e.row, column: '统一社会信用代码', message: `这家企业已在「${x.org_name}」的台账里，不能重复登记` })
    }
  }
  return { problems, ents, mems }
}

const tally = () => ({ created: 0, updated: 0, unchanged: 0 })
const CHUNK = 500

export async function importLedger(deps: ImportDeps, userId: string, orgId: string, file: Buffer): Promise<ImportResult> {
  return deps.db.transaction(async (tx) => {
    const [org] = rowsOf<{ id: string; type: string; dissolved_at: Date | null }>(await tx.execute(sql`SELECT id, type, dissolved_at FROM organizations WHERE id = ${orgId}::uuid`))
    if (!org || org.dissolved_at || org.type === 'branch' || !(await canActAs(tx, userId, ['admin'], orgId))) throw notFound('找不到这个党委，或它不在你管理的范围内')
    // One import at a time per ledger: two uploads of the same file cannot both create.
    await tx.execute(sql`SELECT id FROM organizations WHERE id = ${orgId}::uuid FOR UPDATE`)
    const { problems, ents, mems } = await parse(tx, orgId, file, chinaDate(deps.now()))
    if (problems.length > 0) {
      problems.sort((a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row)
      throw unprocessable(`表格里有 ${problems.length} 处问题，没有导入任何数据：请按提示改好后重新导入`, ErrorCodes.IMPORT_INVALID, {
        problems: problems.slice(0, IMPORT_MAX_PROBLEMS),
        problemCount: problems.length,
      })
    }

    // Enterprises: match on the credit code within this ledger.
    const result = { enterprises: tally(), members: tally(), rows: ents.length + mems.length }
    const existing = new Map((await tx.select().from(enterprises).where(sql`${enterprises.orgId} IN (${subtreeOrgIdsQuery(orgId)})`)).map((e) => [e.creditCode, e]))
    const fresh: (typeof enterprises.$inferInsert)[] = []
    for (const e of ents) {
      const values = { name: e.name, type: e.type, industry: e.industry, address: e.address, employeeCount: e.employeeCount, branchId: e.branchId }
      const old = existing.get(e.creditCode)
      if (!old) {
        fresh.push({ ...values, creditCode: e.creditCode, orgId })
        continue
      }
      const changed = (Object.keys(values) as (keyof typeof values)[]).some((k) => values[k] !== old[k])
      if (!changed) result.enterprises.unchanged++
      else {
        await tx.update(enterprises).set(values).where(eq(enterprises.id, old.id))
        result.enterprises.updated++
      }
    }
    const ids = new Map([...existing.values()].map((e) => [e.creditCode, e.id]))
    for (let i = 0; i < fresh.length; i += CHUNK) {
      const made = await tx.insert(enterprises).values(fresh.slice(i, i + CHUNK)).returning({ id: enterprises.id, creditCode: enterprises.creditCode })
      for (const m of made) ids.set(m.creditCode, m.id)
    }
    result.enterprises.created = fresh.length

    // Members (待认领): match on name + phone within this ledger.
    const known = new Map(
      (await tx.select().from(ledgerMembers).where(eq(ledgerMembers.orgId, orgId))).map((m) => [`${m.realName}\u0000${m.phoneHash}`, m]),
    )
    const newMembers: (typeof ledgerMembers.$inferInsert)[] = []
    for (const m of mems) {
      const hash = deps.phoneHash(m.phone)
      const values = {
        joinedAt: m.joinedAt,
        memberType: m.memberType,
        enterpriseId: m.enterpriseCode ? (ids.get(m.enterpriseCode) ?? null) : null,
        branchId: m.branchId,
        idNumberMasked: m.idNumber ? maskIdNumber(m.idNumber) : null,
      }
      const old = known.get(`${m.realName}\u0000${hash}`)
      if (!old) {
        newMembers.push({
          ...values,
          orgId,
          realName: m.realName,
          phoneHash: hash,
          phoneEnc: deps.cipher.encrypt(m.phone),
          phoneMasked: maskPhone(m.phone),
          idNumberEnc: m.idNumber ? deps.cipher.encrypt(m.idNumber) : null,
        })
        continue
      }
      const changed = (Object.keys(values) as (keyof typeof values)[]).some((k) => values[k] !== old[k])
      if (!changed) result.members.unchanged++
      else {
        await tx
          .update(ledgerMembers)
          .set({ ...values, idNumberEnc: m.idNumber ? deps.cipher.encrypt(m.idNumber) : null })
          .where(eq(ledgerMembers.id, old.id))
        result.members.updated++
      }
    }
    for (let i = 0; i < newMembers.length; i += CHUNK) await tx.insert(ledgerMembers).values(newMembers.slice(i, i + CHUNK))
    result.members.created = newMembers.length

    await audit(tx, { actorId: userId, action: 'ledger.import', targetType: 'organization', targetId: orgId, details: { ...result } })
    return result
  })
}

/** The template: the two sheets with their headers (required ones in red), and a sheet of instructions. */
export async function importTemplate(): Promise<Buffer> {
  const ExcelJS = (await import('exceljs')).default
  const wb = new ExcelJS.Workbook()
  wb.creator = '红色引擎'
  for (const [name, columns] of [
    [IMPORT_SHEETS.enterprises, ENTERPRISE_COLUMNS],
    [IMPORT_SHEETS.members, MEMBER_COLUMNS],
  ] as const) {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
    const header = ws.addRow(columns.map((c) => c.header))
    header.eachCell((cell, i) => {
      cell.font = { bold: true, color: { argb: columns[i - 1].required ? 'FFC8161D' : 'FF333333' } }
    })
    ws.columns.forEach((c, i) => (c.width = Math.max(12, columns[i].header.length * 2 + 4)))
  }
  const help = wb.addWorksheet('填写说明')
  help.addRow(['红色表头为必填。每行一家企业或一名党员；第 1 行表头不要改动，工作表名称不要改动。'])
  help.addRow([`单位类型：${Object.values(ENTERPRISE_TYPE_LABELS).join('、')}。党员类别：正式党员、预备党员。`])
  help.addRow(['统一社会信用代码：18 位，见营业执照；系统会校验第 18 位校验码。'])
  help.addRow(['入党时间：2015-07-01、2015/7/1、2015年7月1日 或 Excel 日期格式都可以。'])
  help.addRow(['所属党支部：填写组织架构里的全称；尚未建立党组织的留空。'])
  help.addRow(['所在企业统一社会信用代码：党员所在企业（须在「企业」表或台账里）。'])
  help.addRow(['导入是“全部或全不”：有任何一处问题都不会写入，页面会列出每一处问题的行号、列名和原因。同一文件重复导入不会重复登记（企业按统一社会信用代码、党员按姓名和手机号识别）。'])
  help.addRow(['导入的党员为“待认领”：本人在小程序里亮身份、支部书记审核通过后，自动与台账中的记录对应。'])
  help.addRow([])
  help.addRow(['示例（企业）', ...ENTERPRISE_COLUMNS.map((c) => `${c.header}：${c.example || '（可空）'}`)])
  help.addRow(['示例（党员）', ...MEMBER_COLUMNS.map((c) => `${c.header}：${c.example || '（可空）'}`)])
  help.getColumn(1).width = 100
  return Buffer.from(await wb.xlsx.writeBuffer())
}
