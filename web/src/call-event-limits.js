// The call-event contract's limits, in Unicode code points: the maxLengths of the backend's
// openapi.yaml, as Java's dev.deskphone.contract.CallEventLimits has them (test/call-event-limits.test.js
// and CallEventLimitsTest hold both to that file). Text the far end chose (display names, URIs,
// reason phrases) is cleaned and clipped with these, never refused: a caller must not be able to
// keep their call out of the records, or break the page, by what they send. Same rules as Java's SafeText.

export const LIMITS = Object.freeze({
  name: 64, // account, profile, disposition: the agent's configuration
  uri: 512, // local_uri, remote_uri: From/To of an inbound INVITE
  displayName: 256, // remote_display_name: RFC 3261 §20.20, the caller's choice
  notes: 4000, // typed by the agent
  codec: 32, // quality.codec: negotiated from the far end's SDP
  userAgent: 256, // remote_user_agent: the far end's User-Agent or Server header
  reasonHeader: 256, // remote_reason: the Reason header (RFC 3326) of the far end's BYE or CANCEL
});

/** Ends clipped text (one code point, counted in the limit). */
export const MARK = "…";

// C0, DEL and C1 controls, and UTF-16 surrogates not in a pair (not encodable as UTF-8).
// eslint-disable-next-line no-control-regex -- finding control characters is this pattern's job
const UNSAFE = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

// White space as Java's Character.isWhitespace or isSpaceChar sees it (SafeText.uri does the same).
// eslint-disable-next-line no-control-regex -- U+001C-001F are white space to Java
const URI_SPACE = /[\t\n\v\f\r\u001c-\u001f \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;

/** Control characters and lone surrogates become U+FFFD, as a UTF-8 decoder does with invalid bytes. */
export function cleanText(value) {
  return value.replace(UNSAFE, "\ufffd");
}

/**
 * `value` cleaned and clipped to `max` code points (a surrogate pair is never split), ending in
 * MARK when cut; anything that is not a string is returned as it is.
 */
export function clipText(value, max) {
  if (typeof value !== "string") return value;
  const clean = cleanText(value);
  if (clean.length <= max) return clean; // fewer UTF-16 units than the limit: fewer code points too
  const points = Array.from(clean);
  return points.length <= max ? clean : points.slice(0, max - 1).join("") + MARK;
}

/** A URI from a SIP header: white space percent-encoded (RFC 3986 §2.1) so it stays one token, then clipped. */
export function clipUri(value, max = LIMITS.uri) {
  if (typeof value !== "string") return value;
  return clipText(
    value.replace(URI_SPACE, (c) => encodeURIComponent(c)),
    max,
  );
}
