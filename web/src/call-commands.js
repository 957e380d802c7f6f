// Java's `command` messages about calls, turned into the call manager's public methods. A command
// without a call id acts on the obvious call: the ringing one to answer or reject, else the newest
// established one, else the newest; complete-transfer and cancel-transfer act on the newest call
// that is part of a consultation.

import { CallState } from "./call-rules.js";

/**
 * @param {object} manager the CallManager (calls(), call(id) and the call actions)
 * @param {{name: string, callId?: string, otherCallId?: string, target?: string, account?: string, digits?: string,
 *   toneMs?: number, gapMs?: number}} command
 * @param {object} [log] warned of unknown commands
 */
export function runCallCommand(manager, command, log) {
  const call = command.callId ? manager.call(command.callId) : defaultCallFor(manager.calls(), command.name);
  const id = call?.callId;
  switch (command.name) {
    case "dial":
      return manager.dial(command.target, { account: command.account, waitForRegistration: true });
    case "answer":
      return call && manager.answer(id);
    case "reject":
      return call && manager.reject(id);
    case "decline":
      return call && manager.reject(id, { decline: true });
    case "hangup":
      return call && manager.hangup(id);
    case "hold":
      return call && manager.hold(id);
    case "resume":
      return call && manager.resume(id);
    case "mute":
    case "unmute":
      return call && manager.setMuted(id, command.name === "mute");
    case "dtmf":
      return call && manager.sendDtmf(id, command.digits || "", { toneMs: command.toneMs, gapMs: command.gapMs });
    case "transfer":
      return call && manager.transfer(id, command.target);
    case "consult":
      return call && manager.consult(id, command.target, { account: command.account });
    case "complete-transfer":
      return call && manager.completeTransfer(id);
    case "cancel-transfer":
      return call && manager.cancelTransfer(id);
    case "transfer-to-call":
      if (!command.callId || !command.otherCallId) throw new Error("transfer-to-call needs callId and otherCallId.");
      return call && manager.transferToCall(id, command.otherCallId);
    default:
      log?.warn(`unknown call command "${command.name}"`);
      return undefined;
  }
}

/** The call a command without a call id acts on (calls as the manager's views, oldest first). */
export function defaultCallFor(calls, name) {
  if (name === "answer" || name === "reject" || name === "decline")
    return calls.find((c) => c.state === CallState.RINGING);
  if (name === "complete-transfer" || name === "cancel-transfer")
    return calls.filter((c) => c.consultFor || c.consultCall).at(-1);
  return calls.filter((c) => c.state === CallState.ESTABLISHED).at(-1) || calls.at(-1);
}
