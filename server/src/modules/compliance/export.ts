import { ITEM_STATE_LABELS, periodsWithin, type ComplianceUnit, type PeriodSpan } from '../../../../src/domain/compliance'
import { MEETING_TYPE_LABELS } from '../../../../src/domain/meetings'
import { chinaDateTime } from '../../../../src/domain/time'
import type { DbOrTx } from '../../db/client'
import { committeeOrg, committeeRows, definitions, viewPeriod, type ComplianceDeps } from './service'

const pct = (v: number | null) => (v === null ? '—' : `${v}%`)
/** The sheets under a period: a year's quarters, a quarter's months; a month has none. */
const FINER: Record<ComplianceUnit, ComplianceUnit | null> = { year: 'quarter', quarter: 'month', month: null }

/**
 * What a district asks for, as .xlsx with Chinese headers: one sheet per period (the chosen one and
 * the periods within it that have begun), a sheet of overdue items and one of 疑似补记.
 */
export async function complianceWorkbook(db: DbOrTx, org: { id: string; name: string; only: Set<string> | null }, view: PeriodSpan, now: Date): Promise<{ filename: string; buffer: Buffer }> {
  const ExcelJS = (await import('exceljs')).default
  const wb = new ExcelJS.Workbook()
  wb.creator = '红色引擎'
  const finer = FINER[view.unit]
  const periods = [view, ...(finer ? periodsWithin(finer, view).filter((p) => p.start <= now) : [])]
  const overdue: (string | number)[][] = []
  let flags: Awaited<ReturnType<typeof committeeRows>>['computed'][number]['flags'] = []
  for (const p of periods) {
    const { rows, columns, computed } = await committeeRows(db, org.id, p, now, org.only)
    if (p === view) {
      flags = computed.flatMap((c) => c.flags)
      for (const c of computed) {
        for (const item of c.items) for (const ip of item.periods) if (ip.state === 'overdue') overdue.push([c.branch.name, item.typeLabel, item.rule, ip.label, chinaDateTime(new Date(ip.end)), ip.counted, item.required])
      }
    }
    const ws = wb.addWorksheet(p.label)
    ws.addRow([`${org.name} · 三会一课落实情况 · ${p.label}（截至 ${chinaDateTime(now)}，北京时间）`]).font = { bold: true }
    ws.addRow([])
    const header = ws.addRow(['支部', ...columns.map((t) => MEETING_TYPE_LABELS[t]), '完成率', '出勤率', '党员', '亮身份', '流动党员', '失联', '人均学习（分钟）', '疑似补记'])
    header.font = { bold: true }
    for (const r of rows) {
      ws.addRow([
        r.branchName,
        ...r.cells.map((c) => (c.state === null ? '不考核' : c.owed > 1 ? `${ITEM_STATE_LABELS[c.state]}（${c.counted}/${c.owed}）` : ITEM_STATE_LABELS[c.state])),
        pct(r.rate),
        pct(r.attendanceRate),
        r.members,
        r.declared,
        r.mobile,
        r.lost,
        r.studyMinutesPerMember ?? '—',
        r.flagged,
      ])
    }
    ws.addRow([])
    for (const d of definitions()) ws.addRow([d])
    ws.columns.forEach((c, i) => (c.width = i === 0 ? 28 : 14))
  }
  const od = wb.addWorksheet('逾期事项')
  od.addRow(['支部', '会议类型', '要求', '考核期', '截止（北京时间）', '已完成次数', '应完成次数']).font = { bold: true }
  for (const r of overdue) od.addRow(r)
  if (overdue.length === 0) od.addRow(['本期没有逾期事项'])
  od.columns.forEach((c, i) => (c.width = [28, 14, 14, 16, 18, 12, 12][i]))
  const fl = wb.addWorksheet('疑似补记')
  fl.addRow(['支部', '会议类型', '会议主题', '开始时间（北京时间）', '提示', '支部说明']).font = { bold: true }
  for (const f of flags) fl.addRow([f.branchName, f.typeLabel, f.title, chinaDateTime(new Date(f.startsAt)), f.reasons.map((r) => r.label).join('；'), f.note ?? ''])
  if (flags.length === 0) fl.addRow(['本期没有疑似补记的会议'])
  fl.columns.forEach((c, i) => (c.width = [28, 14, 30, 20, 40, 40][i]))
  return { filename: `${org.name}-三会一课-${view.label}.xlsx`, buffer: Buffer.from(await wb.xlsx.writeBuffer()) }
}

/** The export, for whoever may see the committee's compliance view. */
export async function exportCompliance(deps: ComplianceDeps, userId: string, orgId: string, periodKey: string | undefined) {
  const now = deps.now()
  const org = await committeeOrg(deps.db, userId, orgId)
  return complianceWorkbook(deps.db, org, viewPeriod(periodKey, now), now)
}
