// Attended transfer (RFC 5589 §7). The agent talks to a caller (the "original" call), holds it and
// calls the target (the "consultation"); Complete sends the caller a REFER whose Refer-To carries a
// Replaces header (RFC 3891) naming the consultation dialog: the caller INVITEs the target with
// Replaces, the target swaps the consultation for the caller's call, and the caller's NOTIFY
// (message/sipfrag, RFC 3515 §2.4.5) says how that INVITE went. On a 2xx the agent's two calls end;
// on a failure both stay, the caller still held. Cancel ends the consultation and resumes the
// caller. Two calls the agent already has are joined the same way (transfer-to-call).
//
// Both calls of a transfer end with `transfer: {kind: "attended", target}` in their ended events;
// a blind transfer's call with kind "blind" (call-manager.js).
//
// Complete while the target still rings (a "semi-attended" transfer: the transferor of RFC 5589 §7
// completing before the target answers): a Replaces for the consultation cannot work,
// since the target would have to replace an early dialog it did not initiate, which RFC 3891 §3
// answers with 481. So the consultation's INVITE is cancelled (CANCEL, RFC 3261 §9.1) and, once
// that call has ended, the caller gets a REFER without Replaces to the target: a basic transfer
// (RFC 5589 §6), so the caller's INVITE rings the target, who answers the caller. The caller's call
// ends with kind "blind", as the agent never spoke to the target; the consultation ends as
// cancelled.

import { CallState } from "./call-rules.js";
import { clipUri } from "./call-event-limits.js";

/**
 * What the REFER's Refer-To names, given the consultation's SIP.js session. SIP.js's
 * `Session.refer(session)` writes `"name" <remote-target?Replaces=call-id;to-tag;from-tag>` from
 * the session's dialog; the remote target is the target's Contact. A WebSocket client's Contact has
 * an unroutable `.invalid` host (RFC 7118 §5) that the caller could not reach through the PBX: then
 * the same Refer-To is built on the target's address of record (the To of our INVITE, or the From
 * of theirs), which the PBX routes to the target's registrations. Anything else gets the session.
 * @param {object} session the established consultation (SIP.js Session)
 * @returns {object} what to pass to the original session's refer()
 */
export function referTarget(session) {
  const dialog = session.dialog;
  if (!dialog) throw new Error("The consultation call is not answered yet.");
  if (!/\.invalid$/i.test(dialog.remoteTarget?.host || "")) return session;
  return {
    remoteIdentity: session.remoteIdentity,
    dialog: {
      remoteTarget: session.remoteIdentity.uri,
      callId: dialog.callId,
      remoteTag: dialog.remoteTag,
      localTag: dialog.localTag,
    },
  };
}

/** The status code of a REFER's NOTIFY body (`SIP/2.0 200 OK`), or undefined. */
export function sipfragStatus(body) {
  const match = /^SIP\/2\.0\s+(\d{3})/.exec(String(body || "").trim());
  return match ? Number(match[1]) : undefined;
}

/**
 * Consult, complete, cancel and join calls. The call objects are the call table's; the pair is kept
 * on them: `consultFor` (on the consultation: the original call's id) and `consultCall` (on the
 * original: the consultation's id).
 */
export class AttendedTransfers {
  #table;
  #dial;
  #resume;
  #hangup;
  #blindTransfer;
  #log;
  // Consultations being cancelled for a transfer before answer: call id → sends the caller's REFER.
  #referAfterEnd = new Map();

  /**
   * @param {object} o
   * @param {object} o.table the CallTable
   * @param {(target: string, options: object) => object} o.dial places a call (holding the others first)
   * @param {(callId: string) => Promise} o.resume
   * @param {(callId: string) => Promise} o.hangup
   * @param {(callId: string, target: string) => Promise} o.blindTransfer REFER without Replaces;
   *   the call ends once the far end accepts (call-refer.js)
   * @param {object} [o.log]
   */
  constructor({ table, dial, resume, hangup, blindTransfer, log }) {
    this.#table = table;
    this.#dial = dial;
    this.#resume = resume;
    this.#hangup = hangup;
    this.#blindTransfer = blindTransfer;
    this.#log = log;
  }

  /** Holds the call and calls the target from the same account (or the one given): the consultation. */
  consult(callId, target, { account } = {}) {
    const original = this.#established(callId, "consulted about");
    if (this.#pairOf(original)) throw new Error("This call already has a consultation call.");
    const consultation = this.#dial(target, { account: account || original.accountId });
    const call = this.#table.get(consultation.callId);
    this.#link(original, call);
    return consultation;
  }

  /** Joins two calls the agent has: the first one's far end is sent to the second one's. */
  transferToCall(callId, otherCallId) {
    if (!otherCallId) throw new Error("transfer-to-call needs the other call (otherCallId).");
    if (callId === otherCallId) throw new Error("A call cannot be transferred to itself.");
    const original = this.#established(callId, "transferred");
    const other = this.#established(otherCallId, "transferred to");
    this.#unlink(original);
    this.#unlink(other);
    this.#link(original, other);
    return this.complete(callId);
  }

  /**
   * Sends the original call's far end the REFER with Replaces; the calls end when it succeeds. While
   * the target still rings: the consultation is cancelled and the caller sent to the target without
   * Replaces (see the top of this file).
   */
  complete(callId) {
    const pair = this.#pairOf(this.#table.get(callId));
    if (!pair) throw new Error("This call has no consultation call to transfer to.");
    const { original, consultation } = pair;
    this.#established(original.id, "transferred");
    if (consultation.state === CallState.DIALING || consultation.state === CallState.RINGBACK)
      return this.#completeBeforeAnswer(original, consultation);
    if (consultation.state !== CallState.ESTABLISHED)
      throw new Error("The consultation call has ended: cancel the transfer and try again.");
    if (original.transferring) throw new Error("The transfer is already under way.");
    const transfer = { kind: "attended", target: clipUri(consultation.remoteUri) };
    original.transferring = true;
    this.#table.update(original, { notice: "Transferring…" });
    const failed = (why) => {
      original.transferring = false;
      original.transfer = undefined;
      consultation.transfer = undefined;
      this.#log?.warn(`transfer of ${original.id} to ${consultation.id}: ${why}`);
      this.#table.update(original, { notice: `Transfer failed: ${why}` });
    };
    let done = false;
    const succeeded = () => {
      if (done) return;
      done = true;
      original.transferring = false;
      this.#log?.info(`call ${original.id} transferred to ${transfer.target} (consultation ${consultation.id})`);
      for (const call of [original, consultation]) {
        call.transfer = transfer;
        // The target usually ends the consultation itself (the replaced dialog's BYE): nothing left to end then.
        if (call.state === CallState.ENDED) continue;
        this.#hangup(call.id).catch((error) => this.#log?.warn(`ending ${call.id}: ${error.message}`));
      }
    };
    return original.session.refer(referTarget(consultation.session), {
      requestDelegate: {
        // 202: the caller tries; the outcome comes in NOTIFYs. Meanwhile a call that ends counts as transferred.
        onAccept: () => {
          original.transfer = transfer;
          consultation.transfer = transfer;
        },
        onReject: (response) =>
          failed(`${response?.message?.statusCode} ${response?.message?.reasonPhrase || ""}`.trim()),
      },
      onNotify: (notification) => {
        notification.accept();
        const status = sipfragStatus(notification.request?.body);
        if (status >= 200 && status < 300) succeeded();
        else if (status >= 300) failed(`the other side's call got ${status}`);
      },
    });
  }

  /** Cancels the ringing consultation; once it has ended, REFERs the held caller to its target. */
  #completeBeforeAnswer(original, consultation) {
    const target = consultation.remoteUri;
    this.#log?.info(`call ${original.id}: transfer to ${target} while it rings: cancelling ${consultation.id} first`);
    this.#unlink(original);
    this.#table.update(original, { notice: "Transferring…" });
    this.#referAfterEnd.set(consultation.id, () => {
      if (original.state !== CallState.ESTABLISHED) {
        this.#log?.info(`call ${original.id} ended before its transfer to ${target}: no REFER`);
        return undefined;
      }
      return Promise.resolve()
        .then(() => this.#blindTransfer(original.id, target))
        .catch((error) => {
          this.#log?.warn(`transfer of ${original.id} to ${target}: ${error.message}`);
          this.#table.update(original, { notice: `Transfer failed: ${error.message}` });
        });
    });
    return Promise.resolve(this.#hangup(consultation.id));
  }

  /** Ends the consultation (or stops calling the target) and resumes the held caller. */
  async cancel(callId) {
    const pair = this.#pairOf(this.#table.get(callId));
    if (!pair) throw new Error("This call has no consultation call to cancel.");
    const { original, consultation } = pair;
    this.#unlink(original);
    await this.#hangup(consultation.id);
    if (original.state === CallState.ESTABLISHED && original.held) await this.#resume(original.id);
  }

  /** A call ended: its partner forgets it (a consultation that ends leaves the caller held, as it was). */
  forget(call) {
    const refer = this.#referAfterEnd.get(call.id);
    if (refer) {
      this.#referAfterEnd.delete(call.id);
      refer();
      return;
    }
    const partner = this.#partnerOf(call);
    if (partner && !partner.transfer) {
      partner.consultFor = undefined;
      partner.consultCall = undefined;
      this.#table.update(partner, { notice: "The consultation ended." });
    }
  }

  #pairOf(call) {
    if (call.consultFor) {
      const original = this.#table.find(call.consultFor);
      return original && { original, consultation: call };
    }
    if (call.consultCall) {
      const consultation = this.#table.find(call.consultCall);
      return consultation && { original: call, consultation };
    }
    return undefined;
  }

  #partnerOf(call) {
    const pair = this.#pairOf(call);
    if (!pair) return undefined;
    return pair.original === call ? pair.consultation : pair.original;
  }

  #link(original, consultation) {
    this.#table.update(original, { consultCall: consultation.id, notice: undefined });
    this.#table.update(consultation, { consultFor: original.id });
  }

  #unlink(call) {
    const partner = this.#partnerOf(call);
    for (const c of [call, partner]) {
      if (c) this.#table.update(c, { consultCall: undefined, consultFor: undefined });
    }
  }

  #established(callId, what) {
    const call = this.#table.get(callId);
    if (call.state !== CallState.ESTABLISHED) throw new Error(`Only an established call can be ${what}.`);
    return call;
  }
}
