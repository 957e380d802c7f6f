// The calls not yet ended, each followed from created to ended: its SIP.js session's state
// changes, the far end's hold seen in its re-INVITEs, the media stats read before the media closes,
// and the call events (created -> answered -> ended, in that order, once) reported through the
// injected `events` object (call-events.js). Every end is clean: a reason (completed, missed,
// rejected, busy, cancelled, failed), the SIP status when there was one, who ended it, the stats,
// and, for a transferred call, the transfer's kind and target.
// A call tracked `quiet` (one answered the moment it arrives) keeps its views and events back, in
// order, until `release`: nothing is rendered and nothing goes to Java before its 200 OK is out, so
// the FX thread, which runs both the page and its bridge, spends the time on the answer instead.

import { CallState, callView, endReason, farEndHeader, holdsUs, sdpDirection } from "./call-rules.js";

export class CallTable {
  #sip;
  #events;
  #clock;
  #log;
  #onChange;
  #makeId;
  #transportUp;
  #onEnd;
  #calls = new Map();
  #bySession = new Map();
  // call -> what it reported while quiet (functions, run in order on release)
  #held = new Map();

  /**
   * @param {object} o
   * @param {object} o.sip the SIP.js namespace (its SessionState)
   * @param {object} o.events call events: created(call), answered(callId), ended(callId, info)
   * @param {(call: object) => void} o.onChange every change of a call, as its view
   * @param {() => string} o.makeId a new call's id
   * @param {(call: object) => boolean} o.transportUp the call's account has a connected transport
   * @param {(call: object) => void} o.onEnd the call ended: drop its timers
   */
  constructor({ sip, events, clock, logger, onChange, makeId, transportUp, onEnd }) {
    this.#sip = sip;
    this.#events = events;
    this.#clock = clock;
    this.#log = logger;
    this.#onChange = onChange;
    this.#makeId = makeId;
    this.#transportUp = transportUp;
    this.#onEnd = onEnd;
  }

  /** Every call not yet ended, oldest first. */
  all() {
    return [...this.#calls.values()];
  }

  /** The call with this id, or undefined. */
  find(callId) {
    return this.#calls.get(callId);
  }

  /** The call with this id; throws when there is none. */
  get(callId) {
    const call = this.#calls.get(callId);
    if (!call) throw new Error(`No call ${callId}.`);
    return call;
  }

  bySession(session) {
    return this.#bySession.get(session);
  }

  /**
   * Follows a new call's session and reports it created.
   * @param {object} session the SIP.js Invitation or Inviter
   * @param {object} fields accountId, settings, direction, state, remoteUri, remoteDisplayName, localUri
   * @param {object} extra more fields of the call (referredBy)
   * @param {(call: object, referral: object) => unknown} onRefer answers the far end's REFER
   * @param {{quiet?: boolean}} [options] quiet: views and events wait for release(call)
   */
  track(
    session,
    { accountId, settings, direction, state, remoteUri, remoteDisplayName, localUri, remoteUserAgent },
    extra,
    onRefer,
    { quiet = false } = {},
  ) {
    const call = {
      ...extra,
      id: this.#makeId(),
      accountId,
      settings,
      direction,
      state,
      remoteUri,
      remoteDisplayName,
      localUri,
      remoteUserAgent,
      remoteReason: undefined,
      session,
      held: false,
      remoteHeld: false,
      muted: false,
      media: "new",
      signalling: "ok",
      restores: 0,
      createdAt: this.#clock.now(),
      answeredAt: null,
      endedAt: null,
    };
    this.#calls.set(call.id, call);
    this.#bySession.set(session, call);
    if (quiet) this.#held.set(call, []);
    session.delegate = {
      ...session.delegate,
      onInvite: (request) => this.#onRemoteReinvite(call, request),
      onInfo: (info) => info.accept?.(),
      onRefer: (referral) => onRefer(call, referral),
      // The far end hung up (BYE) or gave up ringing (CANCEL): what its Reason header (RFC 3326)
      // and User-Agent say goes into the call's end. SIP.js leaves accepting the BYE to this delegate.
      onBye: (bye) => {
        this.#farEndEnded(call, bye?.request);
        bye?.accept?.();
      },
      onCancel: (cancel) => this.#farEndEnded(call, cancel?.request),
    };
    session.stateChange.addListener((sessionState) => this.#onSessionState(call, sessionState));
    this.#report(call, () =>
      this.#events.created({
        at: call.createdAt,
        callId: call.id,
        direction,
        account: settings.extension,
        profile: settings.profile,
        localUri,
        remoteUri,
        remoteDisplayName: remoteDisplayName || undefined,
      }),
    );
    this.#log?.info(
      `${direction} call ${call.id} on ${accountId} ${direction === "inbound" ? "from" : "to"} ${remoteUri}`,
    );
    return call;
  }

  #farEndEnded(call, request) {
    call.remoteReason = farEndHeader(request, "Reason") ?? call.remoteReason;
    call.remoteUserAgent ??= farEndHeader(request, "User-Agent");
  }

  /** The far end's User-Agent, or its response's Server header (RFC 3261 §20.35, §20.41), if not known yet. */
  noteFarEnd(call, response) {
    call.remoteUserAgent ??= farEndHeader(response, "Server", "User-Agent");
  }

  /** Applies changes to a call and reports its new view. */
  update(call, changes) {
    Object.assign(call, changes);
    this.announce(call);
  }

  /** Reports the call's view as it is now (held back while the call is quiet). */
  announce(call) {
    const view = callView(call);
    const held = this.#held.get(call);
    if (held) held.push(() => this.#onChange(view));
    else this.#onChange(view);
  }

  /** A quiet call speaks: what it held back goes out in order, and from now on at once. */
  release(call) {
    const held = this.#held.get(call);
    this.#held.delete(call);
    for (const report of held || []) report();
  }

  /** Ends a call because something failed; the detail is what the user is shown. */
  fail(call, detail, sipStatus, byMedia = false) {
    if (call.state === CallState.ENDED) return;
    call.endedAs = { reason: "failed", endedBy: byMedia ? "local" : "remote", sipStatus, detail };
    this.#log?.warn(`call ${call.id}: ${detail}`);
    const session = call.session;
    if (session.state === this.#sip.SessionState.Established && this.#transportUp(call)) {
      this.readStats(call).then(() => session.bye().catch(() => session.dispose()));
    } else if (session.state !== this.#sip.SessionState.Terminated) {
      Promise.resolve(session.dispose()).catch(() => {});
    }
  }

  /** Reads the call's media stats (kept as its quality) while its media is open. */
  async readStats(call) {
    const handler = call.session.sessionDescriptionHandler;
    if (!handler || handler.closed) return call.quality;
    try {
      call.quality = await handler.stats();
    } catch (error) {
      this.#log?.debug(`stats of ${call.id}: ${error.message}`);
    }
    return call.quality;
  }

  #onSessionState(call, state) {
    if (state === this.#sip.SessionState.Established && call.state !== CallState.ESTABLISHED) {
      call.answeredAt = this.#clock.now();
      this.update(call, { state: CallState.ESTABLISHED, waiting: false });
      this.#report(call, () => this.#events.answered(call.id, { at: call.answeredAt }));
    } else if (state === this.#sip.SessionState.Terminated) {
      if (call.direction === "outbound" && call.state !== CallState.ESTABLISHED && !call.endedAs) {
        // SIP.js terminates an Inviter *before* it calls requestDelegate.onReject with the final
        // response: decide after that, to know the status (486 busy, 480, ...).
        queueMicrotask(() => this.#ended(call));
      } else {
        this.#ended(call);
      }
    }
  }

  /** The far end's re-INVITE: its SDP direction tells whether it holds us (RFC 3264 §8.4). */
  #onRemoteReinvite(call, request) {
    const direction = sdpDirection(request?.body);
    if (direction) this.update(call, { remoteHeld: holdsUs(direction) });
  }

  #ended(call) {
    if (call.state === CallState.ENDED) return;
    const wasEstablished = call.state === CallState.ESTABLISHED;
    const info =
      call.endedAs ||
      endReason({ wasEstablished, direction: call.direction, canceled: call.session.isCanceled, final: call.final });
    // SIP.js closes the media right after this state change: read the stats first (queued before the close).
    const stats = call.quality
      ? Promise.resolve(call.quality)
      : wasEstablished
        ? this.readStats(call)
        : Promise.resolve(undefined);
    this.#onEnd(call);
    call.endedAt = this.#clock.now();
    this.#bySession.delete(call.session);
    this.#calls.delete(call.id);
    this.update(call, { state: CallState.ENDED, ...info });
    this.#log?.info(
      `call ${call.id} ended: ${info.reason}${info.sipStatus ? ` (${info.sipStatus})` : ""}, by ${info.endedBy}`,
    );
    stats.then((quality) => {
      if (quality) this.update(call, { quality });
      this.#report(call, () =>
        this.#events.ended(call.id, {
          reason: info.reason,
          sipStatus: info.sipStatus,
          endedBy: info.endedBy,
          quality: quality || undefined,
          ...(call.remoteUserAgent !== undefined ? { remoteUserAgent: call.remoteUserAgent } : {}),
          ...(call.remoteReason !== undefined ? { remoteReason: call.remoteReason } : {}),
          ...(info.unavailable ? { unavailable: info.unavailable } : {}),
          ...(call.transfer ? { transfer: call.transfer } : {}),
        }),
      );
    });
  }

  /** The events module must never break a call; a quiet call's reports wait for its release. */
  #report(call, fn) {
    const held = call && this.#held.get(call);
    if (held) {
      held.push(() => this.#report(undefined, fn));
      return;
    }
    try {
      fn();
    } catch (error) {
      this.#log?.error(`call event failed: ${error.message}`);
    }
  }
}
