// Dials that wait for their account to register: a `deskphone dial` that started the app comes
// before any account is registered. Each waits at most DIAL_WAIT_MS; the call manager takes the
// ones whose account is ready whenever an account registers.

import { systemClock } from "./clock.js";

/** How long a dial waits for its account to register (a `deskphone dial` that started the app). */
export const DIAL_WAIT_MS = 60_000;

export class DialQueue {
  #clock;
  #waitMs;
  #entries = [];

  /** @param {object} [o] @param {object} [o.clock] setTimeout/clearTimeout @param {number} [o.waitMs] */
  constructor({ clock = systemClock, waitMs = DIAL_WAIT_MS } = {}) {
    this.#clock = clock;
    this.#waitMs = waitMs;
  }

  /** Queues a dial; onExpired runs if it is still waiting after the wait. */
  add(target, account, onExpired) {
    const entry = { target, account };
    entry.timer = this.#clock.setTimeout(() => {
      this.#entries = this.#entries.filter((d) => d !== entry);
      onExpired();
    }, this.#waitMs);
    this.#entries.push(entry);
  }

  /** Removes and returns, oldest first, the dials whose account is ready ({target, account} each). */
  takeReady(isReady) {
    const ready = this.#entries.filter((entry) => isReady(entry.account));
    this.#entries = this.#entries.filter((entry) => !ready.includes(entry));
    for (const entry of ready) this.#clock.clearTimeout(entry.timer);
    return ready.map(({ target, account }) => ({ target, account }));
  }

  get size() {
    return this.#entries.length;
  }
}
