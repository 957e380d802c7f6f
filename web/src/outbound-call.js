// Placing outbound calls (call-manager.js decides from which account and holds the other calls):
// the INVITE, followed for ringback (180 and up) and for the far end's identity and final answer;
// and the dials that wait for an account to register (dial-queue.js), run once it does.

import { CallState, reasonPhrase } from "./call-rules.js";
import { DIAL_WAIT_MS } from "./dial-queue.js";

/**
 * Sends an outbound call's INVITE (early media) and follows its responses on the call.
 * @param {object} inviter the call's SIP.js Inviter
 * @param {object} call the call as the CallTable tracks it
 * @param {object} table the CallTable (noteFarEnd, update, fail)
 */
export function sendInvite(inviter, call, table) {
  inviter
    .invite({
      requestDelegate: {
        onProgress: (response) => {
          table.noteFarEnd(call, response);
          const status = response?.message?.statusCode;
          if (call.state === CallState.DIALING && status >= 180) table.update(call, { state: CallState.RINGBACK });
        },
        onAccept: (response) => table.noteFarEnd(call, response),
        onReject: (response) => {
          table.noteFarEnd(call, response);
          call.final = { sipStatus: response?.message?.statusCode, reasonPhrase: reasonPhrase(response) };
        },
      },
    })
    .catch((error) => table.fail(call, `The call could not be placed: ${error.message}`));
}

/** Keeps a dial until its account registers; the agent is told when none does in time. */
export function queueDial(queue, target, account, { log, onChange }) {
  queue.add(target, account, () => {
    log?.warn(`dial ${target}: no registered account within ${DIAL_WAIT_MS / 1000} s`);
    onChange({ notice: `Could not call ${target}: no registered account.` });
  });
  log?.info(`dial ${target}: waiting for ${account || "an account"} to register`);
}

/** Dials every waiting call whose account is ready now; a dial that fails is told to the agent. */
export function runReadyDials(queue, isReady, dial, { log, onChange }) {
  for (const { target, account } of queue.takeReady(isReady)) {
    try {
      dial(target, { account });
    } catch (error) {
      log?.warn(`dial ${target}: ${error.message}`);
      onChange({ notice: error.message });
    }
  }
}
