// The page's calls: SIP.js sessions of every account, their
// state for the UI and Java, and the call events (architecture.md "Call events") reported through
// the injected `events` object (call-events.js): created -> answered -> ended, in that order, once.
//
// Signalling is SIP.js's; media is the bridge handler's (media-handler.js). What this file adds:
//   inbound ringing / answer / reject (486, 603) / caller cancel = missed; call waiting (answering a
//   second call holds the first); auto-answer after the account's delay;
//   outbound dial (number or SIP URI), ringback / early media, cancel before answer;
//   hold/resume by re-INVITE and the remote's hold seen from its SDP; mute; DTMF (RFC 4733, SIP
//   INFO when not negotiated); blind transfer (REFER); the far end's REFER refused with 603, or, when
//   the profile accepts it, placed as a call of its own (never followed unseen);
//   491 on our re-INVITE -> retried after the RFC 3261 §14.1 delay; other refusals leave the call as
//   it was (SIP.js rolls the offer back through the handler);
//   the account's WebSocket drops mid-call -> the call is kept, and restored with an ICE-restart
//   re-INVITE once the account is registered again; media lost -> one ICE restart, then the call ends;
//   every end is clean: a reason (completed, missed, rejected, busy, cancelled, failed), the SIP
//   status when there was one, who ended it, and the media stats read before the media closed.

import { LIMITS, clipText, clipUri } from "./call-event-limits.js";
import { systemClock } from "./clock.js";
import { uuidV4 } from "./uuid.js";

export const CallState = Object.freeze({
  RINGING: "ringing", // inbound, not answered yet
  DIALING: "dialing", // outbound INVITE sent
  RINGBACK: "ringback", // outbound, the far end rings (18x), maybe with early media
  ESTABLISHED: "established",
  ENDED: "ended",
});

/** How long a dial waits for its account to register (a `deskphone dial` that started the app). */
export const DIAL_WAIT_MS = 60_000;
/** How long a call with lost media waits for an ICE restart to bring it back. */
export const MEDIA_RECOVERY_MS = 10_000;

const SIP_INFO_DTMF_MS = 160;

/** A no-op events object: calls work without the events module (and when it throws). */
export const NO_EVENTS = Object.freeze({ created() {}, answered() {}, ended() {}, wrapup() {} });

export class CallManager {
  #sip;
  #accounts;
  #events;
  #clock;
  #random;
  #log;
  #onChange;
  #makeId;
  #calls = new Map();
  #bySession = new Map();
  #autoAnswer = { global: null, byAccount: new Map() };
  #referPolicy = new Map();
  #pendingDials = [];
  #accountStates = new Map();

  /**
   * @param {object} o
   * @param {object} o.sip the SIP.js namespace (Inviter, SessionState, UserAgent.makeURI)
   * @param {object} o.accounts the SIPAccountManager (userAgent(id), account(id), state(id), accountIds())
   * @param {object} [o.events] call events: created(call), answered(callId), ended(callId, info), wrapup
   * @param {(call: object) => void} [o.onChange] every change of a call (UI, Java's call board)
   */
  constructor({ sip, accounts, events = NO_EVENTS, clock = systemClock, random = Math.random, logger,
    onChange = () => {}, makeId = () => uuidV4() }) {
    this.#sip = sip;
    this.#accounts = accounts;
    this.#events = events || NO_EVENTS;
    this.#clock = clock;
    this.#random = random;
    this.#log = logger?.child ? logger.child("calls") : logger;
    this.#onChange = onChange;
    this.#makeId = makeId;
  }

  // ---------------------------------------------------------------- wiring

  /** The UserAgent delegate for an account (SIPAccountManager's createDelegate). */
  delegateFor(accountId) {
    return { onInvite: (invitation) => this.#incoming(accountId, invitation) };
  }

  /** The media factory's onHandler: follows each handler's media events. */
  onMediaHandler(handler) {
    handler.onMediaEvent((event) => {
      const call = this.#bySession.get(handler.session);
      if (call) this.#onMediaEvent(call, event);
    });
  }

  /** The config message: auto-answer delays (command line first, then each account's profile). */
  setConfig(config) {
    this.#autoAnswer.global = Number.isInteger(config?.autoAnswerSeconds) ? config.autoAnswerSeconds : null;
    this.#autoAnswer.byAccount = new Map((config?.accounts || [])
      .filter((a) => Number.isInteger(a.autoAnswerSeconds))
      .map((a) => [a.id, a.autoAnswerSeconds]));
    this.#referPolicy = new Map((config?.accounts || []).map((a) => [a.id, a.refer]));
  }

  /** An account's registration state changed (from the supervisors). */
  onAccountState({ account, state }) {
    const previous = this.#accountStates.get(account);
    this.#accountStates.set(account, state);
    if (state === "registered") {
      if (previous && previous !== "registered") this.#restoreCalls(account);
      this.#runPendingDials();
    }
  }

  /** Java's `command` messages about calls. */
  command(command) {
    const call = command.callId ? this.#calls.get(command.callId) : this.#defaultCallFor(command.name);
    switch (command.name) {
      case "dial":
        return this.dial(command.target, { account: command.account, waitForRegistration: true });
      case "answer":
        return call && this.answer(call.id);
      case "reject":
        return call && this.reject(call.id);
      case "hangup":
        return call && this.hangup(call.id);
      case "hold":
        return call && this.hold(call.id);
      case "resume":
        return call && this.resume(call.id);
      case "mute":
      case "unmute":
        return call && this.setMuted(call.id, command.name === "mute");
      case "dtmf":
        return call && this.sendDtmf(call.id, command.digits || "");
      case "transfer":
        return call && this.transfer(call.id, command.target);
      default:
        this.#log?.warn(`unknown call command "${command.name}"`);
        return undefined;
    }
  }

  /** Every call not yet ended, oldest first, as plain objects. */
  calls() {
    return [...this.#calls.values()].map(view);
  }

  call(callId) {
    const call = this.#calls.get(callId);
    return call ? view(call) : undefined;
  }

  // ---------------------------------------------------------------- outbound

  /**
   * Calls a number or SIP URI from an account (its id `profile/ext`, its extension, or by default the
   * first registered one). With waitForRegistration the dial waits until that account registers.
   * @returns {object|undefined} the call, or undefined while it waits for the account
   * @throws {Error} for an unknown account or a target that is no number or SIP URI
   */
  dial(target, { account, waitForRegistration = false } = {}) {
    const accountId = this.#chooseAccount(account);
    if (!accountId || this.#accountState(accountId) !== "registered") {
      if (!waitForRegistration) {
        throw new Error(accountId ? `Account ${accountId} is not registered: cannot call now.`
          : account ? `No account "${account}".` : "No registered account to call from.");
      }
      this.#queueDial(target, account);
      return undefined;
    }
    const settings = this.#accounts.account(accountId);
    const uri = this.#targetUri(target, settings.domain);
    const ua = this.#accounts.userAgent(accountId);
    return this.#invite(new this.#sip.Inviter(ua, uri, { earlyMedia: true }), accountId, settings, uri.toString());
  }

  /** Sends an outbound call's INVITE and follows it as a call of its own. */
  #invite(inviter, accountId, settings, remoteUri, extra = {}) {
    const call = this.#track(inviter, {
      accountId, settings, direction: "outbound", state: CallState.DIALING,
      remoteUri: clipUri(remoteUri), remoteDisplayName: "", localUri: `sip:${settings.extension}@${settings.domain}`,
    }, extra);
    inviter.invite({
      requestDelegate: {
        onProgress: (response) => {
          const status = response?.message?.statusCode;
          if (call.state === CallState.DIALING && status >= 180) this.#update(call, { state: CallState.RINGBACK });
        },
        onReject: (response) => {
          call.final = { sipStatus: response?.message?.statusCode, reasonPhrase: phrase(response) };
        },
      },
    }).catch((error) => this.#fail(call, `The call could not be placed: ${error.message}`));
    return view(call);
  }

  /** Cancels an outbound call that is not answered yet (CANCEL). */
  cancel(callId) {
    const call = this.#get(callId);
    if (call.direction !== "outbound" || call.state === CallState.ESTABLISHED) return this.hangup(callId);
    call.endedAs = { reason: "cancelled", endedBy: "local" };
    return call.session.cancel().catch((error) => this.#log?.warn(`cancel ${callId}: ${error.message}`));
  }

  // ---------------------------------------------------------------- inbound

  #incoming(accountId, invitation) {
    const settings = this.#accounts.account(accountId) || {};
    const call = this.#track(invitation, {
      accountId, settings, direction: "inbound", state: CallState.RINGING,
      // From and To are the caller's to choose: clipped here, so the card, Java's call board and the
      // call's events all see the same safe text (call-event-limits.js).
      remoteUri: clipUri(invitation.remoteIdentity?.uri?.toString() || ""),
      remoteDisplayName: clipText(unquote(invitation.remoteIdentity?.displayName || ""), LIMITS.displayName),
      localUri: clipUri(invitation.localIdentity?.uri?.toString() || `sip:${settings.extension}@${settings.domain}`),
    });
    call.waiting = this.#active().some((c) => c !== call && c.state === CallState.ESTABLISHED);
    // Answer with 180 Ringing right away (SIP.js sends only 100 Trying by itself).
    try {
      invitation.progress?.();
    } catch (error) {
      this.#log?.debug(`180 for ${call.id} not sent: ${error.message}`);
    }
    const delay = this.#autoAnswer.global ?? this.#autoAnswer.byAccount.get(accountId);
    // Answered at once (headset agents): the call is not announced as ringing (no notification
    // window, no ringtone) — Java reads this flag from the call-state messages.
    call.autoAnswerAtOnce = delay === 0 && !call.waiting;
    if (Number.isInteger(delay) && !call.waiting) {
      call.autoAnswerTimer = this.#clock.setTimeout(() => {
        call.autoAnswerTimer = null;
        if (call.state === CallState.RINGING) this.answer(call.id).catch(() => {});
      }, delay * 1000);
    }
    this.#onChange(view(call));
  }

  /** Answers a ringing call; established calls are put on hold first (call waiting). */
  async answer(callId) {
    const call = this.#get(callId);
    if (call.direction !== "inbound" || call.state !== CallState.RINGING || call.answering) return;
    call.answering = true;
    this.#clearAutoAnswer(call);
    const others = this.#active().filter((c) => c !== call && c.state === CallState.ESTABLISHED && !c.held);
    await Promise.all(others.map((c) => this.hold(c.id).catch((error) => this.#log?.warn(`holding ${c.id}: ${error.message}`))));
    try {
      await call.session.accept({ sessionDescriptionHandlerOptions: { hold: false } });
    } catch (error) {
      call.answering = false;
      this.#fail(call, `Answering failed: ${error.message}`);
    }
  }

  /** Refuses a ringing call: 486 Busy Here, or 603 Decline with {decline: true}. */
  reject(callId, { decline = false } = {}) {
    const call = this.#get(callId);
    if (call.direction !== "inbound" || call.state !== CallState.RINGING) return Promise.resolve();
    this.#clearAutoAnswer(call);
    const statusCode = decline ? 603 : 486;
    call.endedAs = { reason: decline ? "rejected" : "busy", endedBy: "local", sipStatus: statusCode };
    return Promise.resolve(call.session.reject({ statusCode })).catch((error) => this.#log?.warn(`reject ${callId}: ${error.message}`));
  }

  // ---------------------------------------------------------------- in call

  /** Ends the call whatever its state: BYE, CANCEL or a refusal. */
  async hangup(callId) {
    const call = this.#get(callId);
    if (call.state === CallState.ENDED) return;
    if (call.state === CallState.RINGING) return this.reject(callId);
    if (call.state !== CallState.ESTABLISHED) return this.cancel(callId);
    call.endedAs ??= { reason: "completed", endedBy: "local" };
    await this.#readStats(call);
    if (this.#transportUp(call)) {
      await call.session.bye().catch((error) => {
        this.#log?.warn(`BYE for ${callId} failed: ${error.message}`);
        call.session.dispose();
      });
    } else {
      // No transport to carry a BYE: end here, so nothing stays stuck; the far end's media times out.
      call.session.dispose();
    }
  }

  hold(callId) {
    return this.#setHold(this.#get(callId), true);
  }

  resume(callId) {
    return this.#setHold(this.#get(callId), false);
  }

  async setMuted(callId, muted) {
    const call = this.#get(callId);
    const handler = this.#handler(call);
    if (!handler) throw new Error("The call has no media yet.");
    await handler.mute(muted);
    this.#update(call, { muted: Boolean(muted) });
  }

  /** DTMF: RFC 4733 in the media, or SIP INFO (application/dtmf-relay) when it was not negotiated. */
  async sendDtmf(callId, digits) {
    const call = this.#get(callId);
    const tones = String(digits).toUpperCase();
    if (!/^[0-9A-D*#]+$/.test(tones)) throw new Error(`DTMF: "${digits}" is not 0-9, A-D, * or #.`);
    if (call.state !== CallState.ESTABLISHED) throw new Error("DTMF needs an established call.");
    const { sent } = await this.#handler(call).dtmf(tones);
    if (sent) return { via: "rfc4733" };
    for (const tone of tones) {
      await call.session.info({
        requestOptions: {
          body: { contentDisposition: "render", contentType: "application/dtmf-relay",
            content: `Signal=${tone}\r\nDuration=${SIP_INFO_DTMF_MS}` },
        },
      });
    }
    return { via: "info" };
  }

  /** Blind transfer: REFER the far end to the target; once accepted (202) this leg ends. */
  transfer(callId, target) {
    const call = this.#get(callId);
    if (call.state !== CallState.ESTABLISHED) throw new Error("Only an established call can be transferred.");
    const uri = this.#targetUri(target, call.settings.domain);
    return call.session.refer(uri, {
      requestDelegate: {
        onAccept: () => {
          call.transferredTo = uri.toString();
          this.hangup(call.id).catch(() => {});
        },
        onReject: (response) => this.#update(call, {
          notice: `Transfer refused: ${response?.message?.statusCode} ${phrase(response)}`.trim(),
        }),
      },
    });
  }

  /**
   * The far end's REFER (RFC 3515): it asks this phone to call someone. SIP.js would accept and
   * follow it unseen; here it gets 603 Decline unless the account's profile accepts REFER, and an
   * accepted one becomes a call of its own, with its own card and events. SIP.js's makeInviter adds
   * Referred-By (RFC 3892) and Replaces (RFC 3891) and NOTIFYs the referrer of the call's progress.
   */
  #onRefer(call, referral) {
    let target;
    try {
      const uri = referral.referTo.uri.clone();
      uri.clearHeaders?.();
      target = clipUri(uri.toString()); // the far end's choice: shown and recorded clipped
    } catch (error) {
      this.#log?.warn(`REFER on ${call.id} without a usable Refer-To: ${error.message}`);
      return Promise.resolve(referral.reject({ statusCode: 400 })).catch(() => {});
    }
    if (this.#referPolicy.get(call.accountId) !== "accept") {
      this.#log?.info(`REFER on ${call.id} to ${target} refused with 603: the profile does not accept REFER`);
      this.#update(call, { notice: `Refused the other side's request to call ${target}` });
      return Promise.resolve(referral.reject({ statusCode: 603 })).catch((error) => this.#log?.warn(`REFER: ${error.message}`));
    }
    this.#log?.info(`REFER on ${call.id} to ${target} accepted: placing it as a call of its own`);
    return Promise.resolve(referral.accept()).then(() => {
      this.#invite(referral.makeInviter({ earlyMedia: true }), call.accountId, call.settings, target, { referredBy: call.id });
    }).catch((error) => {
      this.#log?.warn(`REFER on ${call.id} to ${target}: ${error.message}`);
      this.#update(call, { notice: `Could not call ${target} for the other side: ${error.message}` });
    });
  }

  // ---------------------------------------------------------------- re-INVITEs

  async #setHold(call, held) {
    if (call.state !== CallState.ESTABLISHED) throw new Error("Only an established call can be held or resumed.");
    call.wantHeld = held;
    if (call.held === held && !call.reinviteRetry) return;
    await this.#reinvite(call, { hold: held });
  }

  /**
   * Sends a re-INVITE; on 491 Request Pending retries after the RFC 3261 §14.1 delay (2.1-4 s when
   * this side made the Call-ID, i.e. called; 0-2 s otherwise, in units of 10 ms). Any other refusal
   * leaves the call as agreed before (SIP.js rolled the offer back through the handler).
   */
  #reinvite(call, { hold, iceRestart = false }) {
    this.#clearRetry(call);
    const session = call.session;
    return new Promise((resolve, reject) => {
      const done = (ok, error) => {
        // SIP.js keeps the last re-INVITE's options for the re-INVITEs the far end sends: keep them true.
        session.sessionDescriptionHandlerOptionsReInvite = { hold: call.held };
        if (ok) resolve();
        else reject(error);
      };
      const options = {
        sessionDescriptionHandlerOptions: { hold, iceRestart, offerOptions: { iceRestart } },
        requestDelegate: {
          onAccept: () => {
            this.#update(call, { held: hold, notice: undefined });
            done(true);
          },
          onReject: (response) => {
            const status = response?.message?.statusCode;
            if (status === 491) {
              const delay = this.#glareDelay(call);
              this.#log?.info(`re-INVITE for ${call.id} met another (491): retrying in ${delay} ms`);
              call.reinviteRetry = this.#clock.setTimeout(() => {
                call.reinviteRetry = null;
                if (call.state !== CallState.ESTABLISHED) return;
                const wanted = call.wantHeld ?? call.held;
                this.#reinvite(call, { hold: wanted, iceRestart }).then(resolve, reject);
              }, delay);
              return;
            }
            this.#update(call, { notice: `${hold ? "Hold" : "Resume"} refused: ${status} ${phrase(response)}`.trim() });
            if (status === 408 || status === 481) {
              // RFC 3261 §12.2.1.2: the dialog is gone.
              this.#fail(call, `The far end lost the call (${status})`, status);
            }
            done(false, new Error(`re-INVITE refused with ${status}`));
          },
        },
      };
      session.invite(options).catch((error) => done(false, error));
    });
  }

  #glareDelay(call) {
    const ownsCallId = call.direction === "outbound";
    const [min, max] = ownsCallId ? [2100, 4000] : [0, 2000];
    const steps = Math.floor((max - min) / 10);
    return min + 10 * Math.floor(this.#random() * (steps + 1));
  }

  /** The account is registered again after a transport loss: bring its calls' media back. */
  #restoreCalls(accountId) {
    for (const call of this.#active()) {
      if (call.accountId !== accountId || call.state !== CallState.ESTABLISHED) continue;
      this.#log?.info(`restoring ${call.id} after the connection came back (ICE restart)`);
      this.#update(call, { signalling: "restoring" });
      this.#reinvite(call, { hold: call.held, iceRestart: true })
        .then(() => this.#update(call, { signalling: "ok", restores: call.restores + 1 }))
        .catch((error) => this.#log?.warn(`restoring ${call.id}: ${error.message}`));
    }
  }

  #onMediaEvent(call, event) {
    if (call.state === CallState.ENDED) return;
    if (event === "connected") {
      this.#clearMediaTimer(call);
      if (call.media !== "connected") this.#update(call, { media: "connected" });
      return;
    }
    if (call.state !== CallState.ESTABLISHED) {
      if (event === "failed") this.#fail(call, "No media path to the other side (ICE failed)");
      return;
    }
    this.#update(call, { media: event });
    if (call.mediaTimer) return;
    // Lost media: try an ICE restart now if signalling works (else when the account is back),
    // and end the call if nothing is heard for MEDIA_RECOVERY_MS.
    if (this.#transportUp(call)) {
      this.#reinvite(call, { hold: call.held, iceRestart: true }).catch(() => {});
    }
    call.mediaTimer = this.#clock.setTimeout(() => {
      call.mediaTimer = null;
      if (call.state === CallState.ESTABLISHED && call.media !== "connected") {
        this.#fail(call, "The call's audio connection was lost", undefined, true);
      }
    }, MEDIA_RECOVERY_MS);
  }

  // ---------------------------------------------------------------- lifecycle

  #track(session, { accountId, settings, direction, state, remoteUri, remoteDisplayName, localUri }, extra = {}) {
    const call = {
      ...extra, id: this.#makeId(), accountId, settings, direction, state, remoteUri, remoteDisplayName, localUri,
      session, held: false, remoteHeld: false, muted: false, media: "new", signalling: "ok", restores: 0,
      createdAt: this.#clock.now(), answeredAt: null, endedAt: null,
    };
    this.#calls.set(call.id, call);
    this.#bySession.set(session, call);
    session.delegate = {
      ...session.delegate,
      onInvite: (request) => this.#onRemoteReinvite(call, request),
      onInfo: (info) => info.accept?.(),
      onRefer: (referral) => this.#onRefer(call, referral),
    };
    session.stateChange.addListener((state) => this.#onSessionState(call, state));
    this.#report(() => this.#events.created({
      callId: call.id, direction, account: settings.extension, profile: settings.profile, localUri,
      remoteUri, remoteDisplayName: remoteDisplayName || undefined,
    }));
    this.#log?.info(`${direction} call ${call.id} on ${accountId} ${direction === "inbound" ? "from" : "to"} ${remoteUri}`);
    return call;
  }

  #onSessionState(call, state) {
    const states = this.#sip.SessionState;
    if (state === states.Established && call.state !== CallState.ESTABLISHED) {
      call.answeredAt = this.#clock.now();
      this.#update(call, { state: CallState.ESTABLISHED, waiting: false });
      this.#report(() => this.#events.answered(call.id));
    } else if (state === states.Terminated) {
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
    if (direction) this.#update(call, { remoteHeld: direction === "sendonly" || direction === "inactive" });
  }

  #ended(call) {
    if (call.state === CallState.ENDED) return;
    const wasEstablished = call.state === CallState.ESTABLISHED;
    const info = call.endedAs || this.#endReason(call, wasEstablished);
    // SIP.js closes the media right after this state change: read the stats first (queued before the close).
    const stats = call.quality ? Promise.resolve(call.quality) : wasEstablished ? this.#readStats(call) : Promise.resolve(undefined);
    this.#clearAutoAnswer(call);
    this.#clearRetry(call);
    this.#clearMediaTimer(call);
    call.endedAt = this.#clock.now();
    this.#bySession.delete(call.session);
    this.#calls.delete(call.id);
    this.#update(call, { state: CallState.ENDED, ...info });
    this.#log?.info(`call ${call.id} ended: ${info.reason}${info.sipStatus ? ` (${info.sipStatus})` : ""}, by ${info.endedBy}`);
    stats.then((quality) => {
      if (quality) this.#update(call, { quality });
      this.#report(() => this.#events.ended(call.id, {
        reason: info.reason, sipStatus: info.sipStatus, endedBy: info.endedBy, quality: quality || undefined,
      }));
    });
  }

  #endReason(call, wasEstablished) {
    if (wasEstablished) return { reason: "completed", endedBy: "remote" };
    if (call.direction === "inbound") {
      // Never answered and not refused by us: the caller gave up (CANCEL), or the PBX did.
      return { reason: "missed", endedBy: "remote", sipStatus: call.session.isCanceled ? 487 : undefined };
    }
    const status = call.final?.sipStatus;
    if (status === 486 || status === 600) return { reason: "busy", endedBy: "remote", sipStatus: status };
    if (status === 603) return { reason: "rejected", endedBy: "remote", sipStatus: status };
    if (status === 487) return { reason: "cancelled", endedBy: "local", sipStatus: status };
    const text = status ? `${status} ${call.final.reasonPhrase || ""}`.trim() : "No answer from the PBX";
    return { reason: "failed", endedBy: "remote", sipStatus: status, detail: text };
  }

  /** Ends a call because something failed; the detail is what the user is shown. */
  #fail(call, detail, sipStatus, byMedia = false) {
    if (call.state === CallState.ENDED) return;
    call.endedAs = { reason: "failed", endedBy: byMedia ? "local" : "remote", sipStatus, detail };
    this.#log?.warn(`call ${call.id}: ${detail}`);
    const session = call.session;
    const states = this.#sip.SessionState;
    if (session.state === states.Established && this.#transportUp(call)) {
      this.#readStats(call).then(() => session.bye().catch(() => session.dispose()));
    } else if (session.state !== states.Terminated) {
      Promise.resolve(session.dispose()).catch(() => {});
    }
  }

  async #readStats(call) {
    const handler = this.#handler(call);
    if (!handler || handler.closed) return call.quality;
    try {
      call.quality = await handler.stats();
    } catch (error) {
      this.#log?.debug(`stats of ${call.id}: ${error.message}`);
    }
    return call.quality;
  }

  // ---------------------------------------------------------------- helpers

  #handler(call) {
    return call.session.sessionDescriptionHandler;
  }

  #get(callId) {
    const call = this.#calls.get(callId);
    if (!call) throw new Error(`No call ${callId}.`);
    return call;
  }

  #active() {
    return [...this.#calls.values()];
  }

  /** A command without a call id acts on the obvious call: the ringing one to answer, else the newest. */
  #defaultCallFor(name) {
    const calls = this.#active();
    if (name === "answer" || name === "reject") return calls.find((c) => c.state === CallState.RINGING);
    return calls.filter((c) => c.state === CallState.ESTABLISHED).at(-1) || calls.at(-1);
  }

  #accountState(accountId) {
    return this.#accountStates.get(accountId) ?? safe(() => this.#accounts.state(accountId)?.state);
  }

  #transportUp(call) {
    const ua = safe(() => this.#accounts.userAgent(call.accountId));
    return Boolean(ua?.isConnected?.());
  }

  /** An account by id (`profile/ext`) or extension; by default the first registered one. */
  #chooseAccount(wanted) {
    const ids = this.#accounts.accountIds();
    if (wanted) return ids.find((id) => id === wanted || id.endsWith(`/${wanted}`));
    return ids.find((id) => this.#accountState(id) === "registered");
  }

  #targetUri(target, domain) {
    const text = String(target ?? "").trim();
    let uriText;
    if (/^sips?:/i.test(text)) uriText = text;
    else if (/^[^\s@]+@[^\s@]+$/.test(text)) uriText = `sip:${text}`;
    else if (/^(tel:)?\+?[0-9*#][0-9*#().\- ]*$/i.test(text)) uriText = `sip:${text.replace(/^tel:/i, "").replace(/[().\- ]/g, "")}@${domain}`;
    const uri = uriText && this.#sip.UserAgent.makeURI(uriText);
    if (!uri) throw new Error(`"${target}" is not a number or a SIP URI.`);
    return uri;
  }

  #queueDial(target, account) {
    const entry = { target, account };
    entry.timer = this.#clock.setTimeout(() => {
      this.#pendingDials = this.#pendingDials.filter((d) => d !== entry);
      this.#log?.warn(`dial ${target}: no registered account within ${DIAL_WAIT_MS / 1000} s`);
      this.#onChange({ notice: `Could not call ${target}: no registered account.` });
    }, DIAL_WAIT_MS);
    this.#pendingDials.push(entry);
    this.#log?.info(`dial ${target}: waiting for ${account || "an account"} to register`);
  }

  #runPendingDials() {
    for (const entry of [...this.#pendingDials]) {
      const accountId = this.#chooseAccount(entry.account);
      if (!accountId || this.#accountState(accountId) !== "registered") continue;
      this.#pendingDials = this.#pendingDials.filter((d) => d !== entry);
      this.#clock.clearTimeout(entry.timer);
      try {
        this.dial(entry.target, { account: entry.account });
      } catch (error) {
        this.#log?.warn(`dial ${entry.target}: ${error.message}`);
        this.#onChange({ notice: error.message });
      }
    }
  }

  #update(call, changes) {
    Object.assign(call, changes);
    this.#onChange(view(call));
  }

  #clearAutoAnswer(call) {
    if (call.autoAnswerTimer) this.#clock.clearTimeout(call.autoAnswerTimer);
    call.autoAnswerTimer = null;
  }

  #clearRetry(call) {
    if (call.reinviteRetry) this.#clock.clearTimeout(call.reinviteRetry);
    call.reinviteRetry = null;
  }

  #clearMediaTimer(call) {
    if (call.mediaTimer) this.#clock.clearTimeout(call.mediaTimer);
    call.mediaTimer = null;
  }

  /** The events module must never break a call. */
  #report(fn) {
    try {
      fn();
    } catch (error) {
      this.#log?.error(`call event failed: ${error.message}`);
    }
  }
}

/**
 * A display name as the caller meant it: SIP.js strips a quoted-string's quotes but keeps its
 * quoted-pairs (RFC 3261 §25.1: `\"` stands for `"`), which a token name cannot contain.
 */
function unquote(name) {
  return String(name).replace(/\\([\u0000-\u0009\u000b\u000c\u000e-\u007f])/g, "$1");
}

/** A response's reason phrase (RFC 3261 §7.2: any text the far end likes), safe to show. */
function phrase(response) {
  return clipText(String(response?.message?.reasonPhrase || ""), LIMITS.displayName);
}

/** What the UI and Java see of a call (no SIP.js objects). */
function view(call) {
  return {
    callId: call.id, account: call.accountId, extension: call.settings?.extension, direction: call.direction,
    remote: call.remoteUri, remoteDisplayName: call.remoteDisplayName, state: call.state, waiting: Boolean(call.waiting),
    held: call.held, remoteHeld: call.remoteHeld, muted: call.muted, media: call.media, signalling: call.signalling,
    restores: call.restores,
    reason: call.reason, sipStatus: call.sipStatus, endedBy: call.endedBy, detail: call.detail, notice: call.notice,
    quality: call.quality, createdAt: call.createdAt, answeredAt: call.answeredAt, endedAt: call.endedAt,
    transferredTo: call.transferredTo, referredBy: call.referredBy, autoAnswerAtOnce: Boolean(call.autoAnswerAtOnce),
  };
}

/** The first audio section's direction attribute (or the session's), "sendrecv" by default. */
export function sdpDirection(sdp) {
  if (typeof sdp !== "string" || !sdp) return undefined;
  const lines = sdp.split(/\r?\n/);
  const audioAt = lines.findIndex((l) => l.startsWith("m=audio"));
  const pick = (from, to) => lines.slice(from, to).map((l) => l.trim()).find((l) => /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(l));
  const sessionLevel = pick(0, audioAt < 0 ? lines.length : audioAt);
  let mediaLevel;
  if (audioAt >= 0) {
    const next = lines.findIndex((l, i) => i > audioAt && l.startsWith("m="));
    mediaLevel = pick(audioAt + 1, next < 0 ? lines.length : next);
  }
  const found = mediaLevel || sessionLevel;
  return found ? found.slice(2) : "sendrecv";
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
