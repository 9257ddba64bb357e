import type { Db } from './client'

/**
 * A named prepared statement, built once per database handle: PostgreSQL parses it once per
 * connection instead of once per request, plans it with the values for its first five runs, and
 * from then on reuses one generic plan while that plan's estimate is no worse (the list statements
 * of the bench show 5 custom and 3 generic plans in pg_prepared_statements after 8 runs, so
 * `plan_cache_mode = force_generic_plan` would save only those first five plannings). For the
 * queries every signed-in request runs (the session check, /me, the lists); `build` must give the
 * same SQL text every time, with the request's values as `sql.placeholder`s.
 */
const statements = new WeakMap<object, Map<string, unknown>>()

export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let mine = statements.get(db)
  if (!mine) statements.set(db, (mine = new Map()))
  let s = mine.get(name) as T | undefined
  if (s === undefined) mine.set(name, (s = build(db)))
  return s
}

/**
 * One `T` per database handle (so one per app, and tests' apps never share it): for what a server
 * keeps in memory beside its database, such as the meeting rows of modules/meetings.
 */
export function perDatabase<T>(make: () => T): (db: Db) => T {
  const held = new WeakMap<object, T>()
  return (db) => {
    let t = held.get(db)
    if (t === undefined) held.set(db, (t = make()))
    return t
  }
}
