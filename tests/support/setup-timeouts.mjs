// jest-light-runner runs tests without jest's timeouts: a test that never settles would hold the
// run until CI's limit. Here every test and hook races the timeout jest would give it (its own
// third argument, or jest.config.js's testTimeout, passed in RE_TEST_TIMEOUT_MS) and fails with
// jest's wording when it loses.
import { bind } from 'jest-each'

const DEFAULT_MS = Number(process.env.RE_TEST_TIMEOUT_MS) || 5000

function limited(fn, ms = DEFAULT_MS) {
  if (typeof fn !== 'function') return fn
  if (fn.length > 0) throw new Error('tests here return a promise: done callbacks are not supported by this runner')
  return () =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Exceeded timeout of ${ms} ms for a test or hook.`)), ms)
      Promise.resolve()
        .then(fn)
        .then(resolve, reject)
        .finally(() => clearTimeout(timer))
    })
}

function wrapTest(original) {
  const wrapped = (name, fn, ms) => original(name, limited(fn, ms), ms)
  wrapped.each = bind(wrapped)
  wrapped.only = (name, fn, ms) => original.only(name, limited(fn, ms), ms)
  wrapped.only.each = bind(wrapped.only)
  wrapped.skip = original.skip
  wrapped.todo = original.todo
  return wrapped
}

globalThis.test = wrapTest(globalThis.test)
globalThis.it = globalThis.test
globalThis.fit = globalThis.test.only
for (const hook of ['beforeAll', 'afterAll', 'beforeEach', 'afterEach']) {
  const original = globalThis[hook]
  globalThis[hook] = (fn, ms) => original(limited(fn, ms), ms)
}
