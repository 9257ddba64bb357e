import fs from 'node:fs'
import path from 'node:path'

/**
 * What Taro's base.wxml says about each node kind: the native tag it renders, which events it
 * binds to the page's `eh` (bind… bubbles on, catch… stops), and which data key carries each
 * attribute (`value="{{i.p25}}"` → value: 'p25'). Read from the build itself, so the test
 * follows whatever Taro emits instead of a copy of its alias table.
 */
export interface NodeTemplate {
  alias: string
  tag: string
  bind: Set<string>
  catch: Set<string>
  attrs: Record<string, string>
}

export function readTemplates(dir: string): Map<string, NodeTemplate> {
  const wxml = fs.readFileSync(path.join(dir, 'base.wxml'), 'utf8')
  const out = new Map<string, NodeTemplate>()
  const re = /<template name="tmpl_0_([0-9a-z#_]+)">\s*<([a-z-]+)([^>]*)>/g
  for (let m = re.exec(wxml); m; m = re.exec(wxml)) {
    const [, alias, tag, rest] = m
    if (out.has(alias)) continue
    const t: NodeTemplate = { alias, tag, bind: new Set(), catch: new Set(), attrs: {} }
    for (const a of rest.matchAll(/([a-z-]+)="([^"]*)"/g)) {
      const [, name, value] = a
      const ev = /^(bind|catch)([a-z]+)$/.exec(name)
      if (ev && value === 'eh') (ev[1] === 'bind' ? t.bind : t.catch).add(ev[2])
      const key = /\{\{(?:xs\.b\()?i\.([A-Za-z0-9]+)/.exec(value)
      if (key) t.attrs[name] = key[1]
    }
    out.set(alias, t)
  }
  // Inputs and textareas pick `_focus` / `_blur` variants through a wrapper <template is>.
  for (const [alias, t] of out) {
    const blur = out.get(`${alias}_blur`)
    if (t.tag === 'template' && blur) out.set(alias, { ...blur, alias })
  }
  return out
}
