/**
 * jest's runtime for the app project's files, compiling each module once per run instead of once
 * per test file.
 *
 * jest gives every test file a fresh module registry and vm context, and jest-runtime compiles
 * every module it loads with a `new vm.Script` of its own. V8's compilation cache cannot help:
 * every script carries its own `importModuleDynamically` callback, so no two compilations match.
 * The 20 page files load React, react-dom, @testing-library and our pages again and again: 6.2 s
 * of the jest process's CPU went to compiling them (profiled), more to compiling their functions
 * lazily on first call.
 *
 * A `vm.Script` is not tied to a context: `runInContext` runs it in each file's own context, with
 * its own globals and module objects, so nothing a test sees is shared — only the compiled code
 * (and V8's bytecode of every function already called) is. A script is reused only for the same
 * file with the same transformed source, and never when the source holds a dynamic `import(`:
 * its callback belongs to the runtime of the file that compiled it.
 *
 * The app files run in band in jest's own process (tests/support/runner.mjs), so the cache lives
 * as long as the run.
 */
const { Script } = require('node:vm')
const jestRuntime = require('jest-runtime')

const Runtime = jestRuntime.default ?? jestRuntime

/** filename → the last script compiled for it, and the source it was compiled from. */
const scripts = new Map()
/** filename → how often it was compiled and how often reused (for the test). */
const counts = new Map()
const count = (filename, what) => {
  const c = counts.get(filename) ?? { compiled: 0, reused: 0 }
  c[what]++
  counts.set(filename, c)
}

class ReusingRuntime extends Runtime {
  createScriptFromCode(scriptSource, filename) {
    if (scriptSource.includes('import(')) return super.createScriptFromCode(scriptSource, filename)
    const known = scripts.get(filename)
    if (known && known.source === scriptSource) {
      count(filename, 'reused')
      return known.script
    }
    const script = super.createScriptFromCode(scriptSource, filename)
    if (script instanceof Script) {
      scripts.set(filename, { source: scriptSource, script })
      count(filename, 'compiled')
    }
    return script
  }
}

// For tests/server/app-runtime.test.ts: how many scripts were compiled and reused, written at exit.
if (process.env.RE_APP_RUNTIME_COUNTS) {
  const file = process.env.RE_APP_RUNTIME_COUNTS
  process.on('exit', () => require('node:fs').writeFileSync(file, JSON.stringify(Object.fromEntries(counts))))
}

module.exports = ReusingRuntime
