// A caller's own request to be answered without ringing, as intercom and paging systems send it
// in the INVITE. Two conventions are in use:
//   Call-Info: <sip:pbx.example.com>;answer-after=0     (draft-ietf-sip-answermode's predecessor,
//                                                         Polycom, Yealink, Asterisk's Page())
//   Alert-Info: <http://example.com>;info=alert-autoanswer;delay=0   (Broadsoft, Cisco)
//   Alert-Info: Auto Answer / auto-answer                              (Snom and others)
// Whether it is honoured is the profile's choice (--header-auto-answer); this only reads it.

/** The longest delay honoured, as for the profile's and the command line's --auto-answer. */
export const MAX_REQUESTED_DELAY_SECONDS = 600;

/**
 * The delay in whole seconds the caller asks to be answered after, or null when the INVITE does
 * not ask. `request` is SIP.js's IncomingRequestMessage (getHeaders(name) -> raw header values).
 */
export function requestedAnswerDelay(request) {
  let delay = null;
  for (const value of headerValues(request, "Call-Info")) {
    const after = param(value, "answer-after");
    if (after !== null) delay = minDelay(delay, seconds(after));
  }
  for (const value of headerValues(request, "Alert-Info")) {
    const info = param(value, "info");
    const asked =
      (info !== null && info.toLowerCase() === "alert-autoanswer") ||
      /auto[\s-]?answer/i.test(value.replace(/<[^>]*>/g, ""));
    if (asked) {
      const after = param(value, "delay");
      delay = minDelay(delay, after === null ? 0 : seconds(after));
    }
  }
  return delay;
}

function headerValues(request, name) {
  let lines;
  try {
    lines = request?.getHeaders?.(name) || [];
  } catch {
    return [];
  }
  // One header line may carry several comma-separated values (RFC 3261 section 7.3.1); commas
  // inside <...> belong to the URI.
  return lines.flatMap((line) => String(line).split(/,(?![^<]*>)/)).map((v) => v.trim());
}

/** A header parameter's value (`;name=value`, quotes removed), "" for a bare `;name`, or null. */
function param(value, name) {
  const afterUri = value.replace(/<[^>]*>/, "");
  for (const part of afterUri.split(";").slice(1)) {
    const [key, ...rest] = part.split("=");
    if (key.trim().toLowerCase() === name)
      return rest
        .join("=")
        .trim()
        .replace(/^"(.*)"$/, "$1");
  }
  return null;
}

/** Whole seconds from 0 to the maximum; anything else (a typo, "soon") counts as not asked. */
function seconds(text) {
  if (!/^\d{1,4}$/.test(text)) return null;
  const n = Number(text);
  return n <= MAX_REQUESTED_DELAY_SECONDS ? n : null;
}

function minDelay(current, next) {
  if (next === null) return current;
  return current === null ? next : Math.min(current, next);
}
