// What an agent reads for each registration state: a short label, a detail line that says what
// went wrong and what to do, and a tone for the colour. Pure functions, tested without a DOM.

/** What to do about a refused REGISTER, by SIP status (RFC 3261 §21). */
export function hintFor(statusCode) {
  switch (statusCode) {
    case 401:
    case 407:
      return "check the user name and password";
    case 403:
      return "check the password";
    case 404:
      return "this extension is unknown to the PBX";
    case 408:
      return "the PBX did not answer";
    case 423:
      return "the PBX wants a longer registration interval";
    default:
      if (statusCode >= 500 && statusCode < 600) return "the PBX has a problem";
      if (statusCode >= 400 && statusCode < 500) return "the PBX refused the registration";
      return "";
  }
}

/** "4 s", "1 min 5 s", "5 min". */
export function formatDuration(ms) {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

/** "403 Forbidden — check the password" (parts that are known). */
export function describeFailure(statusCode, reason) {
  const status = [statusCode, reason].filter((x) => x !== undefined && x !== null && x !== "").join(" ");
  const hint = hintFor(statusCode);
  if (status && hint) return `${status} — ${hint}`;
  return status || hint;
}

/**
 * @param {{state: string, statusCode?: number, reason?: string, retryAt?: number}} s
 * @param {number} now clock time, to count down to retryAt
 * @returns {{tone: string, label: string, detail: string}}
 */
export function describeAccountState(s, now) {
  const retry = s.retryAt !== undefined ? formatDuration(s.retryAt - now) : null;
  switch (s.state) {
    case "connecting":
      return { tone: "busy", label: "Connecting…", detail: "Opening the connection to the PBX." };
    case "registering":
      return { tone: "busy", label: "Registering…", detail: "Waiting for the PBX to accept the registration." };
    case "registered":
      return { tone: "ok", label: "Registered", detail: "Ready for calls." };
    case "reconnecting": {
      const why = describeFailure(s.statusCode, s.reason);
      const label = retry ? `Reconnecting in ${retry}` : "Reconnecting…";
      return {
        tone: "warn",
        label,
        detail: why ? `${why}. Deskphone keeps trying by itself.` : "Deskphone keeps trying by itself.",
      };
    }
    case "failed": {
      const why = describeFailure(s.statusCode, s.reason) || "The registration failed";
      return {
        tone: "error",
        label: "Registration failed",
        detail: retry ? `${why}. Next try in ${retry}.` : `${why}.`,
      };
    }
    case "unregistered":
      return { tone: "off", label: "Unregistered", detail: "Not receiving calls on this extension." };
    default:
      return { tone: "off", label: s.state || "Unknown", detail: "" };
  }
}
