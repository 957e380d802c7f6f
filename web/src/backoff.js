// Retry delays for reconnecting and re-registering.
//
// Exponential growth with "equal jitter": the delay for attempt n is drawn uniformly from
// [ceiling/2, ceiling], ceiling = min(maxMs, baseMs * factor^n). Half of it is guaranteed, so
// retries really do slow down; the random half spreads a call center's worth of phones apart
// after a PBX restart instead of having them all knock at the same instant.

/** Transport loss, timeouts, 408 and 5xx: start fast, stop at 30 s. */
export const RECONNECT_BACKOFF = Object.freeze({ baseMs: 500, factor: 2, maxMs: 30_000 });

/**
 * Rejected credentials or unknown user (401/403/404...): waiting will rarely fix them and PBXes
 * (fail2ban and friends) ban addresses that keep failing authentication, which would lock out
 * every agent behind the same NAT. So: one minute, doubling up to ten.
 */
export const AUTH_FAILURE_BACKOFF = Object.freeze({ baseMs: 60_000, factor: 2, maxMs: 600_000 });

/**
 * @param {number} attempt 0 for the first retry
 * @param {{baseMs:number, factor:number, maxMs:number}} policy
 * @param {() => number} random uniform in [0, 1)
 * @returns {number} milliseconds, within [ceiling/2, ceiling]
 */
export function backoffDelay(attempt, policy, random = Math.random) {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * Math.pow(policy.factor, Math.max(0, attempt)));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
