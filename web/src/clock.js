// The timer functions the page's state machines use, injectable so tests can drive time.

/** Real timers of the page (or of node, in tests that want real time). */
export const systemClock = Object.freeze({
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle),
});

/**
 * A wall-clock `now()` (epoch ms) that never goes backwards. Between two readings it advances at
 * least as far as the monotonic clock did, and follows the wall clock whenever that is further on.
 * So a wall clock stepped back (NTP, an admin, a VM restored) does not pull times back, and one
 * stepped forward, or a machine woken from sleep (the monotonic clock stands still while it sleeps),
 * is followed. Call-event times come from it: the backend refuses an event earlier than the call's
 * previous one.
 * @param {{wall?: () => number, monotonic?: () => number}} [sources] epoch ms; any ms that only grows
 * @returns {() => number} whole epoch milliseconds
 */
export function monotonicWallClock({ wall = () => Date.now(), monotonic = () => globalThis.performance.now() } = {}) {
  let lastTime = wall();
  let lastMonotonic = monotonic();
  return () => {
    const elapsed = monotonic() - lastMonotonic;
    lastMonotonic += elapsed;
    lastTime = Math.max(wall(), lastTime + Math.max(0, elapsed));
    return Math.floor(lastTime);
  };
}

/** The page's clock for call events: systemClock's timers, with a `now` that never goes backwards. */
export function eventClock(sources) {
  return Object.freeze({ ...systemClock, now: monotonicWallClock(sources) });
}
