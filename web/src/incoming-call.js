// What happens to an incoming INVITE (call-manager.js follows the call from then on):
//   an INVITE with Replaces (RFC 3891) for one of our established calls takes its place at once;
//   an agent who is not available (availability.js) refuses it with the profile's code;
//   otherwise it rings (180), as call waiting when another call is established, and answers itself
//   after the account's auto-answer delay, or sooner when the caller asks (auto-answer-request.js)
//   and the profile honours that.
// Then the agent answers it (established calls are held first: call waiting) or refuses it with
// 486 Busy Here or 603 Decline.

import { requestedAnswerDelay } from "./auto-answer-request.js";
import { CallState, callView as view, inboundCall } from "./call-rules.js";

/**
 * Seconds until an incoming call answers itself: the configured delay, or the caller's requested
 * one when it is sooner (or the only one); null/undefined when the call does not answer itself.
 * @param {number|null|undefined} configured the profile's (or the command line's) delay
 * @param {number|null} requested what the caller asks for, null when nothing
 */
export function answerDelay(configured, requested) {
  if (requested === null) return configured;
  return Number.isInteger(configured) ? Math.min(configured, requested) : requested;
}

export class IncomingCalls {
  #table;
  #clock;
  #log;
  #settings;
  #availability;
  #hold;
  #onChange;
  #onRefer;

  /**
   * @param {object} o
   * @param {object} o.table the CallTable
   * @param {() => object} o.settings the call settings now (call-rules.js callSettings)
   * @param {{refusal: (accountId: string) => object|null}} o.availability
   * @param {(callId: string) => Promise<void>} o.hold holds an established call (call waiting)
   * @param {(call: object) => void} o.onChange
   * @param {(call: object, referral: object) => unknown} o.onRefer the far end's REFER
   */
  constructor({ table, clock, log, settings, availability, hold, onChange, onRefer }) {
    this.#table = table;
    this.#clock = clock;
    this.#log = log;
    this.#settings = settings;
    this.#availability = availability;
    this.#hold = hold;
    this.#onChange = onChange;
    this.#onRefer = onRefer;
  }

  /**
   * Follows a new incoming INVITE on an account as a call, and replaces, refuses or rings it. A call
   * that answers itself at once is accepted here, before anything is rendered or told to Java: it
   * stays quiet (call-table.js) until its 200 OK is out, then shows as ringing and answered.
   */
  take(accountId, accountSettings, invitation) {
    const replaced = this.#replacedBy(invitation);
    const refusal = replaced ? null : this.#availability.refusal(accountId);
    const waiting = this.#table.all().some((c) => c.state === CallState.ESTABLISHED);
    const delay = replaced || refusal ? null : this.#answerDelay(accountId, invitation);
    const atOnce = delay === 0 && !waiting;
    const call = this.#table.track(
      invitation,
      inboundCall(accountId, accountSettings || {}, invitation),
      replaced ? { replaces: replaced.id } : {},
      this.#onRefer,
      { quiet: atOnce },
    );
    if (replaced) {
      // RFC 3891 §3: the new call takes the established one's place at once (no ringing, no
      // holding of the others, whatever the agent's availability: it continues a call in progress);
      // SIP.js sends the replaced dialog its BYE once this one is accepted.
      replaced.endedAs = { reason: "completed", endedBy: "local" };
      this.#log?.info(`call ${call.id} replaces call ${replaced.id} (RFC 3891)`);
      call.session
        .accept({ sessionDescriptionHandlerOptions: { hold: false } })
        .catch((error) => this.#table.fail(call, `Answering the replacing call failed: ${error.message}`));
      this.#onChange(view(call));
      return;
    }
    if (refusal) return this.#refuseUnavailable(call, refusal);
    call.waiting = waiting;
    // Answered at once (headset agents): the call is not announced as ringing (no notification
    // window, no ringtone) — Java reads this flag from the call-state messages. Its 200 OK is the
    // first answer the caller gets after SIP.js's 100 Trying: a 180 first would only delay it.
    call.autoAnswerAtOnce = atOnce;
    if (atOnce) {
      this.#table.announce(call); // the ringing view, held back until the release
      this.answer(call.id)
        .catch(() => {})
        .finally(() => this.#table.release(call));
      return;
    }
    // Answer with 180 Ringing right away (SIP.js sends only 100 Trying by itself).
    try {
      invitation.progress?.();
    } catch (error) {
      this.#log?.debug(`180 for ${call.id} not sent: ${error.message}`);
    }
    if (Number.isInteger(delay) && !waiting) {
      call.autoAnswerTimer = this.#clock.setTimeout(() => {
        call.autoAnswerTimer = null;
        if (call.state === CallState.RINGING) this.answer(call.id).catch(() => {});
      }, delay * 1000);
    }
    this.#onChange(view(call));
  }

  /** Answers a ringing call; established calls are put on hold first (call waiting). */
  async answer(callId) {
    const call = this.#table.get(callId);
    if (call.direction !== "inbound" || call.state !== CallState.RINGING || call.answering) return;
    call.answering = true;
    this.clearAutoAnswer(call);
    const others = this.#table.all().filter((c) => c !== call && c.state === CallState.ESTABLISHED && !c.held);
    // Nothing to hold: the accept starts now, in this task (not after a turn of the event loop).
    if (others.length > 0) {
      await Promise.all(
        others.map((c) => this.#hold(c.id).catch((error) => this.#log?.warn(`holding ${c.id}: ${error.message}`))),
      );
    }
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
    this.clearAutoAnswer(call);
    const statusCode = decline ? 603 : 486;
    call.endedAs = { reason: decline ? "rejected" : "busy", endedBy: "local", sipStatus: statusCode };
    return Promise.resolve(call.session.reject({ statusCode })).catch((error) =>
      this.#log?.warn(`reject ${callId}: ${error.message}`),
    );
  }

  /** Stops a call's pending auto-answer (answered, refused or ended first). */
  clearAutoAnswer(call) {
    if (call.autoAnswerTimer) this.#clock.clearTimeout(call.autoAnswerTimer);
    call.autoAnswerTimer = null;
  }

  /** The account's delay, or the caller's requested one when the profile honours it. */
  #answerDelay(accountId, invitation) {
    const settings = this.#settings();
    const configured = settings.autoAnswerSeconds(accountId);
    if (!settings.honoursAnswerRequest(accountId)) return configured;
    const requested = requestedAnswerDelay(invitation.request);
    if (requested === null) return configured;
    this.#log?.info(`caller asks to be answered after ${requested} s; the profile allows it`);
    return answerDelay(configured, requested);
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

  /** The established call an INVITE with Replaces names (SIP.js matched its dialog), or undefined. */
  #replacedBy(invitation) {
    const replaced = invitation._replacee && this.#table.bySession(invitation._replacee);
    return replaced?.state === CallState.ESTABLISHED ? replaced : undefined;
  }
}
