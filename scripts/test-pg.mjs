// `npm run test:pg`: the server suite on a real PostgreSQL (each test file gets its own database).
import path from 'node:path'
import { ROOT, run } from './lib.mjs'

const url = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test'
console.log(`PostgreSQL: ${url.replace(/:[^:@/]*@/, ':***@')}`)
const code = await run(
  process.execPath,
  ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--config', 'jest.config.js', '--selectProjects', 'server', ...process.argv.slice(2)],
  { env: { TEST_DATABASE_URL: url } },
)
process.exit(code)
