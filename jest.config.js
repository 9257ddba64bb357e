/**
 * jest projects: domain rules, the mini-program's stores and pages (jsdom, Taro stand-ins),
 * and the API server through app.inject on PGlite (or PostgreSQL when TEST_DATABASE_URL is set).
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2020' }, module: { type: 'commonjs' } }]

const base = {
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
}

// This process opens PGlite too (the page tests' API server, the template): baseline-compiled
// WebAssembly, as in the unit run's other processes (tests/support/wasm-baseline.cjs says why).
require('./tests/support/wasm-baseline.cjs')

const TEST_TIMEOUT_MS = 30000
// Read by tests/support/setup-timeouts.mjs in the light runner's processes (they inherit the environment).
process.env.RE_TEST_TIMEOUT_MS = String(TEST_TIMEOUT_MS)

/**
 * The domain and server tests run in plain Node processes (jest-light-runner), not in one vm
 * context and module registry per test file: a worker loads fastify, drizzle, zod, PGlite and the
 * server once, and every later test file in it reuses them, already compiled by V8. Each server
 * file used to pay about 1.7 s for that (importing 0.7 s, a first PGlite 0.3 s more than a warm
 * one, a first app and seed 0.7 s more). What is given up: jest's module mocks and per-file
 * globals, which these tests do not use (nothing here keeps state between files in module
 * scope: the caches are per app or per database); TypeScript is compiled by tsx, and timeouts are
 * enforced by our setup file because the runner has none.
 */
const light = {
  testEnvironment: 'node',
  runner: '<rootDir>/tests/support/runner.mjs',
  setupFiles: ['<rootDir>/tests/support/setup-tsx.mjs'],
  setupFilesAfterEnv: ['<rootDir>/tests/support/setup-timeouts.mjs'],
}

module.exports = {
  testTimeout: TEST_TIMEOUT_MS,
  // One worker per core, not jest's default of cores − 1: the server tests spend much of their time
  // waiting (PostgreSQL, a spawned server, a 15 s attack), so on 2 cores two workers take 91 s where
  // one took 169 s; four took 100 s.
  maxWorkers: '100%',
  projects: [
    { ...light, displayName: 'domain', testMatch: ['<rootDir>/tests/domain/**/*.test.ts'] },
    {
      ...base,
      displayName: 'app',
      runner: '<rootDir>/tests/support/runner.mjs',
      // Compiles each module once per run, not once per test file (app-runtime.cjs says why).
      runtime: '<rootDir>/tests/support/app-runtime.cjs',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/tests/app/**/*.test.ts?(x)'],
      moduleNameMapper: {
        ...base.moduleNameMapper,
        '^@tarojs/taro$': '<rootDir>/tests/app/support/taro.ts',
        '^@tarojs/components$': '<rootDir>/tests/app/support/components.tsx',
        '^@nutui/nutui-react-taro$': '<rootDir>/tests/app/support/nutui.ts',
        '\\.(s?css)$': '<rootDir>/tests/app/support/style.ts',
      },
      setupFiles: ['<rootDir>/tests/app/support/setup.ts'],
      // NutUI ships ES modules only.
      transformIgnorePatterns: ['/node_modules/(?!@nutui/)'],
    },
    {
      ...light,
      displayName: 'server',
      testMatch: ['<rootDir>/tests/server/**/*.test.ts'],
      // Makes the migrated PGlite template once per run (server/src/db/template.ts) and the folder
      // where each test file copies it (removed afterwards).
      globalSetup: '<rootDir>/tests/server/global-setup.ts',
      globalTeardown: '<rootDir>/tests/server/global-teardown.ts',
    },
  ],
}
