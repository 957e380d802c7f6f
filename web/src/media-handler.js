// The media seam (architecture.md, "Calls and media"): a SIP.js sessionDescriptionHandlerFactory
// whose handlers ask Java for every SDP. The WebView has no WebRTC; each handler's media is one
// CallMedia (one RTCPeerConnection) in Java, reached with `media-request`s answered by
// `media-response`s. Audio never passes through here, only SDP text and small results.
//
// SIP.js calls getDescription for an offer *and* for an answer, and setDescription for an offer
// *and* an answer; which one it means follows from the offer/answer state (RFC 3264), tracked here:
//   getDescription with a remote offer pending -> "answer", otherwise -> "offer" (this also makes a
//     fresh offer for a re-INVITE without SDP, RFC 3261 §14.2);
//   setDescription with a local offer pending  -> remote "answer", otherwise -> remote "offer".
// Hold is a flag in the options (SIP.js passes {hold: true}); the SDP direction it means is chosen
// by Java (media HoldDirections, RFC 3264 §8.4).
// Java runs one call's requests in the order they came, each after the one before: so a remote
// offer's `set-remote` is not waited for before its `answer` is asked (SIP.js asks for the answer
// right after setting the offer), and answering costs one page <-> Java round trip, not two.

import { systemClock } from "./clock.js";

/** A request Java has not answered in this long is failed, so no call waits forever on a lost answer. */
export const MEDIA_REQUEST_TIMEOUT_MS = 20_000;

/**
 * The request/response side of the bridge for media: `request(op, call, params)` resolves with the
 * result or rejects with Java's error; `media-event`s go to the listener registered for the call.
 */
export function createMediaClient({ bridge, clock = systemClock, timeoutMs = MEDIA_REQUEST_TIMEOUT_MS }) {
  let seq = 0;
  const pending = new Map();
  const eventListeners = new Map();
  const prefix = `m${Date.now().toString(36)}`;

  bridge.on("media-response", (msg) => {
    const entry = pending.get(msg.id);
    if (!entry) return;
    pending.delete(msg.id);
    clock.clearTimeout(entry.timer);
    if (msg.ok) entry.resolve(msg.result || {});
    else entry.reject(new Error(msg.error || `media ${entry.op} failed`));
  });
  bridge.on("media-event", (msg) => {
    const listener = eventListeners.get(msg.call);
    if (listener) listener(msg.event, msg.detail);
  });

  return {
    request(op, call, params = {}) {
      const id = `${prefix}-${++seq}`;
      return new Promise((resolve, reject) => {
        const timer = clock.setTimeout(() => {
          pending.delete(id);
          reject(new Error(`media ${op}: no answer from the media engine within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve, reject, timer, op });
        bridge.send({ type: "media-request", id, op, call, params });
      });
    },
    onEvent(call, listener) {
      eventListeners.set(call, listener);
      return () => eventListeners.delete(call);
    },
    get pendingRequests() {
      return pending.size;
    },
  };
}

let handlerSeq = 0;

/**
 * One SIP.js session's (or early dialog's) media, in Java. Implements SIP.js's
 * SessionDescriptionHandler; the extra `dtmf`, `mute`, `stats` and `onMediaEvent` serve the call
 * manager.
 */
export class BridgeSessionDescriptionHandler {
  #client;
  #log;
  /** Operations run one after another, in the order SIP.js asked for them. */
  #queue;
  /** null | "local-offer" | "remote-offer": the pending half of an offer/answer exchange. */
  #pending = null;
  /** The `set-remote` of the remote offer pending (its answer is asked for without waiting for it). */
  #remoteOffer = null;
  #lastRemoteAnswer = null;
  #closed = false;
  #listeners = new Set();
  #stopEvents;

  /**
   * @param {object} o
   * @param {object} o.client the media client
   * @param {object} o.session the SIP.js session it serves
   * @param {object} o.media `create` params: account, iceServers, iceTransportPolicy, iceGatheringTimeoutMs,
   *   codecs (the profile's audio codec order)
   */
  constructor({ client, session, media, logger }) {
    this.id = `sdh-${Date.now().toString(36)}-${++handlerSeq}`;
    this.session = session;
    this.#client = client;
    this.#log = logger;
    this.#stopEvents = client.onEvent(this.id, (event, detail) => this.#emit(event, detail));
    client
      .request("create", this.id, media)
      .catch((error) => this.#log?.error(`media for ${this.id} could not be created: ${error.message}`));
    // Java runs a call's requests after its creation (and fails them if it failed), so the first
    // operation goes without waiting for the reply: one page <-> Java round trip less per call set-up.
    this.#queue = Promise.resolve();
  }

  get closed() {
    return this.#closed;
  }

  /** SIP.js: the local offer or answer, as {body, contentType}. */
  getDescription(options = {}) {
    const hold = Boolean(options?.hold);
    const iceRestart = Boolean(options?.iceRestart || options?.offerOptions?.iceRestart);
    return this.#run(async () => {
      if (this.#pending === "remote-offer") {
        const offer = this.#remoteOffer.catch((error) => {
          // A refused offer leaves nothing pending, as if it had not been set.
          this.#pending = null;
          this.#remoteOffer = null;
          throw error;
        });
        const answer = this.#client.request("answer", this.id, { hold });
        answer.catch(() => {}); // when the offer failed, its error is the one reported
        const [, { sdp }] = await Promise.all([offer, answer]);
        this.#pending = null;
        this.#remoteOffer = null;
        return { body: sdp, contentType: "application/sdp" };
      }
      const { sdp } = await this.#client.request("offer", this.id, { hold, iceRestart });
      this.#pending = "local-offer";
      return { body: sdp, contentType: "application/sdp" };
    });
  }

  /** SIP.js: a remote offer or answer. */
  setDescription(sdp) {
    return this.#run(async () => {
      if (this.#pending === "local-offer") {
        await this.#client.request("set-remote", this.id, { type: "answer", sdp });
        this.#pending = null;
        this.#lastRemoteAnswer = sdp;
        return;
      }
      if (this.#pending === null && sdp === this.#lastRemoteAnswer) {
        // The 2xx repeating the answer already applied from a 18x (early media): nothing new.
        return;
      }
      const offer = this.#client.request("set-remote", this.id, { type: "offer", sdp });
      this.#pending = "remote-offer";
      this.#remoteOffer = offer;
      offer.catch(() => {}); // reported by the getDescription that follows (SIP.js asks for the answer next)
    });
  }

  hasDescription(contentType) {
    return contentType === "application/sdp";
  }

  /** SIP.js, when a re-INVITE is refused (e.g. 488, 491): back to the last agreed session. */
  rollbackDescription() {
    return this.#run(async () => {
      await this.#client.request("rollback", this.id);
      this.#pending = null;
    });
  }

  /**
   * SIP.js's synchronous DTMF hook (used by session.sessionDescriptionHandler.sendDtmf): starts RFC
   * 4733 tones and says true. The call manager uses dtmf() instead, which knows whether they went.
   */
  sendDtmf(tones, options = {}) {
    this.dtmf(tones, options).catch(() => {});
    return true;
  }

  /** RFC 4733 tones; resolves {sent}: false when telephone-event was not negotiated (use SIP INFO). */
  dtmf(tones, { duration = 160, interToneGap = 80 } = {}) {
    return this.#run(() => this.#client.request("dtmf", this.id, { tones, durationMs: duration, gapMs: interToneGap }));
  }

  mute(muted) {
    return this.#run(() => this.#client.request("mute", this.id, { muted: Boolean(muted) }));
  }

  /** Mixes this call's audio with another handler's call: a three-way call (Java's sound server). */
  merge(other) {
    return this.#run(() => this.#client.request("merge", this.id, { other: other.id }));
  }

  /** Undoes merge(): this call and the other one hear and send only their own audio again. */
  split() {
    return this.#run(() => this.#client.request("split", this.id));
  }

  /** {jitterMs, packetLossPct, rttMs, codec, mos?} */
  stats() {
    return this.#run(() => this.#client.request("stats", this.id));
  }

  /** `connected`, `disconnected`, `failed`: returns the unsubscribe function. */
  onMediaEvent(listener) {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** SIP.js, when the session ends: releases the peer connection in Java. Safe twice. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    // Queued behind what is running, so a late answer cannot recreate state after the close.
    const closing = this.#queue.catch(() => {}).then(() => this.#client.request("close", this.id));
    closing
      .catch((error) => this.#log?.warn(`closing media ${this.id}: ${error.message}`))
      .finally(() => this.#stopEvents());
    this.#listeners.clear();
  }

  #run(operation) {
    if (this.#closed) return Promise.reject(new Error(`media ${this.id} is closed`));
    const result = this.#queue.then(operation);
    this.#queue = result.catch(() => {});
    return result;
  }

  #emit(event, detail) {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event, detail);
      } catch (error) {
        this.#log?.error(`media event listener failed: ${error.message}`);
      }
    }
  }
}

/**
 * The factory for SIPAccountManager's `sessionDescriptionHandlerFactory`. SIP.js calls it with the
 * session and the UA's sessionDescriptionHandlerFactoryOptions, which the account manager fills with
 * the account's id and ICE settings. `onHandler(handler)` lets the call manager follow each one.
 */
export function createMediaHandlerFactory({ client, logger, onHandler = () => {} }) {
  const log = logger?.child ? logger.child("media") : logger;
  return (session, options = {}) => {
    const handler = new BridgeSessionDescriptionHandler({
      client,
      session,
      logger: log,
      media: {
        account: options.accountId || "",
        iceServers: options.peerConnectionConfiguration?.iceServers || [],
        iceTransportPolicy: options.peerConnectionConfiguration?.iceTransportPolicy || "all",
        iceGatheringTimeoutMs: options.iceGatheringTimeoutMs || 1000,
        codecs: options.codecs || [],
      },
    });
    try {
      onHandler(handler);
    } catch (error) {
      log?.error(`media handler listener failed: ${error.message}`);
    }
    return handler;
  };
}
