// The page's calls: SIP.js sessions of every account, their state for the UI and Java, and their
// call events (architecture.md "Call events"). Signalling is SIP.js's; media is the bridge
// handler's (media-handler.js). This file holds what one can do with calls:
//   answer / reject (486, 603) and call waiting (incoming-call.js);
//   outbound dial (number or SIP URI), at once or once the account registers (dial-queue.js),
//   ringback / early media, cancel before answer;
//   dialling while on a call holds the established calls first;
//   hold/resume by re-INVITE; mute; DTMF and live stats (call-media.js); blind transfer
//   and the far end's REFER (call-refer.js); attended transfer: consult, complete, cancel, and
//   transfer between two calls (call-transfer.js); three-way calls: merge and split
//   (call-conference.js); Java's commands (call-commands.js).
// What an incoming INVITE becomes (ringing with its auto-answer, refused while the agent is not
// available, or replacing an established call, RFC 3891) is incoming-call.js's;
// each call's life from created to ended, with its events and end reason, is call-table.js's;
// 491 retries and getting media back after a transport or ICE loss are media-recovery.js's; the
// rules as plain functions (dial targets, end reasons, SDP direction) are call-rules.js's.

import { runCallCommand } from "./call-commands.js";
import { answerRefer, blindTransfer } from "./call-refer.js";
import {
  CallState,
  callSettings,
  callView as view,
  cannotDialMessage,
  dtmfTones,
  targetUri,
  outboundCall,
} from "./call-rules.js";
import { systemClock } from "./clock.js";
import { DialQueue } from "./dial-queue.js";
import { CallAccounts } from "./call-accounts.js";
import { CallTable } from "./call-table.js";
import { AttendedTransfers } from "./call-transfer.js";
import { Conferences } from "./call-conference.js";
import { IncomingCalls } from "./incoming-call.js";
import { liveStats, sendDtmfTones } from "./call-media.js";
import { queueDial, runReadyDials, sendInvite } from "./outbound-call.js";
import { MediaRecovery } from "./media-recovery.js";
import { uuidV4 } from "./uuid.js";

export { CallState } from "./call-rules.js";

/** A no-op events object: calls work without the events module (and when it throws). */
export const NO_EVENTS = Object.freeze({ created() {}, answered() {}, ended() {}, wrapup() {} });

export class CallManager {
  #sip;
  #accounts;
  #log;
  #onChange;
  #table;
  #settings = callSettings(undefined);
  #pendingDials;
  #recovery;
  #transfers;
  #conferences;
  #incoming;

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
    this.#accounts = new CallAccounts(accounts);
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
        this.#incoming.clearAutoAnswer(call);
        this.#recovery.forget(call);
        this.#transfers.forget(call);
        this.#conferences.forget(call);
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
    this.#transfers = new AttendedTransfers({
      table: this.#table,
      dial: (target, options) => this.dial(target, options),
      resume: (callId) => this.resume(callId),
      hangup: (callId) => this.hangup(callId),
      blindTransfer: (callId, target) => this.transfer(callId, target),
      log: this.#log,
    });
    this.#conferences = new Conferences({
      table: this.#table,
      resume: (callId) => this.resume(callId),
      log: this.#log,
    });
    this.#incoming = new IncomingCalls({
      table: this.#table,
      clock,
      log: this.#log,
      settings: () => this.#settings,
      availability,
      hold: (callId) => this.hold(callId),
      onChange,
      onRefer: this.#onReferHandler,
    });
  }

  // ---------------------------------------------------------------- wiring

  /** The UserAgent delegate for an account (SIPAccountManager's createDelegate). */
  delegateFor(accountId) {
    return {
      onInvite: (invitation) => this.#incoming.take(accountId, this.#accounts.settings(accountId), invitation),
    };
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

  /** The call's media stats now, for its live quality indicator (call-media.js); undefined without media. */
  liveStats(callId) {
    return liveStats(this.#table.find(callId)?.session);
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
    const uri = targetUri(this.#sip, target, settings.domain);
    const ua = this.#accounts.userAgent(accountId);
    this.#holdEstablished();
    return this.#invite(new this.#sip.Inviter(ua, uri, { earlyMedia: true }), accountId, settings, uri.toString());
  }

  /** Sends an outbound call's INVITE and follows it as a call of its own. */
  #invite(inviter, accountId, settings, remoteUri, extra = {}) {
    const call = this.#table.track(inviter, outboundCall(accountId, settings, remoteUri), extra, this.#onReferHandler);
    sendInvite(inviter, call, this.#table);
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

  /** Answers a ringing call; established calls are put on hold first (call waiting). */
  answer(callId) {
    return this.#incoming.answer(callId);
  }

  /** Refuses a ringing call: 486 Busy Here, or 603 Decline with {decline: true}. */
  reject(callId, options) {
    return this.#incoming.reject(callId, options);
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
    const handler = call.session.sessionDescriptionHandler;
    if (!handler) throw new Error("The call has no media yet.");
    await handler.mute(muted);
    this.#table.update(call, { muted: Boolean(muted) });
  }

  /**
   * DTMF: RFC 4733 in the media, or SIP INFO (application/dtmf-relay) when it was not negotiated.
   * @param {{toneMs?: number, gapMs?: number}} [lengths] the media handler's defaults when absent
   */
  async sendDtmf(callId, digits, lengths = {}) {
    const call = this.#table.get(callId);
    const tones = dtmfTones(digits);
    if (call.state !== CallState.ESTABLISHED) throw new Error("DTMF needs an established call.");
    return sendDtmfTones(call.session, tones, lengths);
  }

  /** Blind transfer: REFER the far end to the target; once accepted (202) this leg ends. */
  transfer(callId, target) {
    const call = this.#table.get(callId);
    if (call.state !== CallState.ESTABLISHED) throw new Error("Only an established call can be transferred.");
    const uri = targetUri(this.#sip, target, call.settings.domain);
    return blindTransfer(call, uri, {
      update: (changes) => this.#table.update(call, changes),
      hangup: () => this.hangup(call.id),
    });
  }

  /** Attended transfer, step 1: holds the call and calls the target (call-transfer.js). */
  consult(callId, target, options) {
    return this.#transfers.consult(callId, target, options);
  }

  /**
   * Attended transfer, step 2: the held caller is sent to the consulted target (REFER with Replaces),
   * or, while the target still rings, the consultation is cancelled and the caller REFERred to it.
   */
  completeTransfer(callId) {
    return this.#transfers.complete(callId);
  }

  /** Ends the consultation and resumes the held caller. */
  cancelTransfer(callId) {
    return this.#transfers.cancel(callId);
  }

  /** Transfers one established call's far end to another call's far end (both end once it worked). */
  transferToCall(callId, otherCallId) {
    return this.#transfers.transferToCall(callId, otherCallId);
  }

  /**
   * Three-way call: merges the agent's two established calls (held ones are resumed), so every party
   * hears the other two. `callId` may name one of them; the other is the agent's other call.
   */
  merge(callId) {
    if (callId) this.#table.get(callId);
    return this.#conferences.merge();
  }

  /** Splits the three-way call back into two calls, each hearing only the agent. */
  split(callId) {
    return this.#conferences.split(callId);
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

  /** Dialling while on a call: every established call not on hold is held first. */
  #holdEstablished() {
    for (const call of this.#table.all()) {
      if (call.state !== CallState.ESTABLISHED || call.held || call.wantHeld) continue;
      this.hold(call.id).catch((error) => this.#log?.warn(`holding ${call.id}: ${error.message}`));
    }
  }

  #transportUp(call) {
    return this.#accounts.transportUp(call.accountId);
  }

  #queueDial(target, account) {
    queueDial(this.#pendingDials, target, account, { log: this.#log, onChange: this.#onChange });
  }

  #runPendingDials() {
    const isReady = (wanted) => this.#accounts.readyToDial(wanted);
    const dial = (target, options) => this.dial(target, options);
    runReadyDials(this.#pendingDials, isReady, dial, { log: this.#log, onChange: this.#onChange });
  }
}
