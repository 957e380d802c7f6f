// Whether each account takes calls (bridge-protocol.md, "Availability"). Java owns Do not disturb
// (set from the window, the tray or `deskphone dnd`, remembered across restarts) and sends the
// accounts in it; the page owns after-call work: an account is in it while one of its wrap-up forms
// is open. The call manager asks refusal(account) for every incoming call.

/** The responses a profile may choose for refused calls (RFC 3261 §21.4.7, §21.4.18, §21.6.2). */
export const UNAVAILABLE_RESPONSES = Object.freeze([486, 480, 603]);
export const DEFAULT_UNAVAILABLE_RESPONSE = 486;

export const AvailabilityState = Object.freeze({
  AVAILABLE: "available",
  DND: "dnd",
  AFTER_CALL_WORK: "after-call-work",
});

export class Availability {
  #dnd = new Set();
  /** callId -> account id, one per open wrap-up form */
  #wrapUps = new Map();
  /** account id -> {dndResponse, ringDuringWrapUp} */
  #settings = new Map();
  #onChange;
  #onAfterCallWork;

  /**
   * @param {object} [o]
   * @param {() => void} [o.onChange] any account's availability changed (the top bar redraws)
   * @param {(accounts: string[]) => void} [o.onAfterCallWork] the accounts in after-call work changed (told to Java)
   */
  constructor({ onChange = () => {}, onAfterCallWork = () => {} } = {}) {
    this.#onChange = onChange;
    this.#onAfterCallWork = onAfterCallWork;
  }

  /** Java's `availability` message: the accounts in Do not disturb. */
  setDnd(accountIds) {
    this.#dnd = new Set(Array.isArray(accountIds) ? accountIds : []);
    this.#onChange();
  }

  /** The config message: each account's refusal code and whether it rings during wrap-up. */
  setConfig(config) {
    this.#settings = new Map(
      (config?.accounts || []).map((a) => [
        a.id,
        {
          dndResponse: UNAVAILABLE_RESPONSES.includes(a.dndResponse) ? a.dndResponse : DEFAULT_UNAVAILABLE_RESPONSE,
          ringDuringWrapUp: a.ringDuringWrapUp === true,
        },
      ]),
    );
    this.#onChange();
  }

  /** A wrap-up form opened for a call of `account`. */
  wrapUpStarted(callId, account) {
    if (!account) return;
    const before = this.afterCallWork();
    this.#wrapUps.set(callId, account);
    this.#changedWrapUps(before);
  }

  /** The call's wrap-up form closed (submitted, or its timer ran out). */
  wrapUpEnded(callId) {
    if (!this.#wrapUps.has(callId)) return;
    const before = this.afterCallWork();
    this.#wrapUps.delete(callId);
    this.#changedWrapUps(before);
  }

  /** The accounts with a wrap-up form open, sorted. */
  afterCallWork() {
    return [...new Set(this.#wrapUps.values())].sort();
  }

  /** available, dnd or after-call-work; Do not disturb wins. */
  stateOf(account) {
    if (this.#dnd.has(account)) return AvailabilityState.DND;
    if (this.#wrapUps.size && this.afterCallWork().includes(account)) return AvailabilityState.AFTER_CALL_WORK;
    return AvailabilityState.AVAILABLE;
  }

  /**
   * How an incoming call to `account` is refused now, or null when it may ring.
   * @returns {{statusCode: number, unavailable: string}|null}
   */
  refusal(account) {
    const state = this.stateOf(account);
    const settings = this.#settings.get(account) || {};
    if (state === AvailabilityState.AVAILABLE) return null;
    if (state === AvailabilityState.AFTER_CALL_WORK && settings.ringDuringWrapUp) return null;
    return { statusCode: settings.dndResponse || DEFAULT_UNAVAILABLE_RESPONSE, unavailable: state };
  }

  #changedWrapUps(before) {
    const after = this.afterCallWork();
    if (after.join("\n") === before.join("\n")) return;
    this.#onAfterCallWork(after);
    this.#onChange();
  }
}
