// The timer functions the page's state machines use, injectable so tests can drive time.

/** Real timers of the page (or of node, in tests that want real time). */
export const systemClock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle),
});
