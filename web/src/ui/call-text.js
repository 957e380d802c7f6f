// What a call card and a history line say about a call: the far end (name and URI in <bdi>
// elements, so a right-to-left override in a caller's name stays inside it instead of reordering the
// rest of the line), the call's state with what else holds for it, and why an ended call ended.

/** An ended call's history line, by its end reason. */
export const REASON_TEXT = {
  completed: "Call ended",
  missed: "Missed call",
  rejected: "Declined",
  busy: "Busy",
  cancelled: "Cancelled",
  failed: "Call failed",
};

/**
 * The far end: its display name (with its URI in angle brackets when bracketed), else its URI.
 * @param {Function} h element builder
 * @returns {Array} nodes and text
 */
export function who(h, call, bracketed) {
  const uri = h("bdi", { dataset: { role: "remote-uri" } }, call.remote);
  if (!call.remoteDisplayName) return [uri];
  const name = h("bdi", { dataset: { role: "remote-name" } }, call.remoteDisplayName);
  return bracketed ? [name, " <", uri, ">"] : [name];
}

/** The card's status line: the state, then whatever else holds (REFER, remote hold, mute, recovery, notice). */
export function statusText(call) {
  const parts = [];
  switch (call.state) {
    case "ringing":
      parts.push(call.waiting ? "Call waiting" : "Ringing");
      break;
    case "dialing":
      parts.push("Calling…");
      break;
    case "ringback":
      parts.push("Ringing at the other end");
      break;
    case "established":
      parts.push(call.held ? "On hold" : call.conference ? "Conference" : "In call");
      if (call.held && call.conference) parts.push("in the conference");
      break;
    default:
      parts.push(call.state);
  }
  if (call.referredBy) parts.push("placed at the other side's request (REFER)");
  if (call.remoteHeld) parts.push("the other side put you on hold");
  if (call.muted) parts.push("muted");
  if (call.signalling === "restoring") parts.push("reconnecting…");
  if (call.media === "disconnected") parts.push("audio interrupted");
  if (call.notice) parts.push(call.notice);
  return parts.join(" · ");
}
