// Runs before each app test file: behave like the H5 build (no WeChat login button),
// with no API address until a test starts its server (tests/app/support/api.ts).
process.env.TARO_ENV = 'h5'
delete process.env.TARO_APP_API_BASE
