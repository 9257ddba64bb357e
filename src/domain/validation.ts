import { z } from 'zod'

/**
 * Validation messages a person can act on, the same on the phone and from the server: 「请填写请假原因」,
 * never a schema path or an English word.
 *
 * - A field's name as people say it is attached to its schema with `labelled('请假原因', …)`.
 * - Messages written into a schema (`.min(2, '请填写会议主题（至少 2 个字）')`) are used as they are.
 * - Every other failure first gets a plain default from `chineseDefaults` (set with `z.config` by the
 *   server and the mini-program), which cannot know the field; `explainIssues` then finds the field's
 *   name along the issue's path in the schema that was parsed and names it.
 */
export const fieldLabels = z.registry<{ label: string }>()

/** `schema` under the name a person reads. A clone, so that one shared schema (IdSchema) can carry several names. */
export function labelled<T extends z.ZodType>(label: string, schema: T): T {
  const copy = schema.clone()
  fieldLabels.add(copy, { label })
  return copy as T
}

/** What a failure says, with `label` for the field (null: 「这一项」). */
interface IssueFacts {
  code: string
  origin?: string
  minimum?: unknown
  maximum?: unknown
  inclusive?: boolean
}

const THIS = '这一项'
export const UNKNOWN_KEYS_MESSAGE = '提交的内容里有多余的项，可能是页面版本太旧，请退出后重新打开再试'

function says(issue: IssueFacts, missing: boolean, label: string | null): string {
  const l = label ?? THIS
  const min = Number(issue.minimum)
  const max = Number(issue.maximum)
  switch (issue.code) {
    case 'invalid_type':
      return missing ? `请填写${l}` : `${l}的格式不对`
    case 'too_small':
      if (issue.origin === 'string') return min <= 1 ? `请填写${l}` : `${l}至少 ${min} 个字`
      if (issue.origin === 'array' || issue.origin === 'set') return `${l}至少 ${min} 项`
      return issue.inclusive === false ? `${l}必须大于 ${min}` : `${l}不能小于 ${min}`
    case 'too_big':
      if (issue.origin === 'string') return `${l}不能超过 ${max} 个字`
      if (issue.origin === 'array' || issue.origin === 'set') return `${l}最多 ${max} 项`
      return issue.inclusive === false ? `${l}必须小于 ${max}` : `${l}不能大于 ${max}`
    case 'invalid_value':
      return `请选择${l}`
    case 'unrecognized_keys':
      return UNKNOWN_KEYS_MESSAGE
    default:
      return missing ? `请填写${l}` : `${l}的格式不对`
  }
}

/** For `z.config({ customError })`: the default of every failure a schema has no message for. */
export function chineseDefaults(issue: z.core.$ZodRawIssue): string {
  return says(issue as IssueFacts, issue.input === undefined, null)
}

type Node = z.core.$ZodType

/** A schema and what it wraps (optional, default, pipe …), and a union's options: where a name or a key may sit. */
function layers(s: Node, depth = 0): Node[] {
  if (depth > 8) return [s]
  const def = s._zod.def as unknown as { type: string; innerType?: Node; in?: Node; options?: Node[]; getter?: () => Node }
  const inner: Node[] = []
  if (def.innerType) inner.push(def.innerType)
  if (def.type === 'pipe' && def.in) inner.push(def.in)
  if (def.type === 'lazy' && def.getter) inner.push(def.getter())
  if (def.type === 'union' && def.options) inner.push(...def.options)
  return [s, ...inner.flatMap((i) => layers(i, depth + 1))]
}

/** The name of the field at `path` in `schema`, if it has one. */
export function labelAt(schema: Node, path: readonly PropertyKey[]): string | null {
  let nodes = layers(schema)
  for (const key of path) {
    let next: Node | null = null
    for (const n of nodes) {
      const def = n._zod.def as unknown as { type: string; shape?: Record<string, Node>; element?: Node }
      if (def.type === 'object' && typeof key === 'string' && def.shape?.[key]) next = def.shape[key]
      else if (def.type === 'array' && typeof key === 'number' && def.element) next = def.element
      if (next) break
    }
    if (!next) return null
    nodes = layers(next)
  }
  for (const n of nodes) {
    const label = fieldLabels.get(n)?.label
    if (label) return label
  }
  return null
}

/** An issue as zod reports it (or as fastify-type-provider-zod passes it on). */
export interface ReportedIssue extends IssueFacts {
  path: readonly PropertyKey[]
  message: string
  /** unrecognized_keys: the extra keys, given as the path (the message does not name them). */
  keys?: readonly string[]
}

/** One field to mark, with what to do: the error body's `fields`, the forms' hints, the domain's own rules. */
export interface FieldProblem {
  path: string
  message: string
}

/** Each issue as a field path and a message that names the field (see the top of this file). */
export function explainIssues(schema: Node | null | undefined, issues: readonly ReportedIssue[]): FieldProblem[] {
  return issues.map((issue) => {
    const at = issue.code === 'unrecognized_keys' && issue.keys?.length ? [...issue.path, issue.keys.join(',')] : issue.path
    const path = at.map(String).join('.')
    const label = schema ? labelAt(schema, issue.path) : null
    let message = issue.message
    if (label) {
      // A message the schema did not write is one of the two defaults (missing or not): name the field.
      const missing = [true, false].find((m) => message === says(issue, m, null))
      if (missing !== undefined) message = says(issue, missing, label)
    }
    return { path, message }
  })
}

/** Makes `chineseDefaults` zod's messages in this process (the server at start, the mini-program in app.ts). */
export function setChineseMessages(): void {
  z.config({ localeError: chineseDefaults })
}
