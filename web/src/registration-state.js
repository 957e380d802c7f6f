// An account's registration states (architecture.md: connecting, registering, registered,
// reconnecting, failed, unregistered), which REGISTER failures are worth retrying soon, and how a
// state reads in the log. Plain functions of plain values, for the supervisor and its tests.

export const AccountState = Object.freeze({
  CONNECTING: "connecting",
  REGISTERING: "registering",
  REGISTERED: "registered",
  UNREGISTERED: "unregistered",
  FAILED: "failed",
  RECONNECTING: "reconnecting",
});

/**
 * A response that retrying soon may fix. RFC 3261 §8.1.3.1 maps a request timeout to 408 and a
 * transport failure to 503, and SIP.js synthesises both; 480 and 5xx are server-side trouble.
 * Everything else that rejects a REGISTER (401/403/404/4xx, 3xx, 6xx) says our configuration is
 * wrong and only changes when someone fixes it.
 */
export function isTransientStatus(statusCode) {
  return (
    statusCode === undefined ||
    statusCode === 408 ||
    statusCode === 480 ||
    statusCode === 429 ||
    (statusCode >= 500 && statusCode < 600)
  );
}

/** An error as one line: what failed, and SIP.js's message when it has one. */
export function describeError(error, fallback) {
  const message = error && typeof error.message === "string" && error.message ? error.message : "";
  return message ? `${fallback}: ${message}` : fallback;
}

/** A state as the log shows it: "reconnecting 503 Service Unavailable retry in 2000 ms". */
export function describeState(s) {
  const parts = [s.state];
  if (s.statusCode !== undefined) parts.push(String(s.statusCode));
  if (s.reason) parts.push(s.reason);
  if (s.retryInMs !== undefined) parts.push(`retry in ${s.retryInMs} ms`);
  return parts.join(" ");
}

/** Two reports that say the same (the supervisor reports a state once). */
export function sameState(a, b) {
  return (
    a.state === b.state &&
    a.statusCode === b.statusCode &&
    a.reason === b.reason &&
    a.retryInMs === b.retryInMs &&
    a.account === b.account
  );
}
