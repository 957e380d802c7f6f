// Whether a clicked sip:/tel: link may be dialled without asking the agent. Any web page the agent
// opens can hand the desktop such a link, so only what the profile's administrator listed
// (`--allow-links`, CallConsent.java) goes through; everything else waits for the agent.
//
// Patterns: "*" (every link); a host ("crm.example.com") or its sub-domains ("*.example.com") for
// sip: links; a number ("+4930123") or number prefix ("+4930*") for tel: links (RFC 3966) and for
// sip: links to the profile's own domain whose user part is that number.

const NUMBER_PATTERN = /^\+?[0-9]+\*?$/;
// RFC 3966 §5.1.1 visual separators, which do not change the number.
const VISUAL_SEPARATORS = /[-.() ]/g;

/**
 * @param {string} link the link as handed over (sip:, sips: or tel:)
 * @param {{allowLinks?: string[], domain?: string}} account the dialling account's profile settings
 * @returns {boolean} true when the profile allows dialling it without asking
 */
export function linkAllowed(link, { allowLinks = [], domain } = {}) {
  const parsed = parseLink(link);
  if (!parsed) return false;
  const ownDomain = hostOf(domain);
  return allowLinks.some((raw) => {
    const pattern = String(raw).trim().toLowerCase();
    if (pattern === "*") return true;
    if (NUMBER_PATTERN.test(pattern)) {
      const dialsOwnPbx = parsed.scheme === "tel" || (parsed.host !== undefined && parsed.host === ownDomain);
      return dialsOwnPbx && parsed.number !== undefined && numberMatches(pattern, parsed.number);
    }
    if (parsed.host === undefined) return false;
    if (pattern.startsWith("*.")) return parsed.host.endsWith(pattern.slice(1));
    return parsed.host === hostOf(pattern);
  });
}

/** The parts of a link that patterns look at: scheme, host (sip:), and the number, if it is one. */
export function parseLink(link) {
  const match = /^(sips?|tel):\/*(.+)$/i.exec(String(link ?? "").trim());
  if (!match) return undefined;
  const scheme = match[1].toLowerCase();
  if (scheme === "tel") {
    return { scheme, number: asNumber(match[2].split(";")[0]) };
  }
  // RFC 3261 §19.1.1: sip:user:password@host:port;uri-parameters?headers
  const rest = match[2].split("?")[0];
  const at = rest.lastIndexOf("@");
  const user = at < 0 ? undefined : rest.slice(0, at).split(/[:;]/)[0];
  const hostPort = (at < 0 ? rest : rest.slice(at + 1)).split(";")[0];
  const host = hostPort.startsWith("[") ? hostPort.slice(0, hostPort.indexOf("]") + 1) : hostPort.split(":")[0];
  return { scheme, host: hostOf(host), number: user === undefined ? undefined : asNumber(decode(user)) };
}

function numberMatches(pattern, number) {
  return pattern.endsWith("*") ? number.startsWith(pattern.slice(0, -1)) : number === pattern;
}

function asNumber(text) {
  const digits = String(text).replace(VISUAL_SEPARATORS, "");
  return /^\+?[0-9*#]+$/.test(digits) ? digits : undefined;
}

function hostOf(text) {
  return text ? String(text).trim().toLowerCase().replace(/\.$/, "") : undefined;
}

function decode(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
