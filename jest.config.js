/**
 * jest projects: domain rules, the mini-program's stores and pages (jsdom, Taro stand-ins),
 * and the API server through app.inject on PGlite (or PostgreSQL when TEST_DATABASE_URL is set).
 */
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2020' }, module: { type: 'commonjs' } }]

const base = {
  transform: { '^.+\\.(t|j)sx?$': swc, '^.+\\.mjs$': swc },
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
}

module.exports = {
  testTimeout: 30000,
  // One worker per core, not jest's default of cores − 1: the server tests spend much of their time
  // waiting (PostgreSQL, a spawned server, a 15 s attack), so on 2 cores two workers take 91 s where
  // one took 169 s; four took 100 s.
  maxWorkers: '100%',
  projects: [
    { ...base, displayName: 'domain', testEnvironment: 'node', testMatch: ['<rootDir>/tests/domain/**/*.test.ts'] },
    {
      ...base,
      displayName: 'app',
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
      ...base,
      displayName: 'server',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/tests/server/**/*.test.ts'],
      // Makes the migrated PGlite template once per run (server/src/db/template.ts) and the folder
      // where each test file copies it (removed afterwards).
      globalSetup: '<rootDir>/tests/server/global-setup.ts',
      globalTeardown: '<rootDir>/tests/server/global-teardown.ts',
    },
  ],
}
