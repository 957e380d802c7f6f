// The accounts as the calls see them: each one's registration state as its supervisor last
// reported it (else as the account manager knows it), whether its transport is connected, and
// which account a dial goes from.

import { chooseAccount } from "./call-rules.js";

export class CallAccounts {
  #accounts;
  #states = new Map();

  /** @param {object} accounts the SIPAccountManager (userAgent(id), account(id), state(id), accountIds()) */
  constructor(accounts) {
    this.#accounts = accounts;
  }

  /** Records an account's new registration state; returns the one it had before (undefined at first). */
  setState(accountId, state) {
    const previous = this.#states.get(accountId);
    this.#states.set(accountId, state);
    return previous;
  }

  registered(accountId) {
    const state = this.#states.get(accountId) ?? safe(() => this.#accounts.state(accountId)?.state);
    return state === "registered";
  }

  /** The account's WebSocket is connected, so a request (BYE, re-INVITE) can reach the PBX. */
  transportUp(accountId) {
    const ua = safe(() => this.#accounts.userAgent(accountId));
    return Boolean(ua?.isConnected?.());
  }

  /** An account by id (`profile/ext`) or extension; by default the first registered one. */
  choose(wanted) {
    return chooseAccount(this.#accounts.accountIds(), wanted, (id) => this.registered(id));
  }

  /** The wanted account (or the default one) when it is registered, so a dial can go out now. */
  readyToDial(wanted) {
    const accountId = this.choose(wanted);
    return Boolean(accountId) && this.registered(accountId);
  }

  /** The account's settings (extension, domain, profile). */
  settings(accountId) {
    return this.#accounts.account(accountId);
  }

  userAgent(accountId) {
    return this.#accounts.userAgent(accountId);
  }
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
