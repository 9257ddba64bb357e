/**
 * PGlite's WebAssembly compiled by V8's baseline compiler (Liftoff) only, never re-compiled by its
 * optimizing one (TurboFan), in the processes of `npm run test:unit` that open PGlite: jest's own
 * (jest.config.js) and the light runner's workers (NODE_OPTIONS --require, set by runner.mjs) load
 * this file; the servers and commands the unit run starts get the same flag on their command line
 * (`BASELINE_WASM` in server-process.ts; not the end-to-end tests' server, which says why).
 *
 * Why: by default V8 compiles each hot PostgreSQL function a second time with TurboFan, in
 * background threads. A test process is short, and on 2 cores those threads take the CPU the tests
 * need; the optimized code did not pay that back. Measured here (one process opening PGlite,
 * seeding the demo, then 5 × 400 queries): open and seed 2.5 s of CPU by default against 1.4 s, the
 * queries 1.3–1.4 s against 0.7 s, and the last 400 queries took the same wall time (75–86 ms
 * against 71–79 ms). `npm run test:unit`, alternating with and without, five runs each: 45.1–52.9 s
 * (mean 48.7; user CPU 69–82 s) against 52.4–58.4 s (mean 55.5; user 81–90 s).
 *
 * The flag changes how V8 compiles, never what the code does. It is not free: what runs stays
 * baseline code, slower where a process runs long enough for TurboFan to pay off. The production
 * server and the end-to-end tests' server keep V8's default.
 */
const FLAG = '--liftoff-only'
require('node:v8').setFlagsFromString(FLAG)

// (for tests/server/wasm-baseline.test.ts: the spawned processes' BASELINE_WASM must be this flag)
module.exports = { FLAG }
