// REFER both ways (RFC 3515). A blind transfer REFERs the far end to someone else and ends this
// leg once the far end accepts. The far end's REFER asks this phone to call someone: SIP.js would
// accept and follow it unseen; here it gets 603 Decline unless the account's profile accepts REFER,
// and an accepted one becomes a call of its own, with its own card and events. SIP.js's makeInviter
// adds Referred-By (RFC 3892) and Replaces (RFC 3891) and NOTIFYs the referrer of the call's progress.

import { clipUri } from "./call-event-limits.js";
import { reasonPhrase } from "./call-rules.js";

/**
 * Sends a blind transfer's REFER on an established session.
 * @param {object} session the call's SIP.js session
 * @param {object} uri the target's SIP.js URI
 * @param {object} o
 * @param {() => void} o.onAccepted the far end took the transfer (202): end this leg
 * @param {(notice: string) => void} o.notify shows the agent why the transfer was refused
 */
export function sendTransfer(session, uri, { onAccepted, notify }) {
  return session.refer(uri, {
    requestDelegate: {
      onAccept: () => onAccepted(),
      onReject: (response) =>
        notify(`Transfer refused: ${response?.message?.statusCode} ${reasonPhrase(response)}`.trim()),
    },
  });
}

/**
 * Blind transfer of an established call: once the far end accepts the REFER the call records where
 * it went (its ended event's `transfer`, kind "blind") and this leg hangs up.
 * @param {object} call the call as the CallTable tracks it
 * @param {object} uri the target's SIP.js URI
 * @param {object} o
 * @param {(changes: object) => void} o.update changes the call (the refusal's notice)
 * @param {() => Promise<void>} o.hangup ends this leg
 */
export function blindTransfer(call, uri, { update, hangup }) {
  return sendTransfer(call.session, uri, {
    onAccepted: () => {
      call.transferredTo = uri.toString();
      call.transfer = { kind: "blind", target: clipUri(uri.toString()) };
      hangup().catch(() => {});
    },
    notify: (notice) => update({ notice }),
  });
}

/**
 * Answers the far end's REFER on a call.
 * @param {object} referral SIP.js's Referral
 * @param {object} o
 * @param {string} o.callId the call it came on (for the log)
 * @param {boolean} o.accepts the account's profile accepts REFER
 * @param {(notice: string) => void} o.notify tells the agent on the call's card
 * @param {(inviter: object, target: string) => void} o.placeCall follows an accepted REFER as a call of its own
 * @param {object} [o.log]
 */
export function answerRefer(referral, { callId, accepts, notify, placeCall, log }) {
  let target;
  try {
    const uri = referral.referTo.uri.clone();
    uri.clearHeaders?.();
    target = clipUri(uri.toString()); // the far end's choice: shown and recorded clipped
  } catch (error) {
    log?.warn(`REFER on ${callId} without a usable Refer-To: ${error.message}`);
    return Promise.resolve(referral.reject({ statusCode: 400 })).catch(() => {});
  }
  if (!accepts) {
    log?.info(`REFER on ${callId} to ${target} refused with 603: the profile does not accept REFER`);
    notify(`Refused the other side's request to call ${target}`);
    return Promise.resolve(referral.reject({ statusCode: 603 })).catch((error) => log?.warn(`REFER: ${error.message}`));
  }
  log?.info(`REFER on ${callId} to ${target} accepted: placing it as a call of its own`);
  return Promise.resolve(referral.accept())
    .then(() => placeCall(referral.makeInviter({ earlyMedia: true }), target))
    .catch((error) => {
      log?.warn(`REFER on ${callId} to ${target}: ${error.message}`);
      notify(`Could not call ${target} for the other side: ${error.message}`);
    });
}
