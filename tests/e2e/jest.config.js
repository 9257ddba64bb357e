/** End-to-end: the H5 build in Debian's Chromium against a real server on a free port. */
const path = require('node:path')
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2020' }, module: { type: 'commonjs' } }]

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  displayName: 'e2e',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.ts'],
  transform: { '^.+\\.ts$': swc },
  globalSetup: '<rootDir>/tests/e2e/support/global-setup.ts',
  globalTeardown: '<rootDir>/tests/e2e/support/global-teardown.ts',
  testTimeout: 60000,
}
