// The call manager's rules as plain functions of plain values (no SIP.js objects, no timers): the
// call states, what the UI and Java see of a call, how a dial target becomes a SIP URI and which
// account it goes from, why a call ended, the far end's hold from its SDP, DTMF tones, and the
// per-account settings of the config message.

import { LIMITS, clipText, clipUri } from "./call-event-limits.js";

export const CallState = Object.freeze({
  RINGING: "ringing", // inbound, not answered yet
  DIALING: "dialing", // outbound INVITE sent
  RINGBACK: "ringback", // outbound, the far end rings (18x), maybe with early media
  ESTABLISHED: "established",
  ENDED: "ended",
});

/**
 * A new inbound call's fields from its INVITE (SIP.js's Invitation). From and To are the caller's
 * to choose: clipped here, so the card, Java's call board and the call's events all see the same
 * safe text (call-event-limits.js).
 */
export function inboundCall(accountId, settings, invitation) {
  return {
    accountId,
    settings,
    direction: "inbound",
    state: CallState.RINGING,
    remoteUri: clipUri(invitation.remoteIdentity?.uri?.toString() || ""),
    remoteDisplayName: clipText(unquote(invitation.remoteIdentity?.displayName || ""), LIMITS.displayName),
    localUri: clipUri(invitation.localIdentity?.uri?.toString() || `sip:${settings.extension}@${settings.domain}`),
    remoteUserAgent: farEndHeader(invitation.request, "User-Agent"),
  };
}

/** A new outbound call's fields: the remote URI as dialled (or as the far end's REFER named it, clipped). */
export function outboundCall(accountId, settings, remoteUri) {
  return {
    accountId,
    settings,
    direction: "outbound",
    state: CallState.DIALING,
    remoteUri: clipUri(remoteUri),
    remoteDisplayName: "",
    localUri: `sip:${settings.extension}@${settings.domain}`,
  };
}

/** What the UI and Java see of a call (no SIP.js objects). */
export function callView(call) {
  return {
    callId: call.id,
    account: call.accountId,
    extension: call.settings?.extension,
    direction: call.direction,
    remote: call.remoteUri,
    remoteDisplayName: call.remoteDisplayName,
    state: call.state,
    waiting: Boolean(call.waiting),
    held: call.held,
    remoteHeld: call.remoteHeld,
    muted: call.muted,
    media: call.media,
    signalling: call.signalling,
    restores: call.restores,
    reason: call.reason,
    sipStatus: call.sipStatus,
    endedBy: call.endedBy,
    unavailable: call.unavailable,
    detail: call.detail,
    notice: call.notice,
    quality: call.quality,
    createdAt: call.createdAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
    transferredTo: call.transferredTo,
    transfer: call.transfer,
    consultFor: call.consultFor,
    consultCall: call.consultCall,
    conference: call.conference,
    replaces: call.replaces,
    referredBy: call.referredBy,
    autoAnswerAtOnce: Boolean(call.autoAnswerAtOnce),
  };
}

// ---------------------------------------------------------------- dialling

/**
 * The SIP URI text a dial target stands for: a SIP(S) URI as given, `user@host` as a sip: URI, a
 * number (or tel: URI) with its visual separators removed at the account's domain; undefined for
 * anything else.
 */
export function dialUriText(target, domain) {
  const text = String(target ?? "").trim();
  if (/^sips?:/i.test(text)) return text;
  if (/^[^\s@]+@[^\s@]+$/.test(text)) return `sip:${text}`;
  if (/^(tel:)?\+?[0-9*#][0-9*#().\- ]*$/i.test(text)) {
    return `sip:${text.replace(/^tel:/i, "").replace(/[().\- ]/g, "")}@${domain}`;
  }
  return undefined;
}

/**
 * The SIP.js URI a dial or transfer target (number or SIP URI) stands for.
 * @param {object} sip the SIP.js namespace (UserAgent.makeURI)
 * @throws {Error} for a target that is no number or SIP URI
 */
export function targetUri(sip, target, domain) {
  const uriText = dialUriText(target, domain);
  const uri = uriText && sip.UserAgent.makeURI(uriText);
  if (!uri) throw new Error(`"${target}" is not a number or a SIP URI.`);
  return uri;
}

/**
 * The account a dial goes from: the wanted one by id (`profile/ext`) or extension, else the first
 * registered one; undefined when there is none.
 */
export function chooseAccount(ids, wanted, isRegistered) {
  if (wanted) return ids.find((id) => id === wanted || id.endsWith(`/${wanted}`));
  return ids.find((id) => isRegistered(id));
}

/** Why a dial cannot go out now (no such account, or it is not registered). */
export function cannotDialMessage(accountId, wanted) {
  if (accountId) return `Account ${accountId} is not registered: cannot call now.`;
  return wanted ? `No account "${wanted}".` : "No registered account to call from.";
}

// ---------------------------------------------------------------- ending

/**
 * Why a call ended that no one on this side ended on purpose.
 * @param {object} o
 * @param {boolean} o.wasEstablished it had been answered
 * @param {"inbound"|"outbound"} o.direction
 * @param {boolean} [o.canceled] an inbound call the caller cancelled (CANCEL)
 * @param {{sipStatus?: number, reasonPhrase?: string}} [o.final] an outbound call's final response
 */
export function endReason({ wasEstablished, direction, canceled, final }) {
  if (wasEstablished) return { reason: "completed", endedBy: "remote" };
  if (direction === "inbound") {
    // Never answered and not refused by us: the caller gave up (CANCEL), or the PBX did.
    return { reason: "missed", endedBy: "remote", sipStatus: canceled ? 487 : undefined };
  }
  const status = final?.sipStatus;
  if (status === 486 || status === 600) return { reason: "busy", endedBy: "remote", sipStatus: status };
  if (status === 603) return { reason: "rejected", endedBy: "remote", sipStatus: status };
  if (status === 487) return { reason: "cancelled", endedBy: "local", sipStatus: status };
  const text = status ? `${status} ${final.reasonPhrase || ""}`.trim() : "No answer from the PBX";
  return { reason: "failed", endedBy: "remote", sipStatus: status, detail: text };
}

// ---------------------------------------------------------------- SIP text

/** The first audio section's direction attribute (or the session's), "sendrecv" by default. */
export function sdpDirection(sdp) {
  if (typeof sdp !== "string" || !sdp) return undefined;
  const lines = sdp.split(/\r?\n/);
  const audioAt = lines.findIndex((l) => l.startsWith("m=audio"));
  const pick = (from, to) =>
    lines
      .slice(from, to)
      .map((l) => l.trim())
      .find((l) => /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(l));
  const sessionLevel = pick(0, audioAt < 0 ? lines.length : audioAt);
  let mediaLevel;
  if (audioAt >= 0) {
    const next = lines.findIndex((l, i) => i > audioAt && l.startsWith("m="));
    mediaLevel = pick(audioAt + 1, next < 0 ? lines.length : next);
  }
  const found = mediaLevel || sessionLevel;
  return found ? found.slice(2) : "sendrecv";
}

/** A far end that offers sendonly or inactive puts this side on hold (RFC 3264 §8.4). */
export function holdsUs(direction) {
  return direction === "sendonly" || direction === "inactive";
}

/**
 * A display name as the caller meant it: SIP.js strips a quoted-string's quotes but keeps its
 * quoted-pairs (RFC 3261 §25.1: `\"` stands for `"`), which a token name cannot contain.
 */
export function unquote(name) {
  return String(name).replace(/\\([\s\S])/g, (pair, char) => (isQuotable(char) ? char : pair));
}

/** quoted-pair = "\\" (%x00-09 / %x0B-0C / %x0E-7F): any ASCII character but CR and LF. */
function isQuotable(char) {
  const code = char.charCodeAt(0);
  return code <= 0x7f && code !== 0x0a && code !== 0x0d;
}

/**
 * The first of `names` present in a SIP message (SIP.js's IncomingRequest/IncomingResponse, or its
 * `message`), as the far end sent it; undefined when none is. Clipped where it leaves the page.
 */
export function farEndHeader(message, ...names) {
  const incoming = message?.getHeader ? message : message?.message;
  for (const name of names) {
    const value = incoming?.getHeader?.(name);
    if (typeof value === "string" && value.trim()) return value;
  }
  return undefined;
}

/** A response's reason phrase (RFC 3261 §7.2: any text the far end likes), safe to show. */
export function reasonPhrase(response) {
  return clipText(String(response?.message?.reasonPhrase || ""), LIMITS.displayName);
}

/** DTMF digits as tones to send (upper case); throws an Error naming digits that are no tones. */
export function dtmfTones(digits) {
  const tones = String(digits).toUpperCase();
  if (!/^[0-9A-D*#]+$/.test(tones)) throw new Error(`DTMF: "${digits}" is not 0-9, A-D, * or #.`);
  return tones;
}

// ---------------------------------------------------------------- settings

/**
 * The call settings of the config message: auto-answer delays in seconds (the command line's for
 * every account first, then each account's profile), whether a caller's own auto-answer request is
 * honoured, and each account's REFER policy.
 */
export function callSettings(config) {
  const accounts = config?.accounts || [];
  const global = Number.isInteger(config?.autoAnswerSeconds) ? config.autoAnswerSeconds : null;
  const byAccount = new Map(
    accounts.filter((a) => Number.isInteger(a.autoAnswerSeconds)).map((a) => [a.id, a.autoAnswerSeconds]),
  );
  const refer = new Map(accounts.map((a) => [a.id, a.refer]));
  const headerAutoAnswer = new Set(accounts.filter((a) => a.headerAutoAnswer === true).map((a) => a.id));
  return {
    autoAnswerSeconds: (accountId) => global ?? byAccount.get(accountId),
    /** The profile honours a caller's own auto-answer request (Call-Info / Alert-Info). */
    honoursAnswerRequest: (accountId) => headerAutoAnswer.has(accountId),
    acceptsRefer: (accountId) => refer.get(accountId) === "accept",
  };
}
