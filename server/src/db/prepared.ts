import type { Db } from './client'

/**
 * A named prepared statement, built once per database handle: PostgreSQL parses and plans it once
 * per connection instead of once per request. For the queries every signed-in request runs (the
 * session check, /me, the lists); `build` must give the same SQL text every time, with the
 * request's values as `sql.placeholder`s.
 */
const statements = new WeakMap<object, Map<string, unknown>>()

export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let mine = statements.get(db)
  if (!mine) statements.set(db, (mine = new Map()))
  let s = mine.get(name) as T | undefined
  if (s === undefined) mine.set(name, (s = build(db)))
  return s
}
