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

import { runCallCommand } from "./call-commands.js";
import { LIMITS, clipText, clipUri } from "./call-event-limits.js";
import { answerRefer, sendTransfer } from "./call-refer.js";
import {
  CallState,
  callSettings,
  callView as view,
  cannotDialMessage,
  chooseAccount,
  dialUriText,
  dtmfTones,
  endReason,
  holdsUs,
  reasonPhrase as phrase,
  sdpDirection,
  unquote,
} from "./call-rules.js";
import { systemClock } from "./clock.js";
import { DIAL_WAIT_MS, DialQueue } from "./dial-queue.js";
import { MediaRecovery } from "./media-recovery.js";
import { uuidV4 } from "./uuid.js";

export { CallState } from "./call-rules.js";

const SIP_INFO_DTMF_MS = 160;

/** A no-op events object: calls work without the events module (and when it throws). */
export const NO_EVENTS = Object.freeze({ created() {}, answered() {}, ended() {}, wrapup() {} });

export class CallManager {
  #sip;
  #accounts;
  #events;
  #clock;
  #log;
  #onChange;
  #makeId;
  #calls = new Map();
  #bySession = new Map();
  #settings = callSettings(undefined);
  #pendingDials;
  #recovery;
  #accountStates = new Map();

  /**
   * @param {object} o
   * @param {object} o.sip the SIP.js namespace (Inviter, SessionState, UserAgent.makeURI)
   * @param {object} o.accounts the SIPAccountManager (userAgent(id), account(id), state(id), accountIds())
   * @param {object} [o.events] call events: created(call), answered(callId), ended(callId, info), wrapup
   * @param {(call: object) => void} [o.onChange] every change of a call (UI, Java's call board)
   */
  constructor({
    sip,
    accounts,
    events = NO_EVENTS,
    clock = systemClock,
    random = Math.random,
    logger,
    onChange = () => {},
    makeId = () => uuidV4(),
  }) {
    this.#sip = sip;
    this.#accounts = accounts;
    this.#events = events || NO_EVENTS;
    this.#clock = clock;
    this.#log = logger?.child ? logger.child("calls") : logger;
    this.#onChange = onChange;
    this.#makeId = makeId;
    this.#pendingDials = new DialQueue({ clock });
    this.#recovery = new MediaRecovery({
      clock,
      random,
      logger: this.#log,
      update: (call, changes) => this.#update(call, changes),
      fail: (call, ...why) => this.#fail(call, ...why),
      transportUp: (call) => this.#transportUp(call),
    });
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
      if (call) this.#recovery.onMediaEvent(call, event);
    });
  }

  /** The config message: auto-answer delays (command line first, then each account's profile). */
  setConfig(config) {
    this.#settings = callSettings(config);
  }

  /** An account's registration state changed (from the supervisors). */
  onAccountState({ account, state }) {
    const previous = this.#accountStates.get(account);
    this.#accountStates.set(account, state);
    if (state === "registered") {
      if (previous && previous !== "registered")
        this.#recovery.restore(this.#active().filter((c) => c.accountId === account));
      this.#runPendingDials();
    }
  }

  /** Java's `command` messages about calls (call-commands.js). */
  command(command) {
    return runCallCommand(this, command, this.#log);
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
    if (!accountId || !this.#registered(accountId)) {
      if (!waitForRegistration) throw new Error(cannotDialMessage(accountId, account));
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
    const call = this.#track(
      inviter,
      {
        accountId,
        settings,
        direction: "outbound",
        state: CallState.DIALING,
        remoteUri: clipUri(remoteUri),
        remoteDisplayName: "",
        localUri: `sip:${settings.extension}@${settings.domain}`,
      },
      extra,
    );
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) => {
            const status = response?.message?.statusCode;
            if (call.state === CallState.DIALING && status >= 180) this.#update(call, { state: CallState.RINGBACK });
          },
          onReject: (response) => {
            call.final = { sipStatus: response?.message?.statusCode, reasonPhrase: phrase(response) };
          },
        },
      })
      .catch((error) => this.#fail(call, `The call could not be placed: ${error.message}`));
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
      accountId,
      settings,
      direction: "inbound",
      state: CallState.RINGING,
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
    const delay = this.#settings.autoAnswerSeconds(accountId);
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
    await Promise.all(
      others.map((c) => this.hold(c.id).catch((error) => this.#log?.warn(`holding ${c.id}: ${error.message}`))),
    );
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
    return Promise.resolve(call.session.reject({ statusCode })).catch((error) =>
      this.#log?.warn(`reject ${callId}: ${error.message}`),
    );
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
    const tones = dtmfTones(digits);
    if (call.state !== CallState.ESTABLISHED) throw new Error("DTMF needs an established call.");
    const { sent } = await this.#handler(call).dtmf(tones);
    if (sent) return { via: "rfc4733" };
    for (const tone of tones) {
      await call.session.info({
        requestOptions: {
          body: {
            contentDisposition: "render",
            contentType: "application/dtmf-relay",
            content: `Signal=${tone}\r\nDuration=${SIP_INFO_DTMF_MS}`,
          },
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
    return sendTransfer(call.session, uri, {
      onAccepted: () => {
        call.transferredTo = uri.toString();
        this.hangup(call.id).catch(() => {});
      },
      notify: (notice) => this.#update(call, { notice }),
    });
  }

  /** The far end's REFER: refused, or placed as a call of its own (call-refer.js). */
  #onRefer(call, referral) {
    return answerRefer(referral, {
      callId: call.id,
      accepts: this.#settings.acceptsRefer(call.accountId),
      notify: (notice) => this.#update(call, { notice }),
      placeCall: (inviter, target) => {
        this.#invite(inviter, call.accountId, call.settings, target, { referredBy: call.id });
      },
      log: this.#log,
    });
  }

  // ---------------------------------------------------------------- re-INVITEs

  async #setHold(call, held) {
    if (call.state !== CallState.ESTABLISHED) throw new Error("Only an established call can be held or resumed.");
    call.wantHeld = held;
    if (call.held === held && !call.reinviteRetry) return;
    await this.#recovery.reinvite(call, { hold: held });
  }

  // ---------------------------------------------------------------- lifecycle

  #track(session, { accountId, settings, direction, state, remoteUri, remoteDisplayName, localUri }, extra = {}) {
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
    session.delegate = {
      ...session.delegate,
      onInvite: (request) => this.#onRemoteReinvite(call, request),
      onInfo: (info) => info.accept?.(),
      onRefer: (referral) => this.#onRefer(call, referral),
    };
    session.stateChange.addListener((state) => this.#onSessionState(call, state));
    this.#report(() =>
      this.#events.created({
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
    if (direction) this.#update(call, { remoteHeld: holdsUs(direction) });
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
        ? this.#readStats(call)
        : Promise.resolve(undefined);
    this.#clearAutoAnswer(call);
    this.#recovery.forget(call);
    call.endedAt = this.#clock.now();
    this.#bySession.delete(call.session);
    this.#calls.delete(call.id);
    this.#update(call, { state: CallState.ENDED, ...info });
    this.#log?.info(
      `call ${call.id} ended: ${info.reason}${info.sipStatus ? ` (${info.sipStatus})` : ""}, by ${info.endedBy}`,
    );
    stats.then((quality) => {
      if (quality) this.#update(call, { quality });
      this.#report(() =>
        this.#events.ended(call.id, {
          reason: info.reason,
          sipStatus: info.sipStatus,
          endedBy: info.endedBy,
          quality: quality || undefined,
        }),
      );
    });
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

  #accountState(accountId) {
    return this.#accountStates.get(accountId) ?? safe(() => this.#accounts.state(accountId)?.state);
  }

  #transportUp(call) {
    const ua = safe(() => this.#accounts.userAgent(call.accountId));
    return Boolean(ua?.isConnected?.());
  }

  /** An account by id (`profile/ext`) or extension; by default the first registered one. */
  #chooseAccount(wanted) {
    return chooseAccount(this.#accounts.accountIds(), wanted, (id) => this.#registered(id));
  }

  #registered(accountId) {
    return this.#accountState(accountId) === "registered";
  }

  #targetUri(target, domain) {
    const uriText = dialUriText(target, domain);
    const uri = uriText && this.#sip.UserAgent.makeURI(uriText);
    if (!uri) throw new Error(`"${target}" is not a number or a SIP URI.`);
    return uri;
  }

  #queueDial(target, account) {
    this.#pendingDials.add(target, account, () => {
      this.#log?.warn(`dial ${target}: no registered account within ${DIAL_WAIT_MS / 1000} s`);
      this.#onChange({ notice: `Could not call ${target}: no registered account.` });
    });
    this.#log?.info(`dial ${target}: waiting for ${account || "an account"} to register`);
  }

  #runPendingDials() {
    const ready = (account) => {
      const accountId = this.#chooseAccount(account);
      return Boolean(accountId) && this.#registered(accountId);
    };
    for (const { target, account } of this.#pendingDials.takeReady(ready)) {
      try {
        this.dial(target, { account });
      } catch (error) {
        this.#log?.warn(`dial ${target}: ${error.message}`);
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

  /** The events module must never break a call. */
  #report(fn) {
    try {
      fn();
    } catch (error) {
      this.#log?.error(`call event failed: ${error.message}`);
    }
  }
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
