/**
 * Loaded (NODE_OPTIONS --require, set by tests/support/runner.mjs) into every process the unit run
 * starts; does something only in jest-light-runner's worker processes (tinypool's process entry).
 *
 * Such a worker asks the jest process for its configuration ("jest-light-runner-get-worker-data")
 * when it runs its first test file. jest-light-runner 0.8 answers through one channel shared by all
 * workers of a project: the answer goes to every worker that has been handed a file, and each is
 * then crossed off. A worker handed its file a moment after another asked receives the answer
 * before it listens for it — the message is dropped — and its own question later finds nobody to
 * answer: it waits for ever, with no test started and no timer to fail it. That was the rare hang
 * of the unit run (a file such as heartbeat-race.test.ts never reporting, its worker idle).
 *
 * Here the worker keeps the answer whenever it comes, and a question asked after it is answered
 * from what was kept.
 */
const ENTRY = /tinypool[\\/]dist[\\/]entry[\\/]process\.js$/

if (typeof process.send === 'function' && ENTRY.test(process.argv[1] || '')) {
  let kept = null
  // Watched on emit, not with a 'message' listener of its own: a listener makes node read the IPC
  // channel at once, and the messages that come before tinypool's entry listens would be lost.
  const emit = process.emit
  process.emit = function (event, message, ...rest) {
    if (event === 'message' && message && message.type === 'jest-light-runner-worker-data') kept = message
    return emit.call(this, event, message, ...rest)
  }
  const send = process.send.bind(process)
  process.send = function (message, ...rest) {
    if (message === 'jest-light-runner-get-worker-data' && kept) {
      const answer = kept
      process.nextTick(() => process.emit('message', answer))
      return true
    }
    return send(message, ...rest)
  }
}
