// Call events (architecture.md "Call events"): the one object the call code reports to.
// It owns the call ids (UUID v4 from crypto.getRandomValues: the WebView has no randomUUID), the
// event times (taken when the call code reports, i.e. when it happened) and the per-call order:
// created -> answered? -> ended -> wrapup, each once. Every event goes to Java as a `call-event`
// message; Java stores it durably before the bridge call returns, then delivers it to the backend.
// After `ended` the wrap-up starts: onWrapUpStart shows the form; submitting it calls wrapup(),
// and the profile's wrap-up timer sends what the form holds when it expires. What the form holds is
// also sent to Java as `wrapup-draft` (debounced), which keeps it durably: if the app quits or dies
// before the form is done, Java sends it as the call's wrap-up.

import { LIMITS, clipText, clipUri } from "./call-event-limits.js";
import { systemClock } from "./clock.js";
import { uuidV4 } from "./uuid.js";

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const END_REASONS = new Set(["completed", "missed", "rejected", "busy", "cancelled", "failed"]);
const TRANSFER_KINDS = new Set(["blind", "attended"]);
/** Typing pauses this long before the form's content goes to Java (one SQLite write per pause, not per key). */
export const DRAFT_DEBOUNCE_MS = 500;

/**
 * @param {object} o
 * @param {{send(msg: object): void}} o.bridge
 * @param {object} [o.clock] now / setTimeout / clearTimeout
 * @param {object} [o.crypto] getRandomValues
 * @param {object} [o.logger]
 * @param {(profile: string) => {seconds: number, dispositions: string[]}} [o.wrapUpSettings]
 * @param {(wrapUp: object, about: {account: string}) => void} [o.onWrapUpStart] {callId, remote,
 *   dispositions, deadline|null}, and whose call it was (the account's id, for after-call work)
 * @param {(callId: string) => void} [o.onWrapUpEnd]
 * @param {(callId: string, why: string) => void} [o.onNotDelivered] Java refused one of the call's
 *   events: the call will not reach the records unless an administrator acts (shown, once per call)
 */
export function createCallEvents({
  bridge,
  clock = systemClock,
  crypto = globalThis.crypto,
  logger,
  wrapUpSettings = () => ({ seconds: 0, dispositions: [] }),
  onWrapUpStart = () => {},
  onWrapUpEnd = () => {},
  onNotDelivered = () => {},
}) {
  const log = logger?.child ? logger.child("call-events") : logger;
  // callId -> {stage: created|answered|ended|done, profile, remote, timer, draft, draftTimer}
  const calls = new Map();

  const notDelivered = new Set();

  /** `at`: when it happened, if that was before now (a report that waited for the call's 200 OK). */
  function send(event, callId, fields, at) {
    bridge.send(
      { type: "call-event", event, callId, at: Number.isFinite(at) ? at : clock.now(), ...fields },
      {
        onRefused: (why) => {
          log?.error(`${event} of call ${callId} was not stored: ${why}`);
          if (notDelivered.has(callId)) return;
          notDelivered.add(callId);
          onNotDelivered(callId, why);
        },
      },
    );
  }

  function known(callId, event) {
    const call = calls.get(callId);
    if (!call) log?.warn(`${event} for unknown call ${callId}: not reported`);
    return call;
  }

  function finishWrapUp(callId, call, { disposition, notes } = {}, formShown = true) {
    if (call.timer) clock.clearTimeout(call.timer);
    if (call.draftTimer) clock.clearTimeout(call.draftTimer); // the wrap-up itself replaces the draft
    call.stage = "done";
    calls.delete(callId);
    send("wrapup", callId, { ...text("disposition", disposition), ...text("notes", notes) });
    if (formShown) onWrapUpEnd(callId);
  }

  return {
    /**
     * A call started: inbound when its INVITE arrived, outbound before the INVITE goes out.
     * @param {object} call {callId?, direction, account, profile, localUri, remoteUri, remoteDisplayName?,
     *   at?: when it was created, if not now}
     * @returns {string} the call's id (call.callId when it is a UUID v4, else a new one)
     */
    created(call) {
      const callId = typeof call.callId === "string" && UUID_V4.test(call.callId) ? call.callId : uuidV4(crypto);
      if (calls.has(callId)) {
        log?.warn(`created twice for call ${callId}: reported once`);
        return callId;
      }
      // The far end chose the name and URIs: clipped to the contract, so Java never refuses the call for them.
      const remoteDisplayName = text("remoteDisplayName", clipText(call.remoteDisplayName, LIMITS.displayName));
      const remoteUri = clipUri(call.remoteUri);
      calls.set(callId, {
        stage: "created",
        // The account's id as the page and Java name it (Account.id(): profile/extension).
        accountId: `${call.profile}/${call.account}`,
        profile: call.profile,
        remote: remoteDisplayName.remoteDisplayName || remoteUri,
      });
      send(
        "created",
        callId,
        {
          direction: call.direction,
          account: call.account,
          profile: call.profile,
          localUri: clipUri(call.localUri),
          remoteUri,
          ...remoteDisplayName,
        },
        call.at,
      );
      return callId;
    },

    /** @param {{at?: number}} [when] when it was answered, if not now */
    answered(callId, { at } = {}) {
      const call = known(callId, "answered");
      if (!call || call.stage !== "created") return;
      call.stage = "answered";
      send("answered", callId, {}, at);
    },

    /**
     * @param {{reason, sipStatus?, endedBy, quality?, remoteUserAgent?, remoteReason?, unavailable?, transfer?: {kind, target}}} info
     *   remoteUserAgent, remoteReason as the far end's headers had them (User-Agent or Server; Reason,
     *   RFC 3326): clipped here; unavailable: the phone refused the call itself (dnd, after-call-work):
     *   there is nothing to wrap up, so no form opens; transfer: how a transferred call was handed on
     */
    ended(callId, { reason, sipStatus, endedBy, quality, remoteUserAgent, remoteReason, unavailable, transfer } = {}) {
      const call = known(callId, "ended");
      if (!call || (call.stage !== "created" && call.stage !== "answered")) return;
      call.stage = "ended";
      if (!END_REASONS.has(reason)) log?.warn(`call ${callId} ended with unknown reason "${reason}"`);
      send("ended", callId, {
        reason,
        endedBy,
        ...(Number.isInteger(sipStatus) && sipStatus >= 100 && sipStatus <= 699 ? { sipStatus } : {}),
        ...qualityOf(quality, (why) => log?.warn(`call ${callId}: quality left out (${why})`)),
        ...text("remoteUserAgent", clipText(remoteUserAgent, LIMITS.userAgent)),
        ...text("remoteReason", clipText(remoteReason, LIMITS.reasonHeader)),
        ...(unavailable ? { unavailable } : {}),
        ...transferOf(transfer, (why) => log?.warn(`call ${callId}: transfer left out (${why})`)),
      });
      if (unavailable) {
        finishWrapUp(callId, call, {}, false);
        return;
      }
      const settings = wrapUpSettings(call.profile) || {};
      const seconds = Number.isFinite(settings.seconds) && settings.seconds > 0 ? settings.seconds : 0;
      if (seconds > 0) {
        call.timer = clock.setTimeout(() => {
          if (calls.get(callId) === call && call.stage === "ended") finishWrapUp(callId, call, call.draft);
        }, seconds * 1000);
      }
      onWrapUpStart(
        {
          callId,
          remote: call.remote,
          dispositions: Array.isArray(settings.dispositions) ? settings.dispositions : [],
          deadline: seconds > 0 ? clock.now() + seconds * 1000 : null,
        },
        { account: call.accountId },
      );
    },

    /** The agent submitted the wrap-up form (or the call code ends it). */
    wrapup(callId, values = {}) {
      const call = known(callId, "wrapup");
      if (!call || call.stage !== "ended") return;
      finishWrapUp(callId, call, values);
    },

    /** What the form holds now: sent as it is if the timer expires, and kept by Java (debounced). */
    draft(callId, values = {}) {
      const call = calls.get(callId);
      if (!call || call.stage !== "ended") return;
      call.draft = values;
      const at = clock.now();
      if (call.draftTimer) clock.clearTimeout(call.draftTimer);
      call.draftTimer = clock.setTimeout(() => {
        call.draftTimer = null;
        bridge.send({
          type: "wrapup-draft",
          callId,
          at,
          ...text("disposition", values.disposition),
          ...text("notes", values.notes),
        });
      }, DRAFT_DEBOUNCE_MS);
    },

    /** Calls not finished yet (for tests and diagnostics). */
    get open() {
      return [...calls.keys()];
    },
  };
}

function text(field, value) {
  return typeof value === "string" && value.trim() ? { [field]: value.trim() } : {};
}

/**
 * A transferred call's transfer: its kind (blind, attended) and target (a URI, clipped to the
 * contract: an attended transfer's target is the consulted party's URI).
 */
function transferOf(transfer, warn) {
  if (!transfer) return {};
  const target = clipUri(transfer.target);
  if (!TRANSFER_KINDS.has(transfer.kind) || typeof target !== "string" || !target.trim()) {
    warn(`incomplete: ${JSON.stringify(transfer)}`);
    return {};
  }
  return { transfer: { kind: transfer.kind, target } };
}

/**
 * The media stats, when complete: the backend needs jitter, loss, RTT and codec together, and a
 * bad quality must not cost the whole `ended` event (Java would refuse it).
 */
function qualityOf(quality, warn) {
  if (!quality) return {};
  const number = (v, min, max) => typeof v === "number" && Number.isFinite(v) && v >= min && v <= max;
  const { jitterMs, packetLossPct, rttMs, mos } = quality;
  const codec = clipText(quality.codec, LIMITS.codec); // named in the far end's SDP
  if (
    !number(jitterMs, 0, 1e6) ||
    !number(packetLossPct, 0, 100) ||
    !number(rttMs, 0, 1e6) ||
    typeof codec !== "string" ||
    !codec.trim()
  ) {
    warn(`incomplete: ${JSON.stringify(quality)}`);
    return {};
  }
  return { quality: { jitterMs, packetLossPct, rttMs, codec, ...(number(mos, 1, 5) ? { mos } : {}) } };
}
