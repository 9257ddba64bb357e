// Where the server's CPU time went, from the .cpuprofile that `node --cpu-prof` wrote on exit:
// self time by function and by package (node_modules/<name>, node internals, our code).
import fs from 'node:fs'
import path from 'node:path'

function where(url) {
  if (!url) return '(native / GC / idle)'
  if (url.startsWith('node:')) return 'node 内部'
  if (url.startsWith('wasm://')) return '@electric-sql/pglite（wasm）'
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (m) return m[1]
  return path.basename(url).replace(/\?.*$/, '') ? 'our code' : url
}

export function summarizeProfile(dir, top = 15) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
  if (!files.length) return `（${dir} 里没有 .cpuprofile）`
  const prof = JSON.parse(fs.readFileSync(path.join(dir, files.sort().pop()), 'utf8'))
  const byId = new Map(prof.nodes.map((n) => [n.id, n]))
  const self = new Map()
  const dt = prof.timeDeltas
  for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0))
  let total = 0
  const fns = new Map()
  const pkgs = new Map()
  for (const [id, us] of self) {
    const n = byId.get(id)
    const name = n.callFrame.functionName || '(anonymous)'
    if (name === '(idle)') continue
    total += us
    const key = `${name}  ${where(n.callFrame.url)}${n.callFrame.url && !n.callFrame.url.includes('node_modules') && !n.callFrame.url.startsWith('node:') && !n.callFrame.url.startsWith('wasm:') ? ' ' + path.basename(n.callFrame.url) + ':' + (n.callFrame.lineNumber + 1) : ''}`
    fns.set(key, (fns.get(key) ?? 0) + us)
    const p = name.startsWith('(') ? name : where(n.callFrame.url)
    pkgs.set(p, (pkgs.get(p) ?? 0) + us)
  }
  const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)} %`
  const lines = [`CPU 时间（不含空闲）${(total / 1e6).toFixed(1)} 秒，按来源：`]
  for (const [k, us] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`)
  lines.push('按函数（自身时间）：')
  for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`)
  return lines.join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(summarizeProfile(process.argv[2] ?? '.'))
