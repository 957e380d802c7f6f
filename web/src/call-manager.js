// The page's calls: SIP.js sessions of every account, their state for the UI and Java, and their
// call events (architecture.md "Call events"). Signalling is SIP.js's; media is the bridge
// handler's (media-handler.js). This file holds what one can do with calls:
//   inbound ringing (180) / answer / reject (486, 603); call waiting (answering a second call holds
//   the first); auto-answer after the account's delay;
//   outbound dial (number or SIP URI), at once or once the account registers (dial-queue.js),
//   ringback / early media, cancel before answer;
//   hold/resume by re-INVITE; mute; DTMF (RFC 4733, SIP INFO when not negotiated); blind transfer
//   and the far end's REFER (call-refer.js); Java's commands (call-commands.js).
// Each call's life from created to ended, with its events and end reason, is call-table.js's;
// 491 retries and getting media back after a transport or ICE loss are media-recovery.js's; the
// rules as plain functions (dial targets, end reasons, SDP direction) are call-rules.js's.

import { requestedAnswerDelay } from "./auto-answer-request.js";
import { runCallCommand } from "./call-commands.js";
import { answerRefer, sendTransfer } from "./call-refer.js";
import {
  CallState,
  callSettings,
  callView as view,
  cannotDialMessage,
  dialUriText,
  dtmfTones,
  reasonPhrase as phrase,
  inboundCall,
  outboundCall,
} from "./call-rules.js";
import { systemClock } from "./clock.js";
import { DIAL_WAIT_MS, DialQueue } from "./dial-queue.js";
import { CallAccounts } from "./call-accounts.js";
import { CallTable } from "./call-table.js";
import { MediaRecovery } from "./media-recovery.js";
import { uuidV4 } from "./uuid.js";

export { CallState } from "./call-rules.js";

const SIP_INFO_DTMF_MS = 160;

/** A no-op events object: calls work without the events module (and when it throws). */
export const NO_EVENTS = Object.freeze({ created() {}, answered() {}, ended() {}, wrapup() {} });

export class CallManager {
  #sip;
  #accounts;
  #clock;
  #log;
  #onChange;
  #table;
  #settings = callSettings(undefined);
  #pendingDials;
  #recovery;
  #availability;

  /**
   * @param {object} o
   * @param {object} o.sip the SIP.js namespace (Inviter, SessionState, UserAgent.makeURI)
   * @param {object} o.accounts the SIPAccountManager (userAgent(id), account(id), state(id), accountIds())
   * @param {object} [o.events] call events: created(call), answered(callId), ended(callId, info), wrapup
   * @param {(call: object) => void} [o.onChange] every change of a call (UI, Java's call board)
   * @param {{refusal: (accountId: string) => object|null}} [o.availability] whether an account takes
   *   calls now (availability.js); absent: every call rings
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
    availability = { refusal: () => null },
  }) {
    this.#sip = sip;
    this.#availability = availability;
    this.#accounts = new CallAccounts(accounts);
    this.#clock = clock;
    this.#log = logger?.child ? logger.child("calls") : logger;
    this.#onChange = onChange;
    this.#pendingDials = new DialQueue({ clock });
    const transportUp = (call) => this.#transportUp(call);
    this.#table = new CallTable({
      sip,
      events: events || NO_EVENTS,
      clock,
      logger: this.#log,
      onChange,
      makeId,
      transportUp,
      onEnd: (call) => {
        this.#clearAutoAnswer(call);
        this.#recovery.forget(call);
      },
    });
    this.#recovery = new MediaRecovery({
      clock,
      random,
      logger: this.#log,
      update: (call, changes) => this.#table.update(call, changes),
      fail: (call, ...why) => this.#table.fail(call, ...why),
      transportUp,
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
      const call = this.#table.bySession(handler.session);
      if (call) this.#recovery.onMediaEvent(call, event);
    });
  }

  /** The config message: auto-answer delays (command line first, then each account's profile). */
  setConfig(config) {
    this.#settings = callSettings(config);
  }

  /** An account's registration state changed (from the supervisors). */
  onAccountState({ account, state }) {
    const previous = this.#accounts.setState(account, state);
    if (state === "registered") {
      if (previous && previous !== "registered")
        this.#recovery.restore(this.#table.all().filter((c) => c.accountId === account));
      this.#runPendingDials();
    }
  }

  /** Java's `command` messages about calls (call-commands.js). */
  command(command) {
    return runCallCommand(this, command, this.#log);
  }

  /** Every call not yet ended, oldest first, as plain objects. */
  calls() {
    return this.#table.all().map(view);
  }

  call(callId) {
    const call = this.#table.find(callId);
    return call ? view(call) : undefined;
  }

  /**
   * The call's media stats now (jitter, loss, RTT, codec, MOS), for its live quality indicator;
   * undefined when its media is not open. Not kept as the call's quality: the one its `ended`
   * event carries is read when it ends.
   */
  async liveStats(callId) {
    const handler = this.#table.find(callId)?.session?.sessionDescriptionHandler;
    if (!handler || handler.closed || typeof handler.stats !== "function") return undefined;
    return handler.stats();
  }

  // ---------------------------------------------------------------- outbound

  /**
   * Calls a number or SIP URI from an account (its id `profile/ext`, its extension, or by default the
   * first registered one). With waitForRegistration the dial waits until that account registers.
   * @returns {object|undefined} the call, or undefined while it waits for the account
   * @throws {Error} for an unknown account or a target that is no number or SIP URI
   */
  dial(target, { account, waitForRegistration = false } = {}) {
    const accountId = this.#accounts.choose(account);
    if (!accountId || !this.#accounts.registered(accountId)) {
      if (!waitForRegistration) throw new Error(cannotDialMessage(accountId, account));
      this.#queueDial(target, account);
      return undefined;
    }
    const settings = this.#accounts.settings(accountId);
    const uri = this.#targetUri(target, settings.domain);
    const ua = this.#accounts.userAgent(accountId);
    return this.#invite(new this.#sip.Inviter(ua, uri, { earlyMedia: true }), accountId, settings, uri.toString());
  }

  /** Sends an outbound call's INVITE and follows it as a call of its own. */
  #invite(inviter, accountId, settings, remoteUri, extra = {}) {
    const call = this.#table.track(inviter, outboundCall(accountId, settings, remoteUri), extra, this.#onReferHandler);
    inviter
      .invite({
        requestDelegate: {
          onProgress: (response) => {
            this.#table.noteFarEnd(call, response);
            const status = response?.message?.statusCode;
            if (call.state === CallState.DIALING && status >= 180)
              this.#table.update(call, { state: CallState.RINGBACK });
          },
          onAccept: (response) => this.#table.noteFarEnd(call, response),
          onReject: (response) => {
            this.#table.noteFarEnd(call, response);
            call.final = { sipStatus: response?.message?.statusCode, reasonPhrase: phrase(response) };
          },
        },
      })
      .catch((error) => this.#table.fail(call, `The call could not be placed: ${error.message}`));
    return view(call);
  }

  /** Cancels an outbound call that is not answered yet (CANCEL). */
  cancel(callId) {
    const call = this.#table.get(callId);
    if (call.direction !== "outbound" || call.state === CallState.ESTABLISHED) return this.hangup(callId);
    call.endedAs = { reason: "cancelled", endedBy: "local" };
    return call.session.cancel().catch((error) => this.#log?.warn(`cancel ${callId}: ${error.message}`));
  }

  // ---------------------------------------------------------------- inbound

  #incoming(accountId, invitation) {
    const settings = this.#accounts.settings(accountId) || {};
    const call = this.#table.track(invitation, inboundCall(accountId, settings, invitation), {}, this.#onReferHandler);
    const refusal = this.#availability.refusal(accountId);
    if (refusal) return this.#refuseUnavailable(call, refusal);
    call.waiting = this.#table.all().some((c) => c !== call && c.state === CallState.ESTABLISHED);
    // Answer with 180 Ringing right away (SIP.js sends only 100 Trying by itself).
    try {
      invitation.progress?.();
    } catch (error) {
      this.#log?.debug(`180 for ${call.id} not sent: ${error.message}`);
    }
    const delay = this.#answerDelay(accountId, invitation);
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

  /**
   * Seconds until an incoming call answers itself, or null/undefined: the profile's (or the command
   * line's) delay, or sooner when the caller asks for it and the profile honours that.
   */
  #answerDelay(accountId, invitation) {
    const configured = this.#settings.autoAnswerSeconds(accountId);
    if (!this.#settings.honoursAnswerRequest(accountId)) return configured;
    const requested = requestedAnswerDelay(invitation.request);
    if (requested === null) return configured;
    this.#log?.info(`caller asks to be answered after ${requested} s; the profile allows it`);
    return Number.isInteger(configured) ? Math.min(configured, requested) : requested;
  }

  /**
   * The agent is not available (Do not disturb, after-call work): the call is refused at once with
   * the profile's code, never rings, and is recorded as missed with why.
   */
  #refuseUnavailable(call, { statusCode, unavailable }) {
    call.endedAs = { reason: "missed", endedBy: "local", sipStatus: statusCode, unavailable };
    this.#log?.info(`call ${call.id} on ${call.accountId} refused with ${statusCode}: ${unavailable}`);
    Promise.resolve()
      .then(() => call.session.reject({ statusCode }))
      .catch((error) => this.#log?.warn(`refusing ${call.id}: ${error.message}`));
  }

  /** Answers a ringing call; established calls are put on hold first (call waiting). */
  async answer(callId) {
    const call = this.#table.get(callId);
    if (call.direction !== "inbound" || call.state !== CallState.RINGING || call.answering) return;
    call.answering = true;
    this.#clearAutoAnswer(call);
    const others = this.#table.all().filter((c) => c !== call && c.state === CallState.ESTABLISHED && !c.held);
    await Promise.all(
      others.map((c) => this.hold(c.id).catch((error) => this.#log?.warn(`holding ${c.id}: ${error.message}`))),
    );
    try {
      await call.session.accept({ sessionDescriptionHandlerOptions: { hold: false } });
    } catch (error) {
      call.answering = false;
      this.#table.fail(call, `Answering failed: ${error.message}`);
    }
  }

  /** Refuses a ringing call: 486 Busy Here, or 603 Decline with {decline: true}. */
  reject(callId, { decline = false } = {}) {
    const call = this.#table.get(callId);
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
    const call = this.#table.get(callId);
    if (call.state === CallState.ENDED) return;
    if (call.state === CallState.RINGING) return this.reject(callId);
    if (call.state !== CallState.ESTABLISHED) return this.cancel(callId);
    call.endedAs ??= { reason: "completed", endedBy: "local" };
    await this.#table.readStats(call);
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
    return this.#setHold(this.#table.get(callId), true);
  }

  resume(callId) {
    return this.#setHold(this.#table.get(callId), false);
  }

  async setMuted(callId, muted) {
    const call = this.#table.get(callId);
    const handler = this.#handler(call);
    if (!handler) throw new Error("The call has no media yet.");
    await handler.mute(muted);
    this.#table.update(call, { muted: Boolean(muted) });
  }

  /** DTMF: RFC 4733 in the media, or SIP INFO (application/dtmf-relay) when it was not negotiated. */
  async sendDtmf(callId, digits) {
    const call = this.#table.get(callId);
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
    const call = this.#table.get(callId);
    if (call.state !== CallState.ESTABLISHED) throw new Error("Only an established call can be transferred.");
    const uri = this.#targetUri(target, call.settings.domain);
    return sendTransfer(call.session, uri, {
      onAccepted: () => {
        call.transferredTo = uri.toString();
        this.hangup(call.id).catch(() => {});
      },
      notify: (notice) => this.#table.update(call, { notice }),
    });
  }

  /** The far end's REFER: refused, or placed as a call of its own (call-refer.js). */
  #onReferHandler = (call, referral) => {
    return answerRefer(referral, {
      callId: call.id,
      accepts: this.#settings.acceptsRefer(call.accountId),
      notify: (notice) => this.#table.update(call, { notice }),
      placeCall: (inviter, target) => {
        this.#invite(inviter, call.accountId, call.settings, target, { referredBy: call.id });
      },
      log: this.#log,
    });
  };

  // ---------------------------------------------------------------- re-INVITEs

  async #setHold(call, held) {
    if (call.state !== CallState.ESTABLISHED) throw new Error("Only an established call can be held or resumed.");
    call.wantHeld = held;
    if (call.held === held && !call.reinviteRetry) return;
    await this.#recovery.reinvite(call, { hold: held });
  }

  // ---------------------------------------------------------------- helpers

  #handler(call) {
    return call.session.sessionDescriptionHandler;
  }

  #transportUp(call) {
    return this.#accounts.transportUp(call.accountId);
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
    for (const { target, account } of this.#pendingDials.takeReady((wanted) => this.#accounts.readyToDial(wanted))) {
      try {
        this.dial(target, { account });
      } catch (error) {
        this.#log?.warn(`dial ${target}: ${error.message}`);
        this.#onChange({ notice: error.message });
      }
    }
  }

  #clearAutoAnswer(call) {
    if (call.autoAnswerTimer) this.#clock.clearTimeout(call.autoAnswerTimer);
    call.autoAnswerTimer = null;
  }
}
