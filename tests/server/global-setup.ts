import { ensureTemplate, templatePath } from '../../server/src/db/template'

/**
 * Once per jest run, before any server test file: the migrated PGlite template
 * (server/src/db/template.ts) is made if the cache has none for the current migrations, so
 * that the workers load it instead of racing to make it. Nothing to do on PostgreSQL.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return
  if (!(await ensureTemplate())) throw new Error(`could not make the PGlite template ${templatePath()}`)
}
