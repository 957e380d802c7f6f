// Keeps one account registered for as long as the user wants it registered.
//
// SIP.js 0.21 does not recover by itself: its transport does not reconnect (its own deprecated
// reconnection is switched off), a Registerer whose refresh fails just sits in "Unregistered", and
// a Registerer that lived through a transport loss is dead. This supervisor owns those decisions
// for one UserAgent: connect (ua.start / ua.reconnect), register with a fresh Registerer each
// time, watch the transport and the registration, and retry with backoff and jitter.
//
// States (reported through onState, see architecture.md):
//   connecting    WebSocket being opened
//   registering   REGISTER sent, waiting for the final response
//   registered    the PBX accepted the binding; SIP.js refreshes it before it expires
//   reconnecting  something transient went wrong (transport lost or never up, 408, 5xx, refresh
//                 failed); a retry is scheduled in retryInMs
//   failed        the PBX refused us (401/403/404, other 4xx/6xx): wrong password, unknown user,
//                 bad domain. Retried slowly (AUTH_FAILURE_BACKOFF) and at once on user action.
//   unregistered  the user does not want this account registered; nothing runs.

import { AUTH_FAILURE_BACKOFF, RECONNECT_BACKOFF, backoffDelay } from "./backoff.js";
import { systemClock } from "./clock.js";
import { AccountState, describeError, describeState, isTransientStatus, sameState } from "./registration-state.js";

// A binding is refreshed before it expires (RFC 3261 §10.2.4). SIP.js's default, at 99 % of the
// granted time, leaves 1 % (0.6 s of a 60 s binding) for two round trips, the digest challenge and
// the authorized REGISTER; a late 200 OK lets the binding lapse and the PBX stops routing calls
// here until the next REGISTER. At 90 % a tenth of the grant is left.
const REFRESH_AT_PERCENT = 90;

export { AccountState, isTransientStatus } from "./registration-state.js";

/** A registration kept this long counts as stable: the next failure starts the backoff afresh. */
export const STABLE_REGISTRATION_MS = 60_000;

/** How long a user "Unregister" waits for the PBX to confirm before stopping the UA anyway. */
export const UNREGISTER_TIMEOUT_MS = 4_000;

export class RegistrationSupervisor {
  #accountId;
  #sip;
  #ua;
  #expires;
  #clock;
  #random;
  #reconnectPolicy;
  #authPolicy;
  #stableMs;
  #unregisterTimeoutMs;
  #onState;
  #log;

  /** True while the user wants this account registered. */
  #wanted = false;
  #disposed = false;
  /** Bumped whenever an attempt is abandoned, so late callbacks of the old one are ignored. */
  #epoch = 0;
  #retryTimer = null;
  #attempt = 0;
  #authAttempt = 0;
  #registeredAt = null;
  #uaStarted = false;
  #stopping = null;
  #registerer = null;
  #registererListener = null;
  #last = { state: AccountState.UNREGISTERED };

  /**
   * @param {object} o
   * @param {string} o.accountId `profile/extension`
   * @param {object} o.sip the SIP.js namespace (Registerer, RegistererState)
   * @param {(delegate: object) => object} o.createUserAgent builds the account's SIP.UserAgent with
   *   the given delegate (onConnect/onDisconnect) merged into its own
   * @param {number} [o.expires] REGISTER expiry in seconds
   * @param {(state: object) => void} o.onState receives {account, state, statusCode?, reason?, retryInMs?}
   */
  constructor({
    accountId,
    sip,
    createUserAgent,
    expires = 600,
    clock = systemClock,
    random = Math.random,
    reconnectPolicy = RECONNECT_BACKOFF,
    authFailurePolicy = AUTH_FAILURE_BACKOFF,
    stableMs = STABLE_REGISTRATION_MS,
    unregisterTimeoutMs = UNREGISTER_TIMEOUT_MS,
    onState = () => {},
    log,
  }) {
    this.#accountId = accountId;
    this.#sip = sip;
    this.#expires = expires;
    this.#clock = clock;
    this.#random = random;
    this.#reconnectPolicy = reconnectPolicy;
    this.#authPolicy = authFailurePolicy;
    this.#stableMs = stableMs;
    this.#unregisterTimeoutMs = unregisterTimeoutMs;
    this.#onState = onState;
    this.#log = log;
    this.#ua = createUserAgent({
      onConnect: () => this.#log?.debug(`${this.#accountId}: transport connected`),
      onDisconnect: (error) => this.#onTransportLost(error),
    });
  }

  get accountId() {
    return this.#accountId;
  }

  get userAgent() {
    return this.#ua;
  }

  /** The last reported state: {account, state, statusCode?, reason?, retryInMs?}. */
  get state() {
    return { ...this.#last };
  }

  /**
   * The user (or the config) wants the account registered. Idempotent while an attempt is under
   * way or the account is registered; from failed/reconnecting it retries at once.
   */
  start() {
    if (this.#disposed) return;
    const s = this.#last.state;
    const busy = s === AccountState.REGISTERED || s === AccountState.CONNECTING || s === AccountState.REGISTERING;
    if (this.#wanted && busy) return;
    this.#wanted = true;
    this.#cancelRetry();
    this.#attempt = 0;
    this.#authAttempt = 0;
    this.#attemptRegistration();
  }

  /**
   * The user wants the account unregistered: un-REGISTER (if registered), then stop the UA and
   * its WebSocket (SIP.js's usual lifecycle). No supervision afterwards.
   * @returns {Promise<void>} resolves once the UA is stopped (or the stop timed out)
   */
  async stop({ silent = false } = {}) {
    this.#wanted = false;
    this.#epoch++;
    this.#cancelRetry();
    const registerer = this.#detachRegisterer();
    // The whole sequence is one promise: a start() meanwhile waits for it before ua.start().
    const previous = this.#stopping;
    const stopping = previous ? previous.then(() => this.#stopSequence(registerer)) : this.#stopSequence(registerer);
    this.#stopping = stopping;
    stopping.then(() => {
      if (this.#stopping === stopping) this.#stopping = null;
    });
    await this.#withTimeout(stopping, 2 * this.#unregisterTimeoutMs);
    if (!this.#wanted && !silent) this.#report({ state: AccountState.UNREGISTERED });
  }

  async #stopSequence(registerer) {
    try {
      if (registerer && this.#isRegistered(registerer) && this.#ua.isConnected()) {
        await this.#unregister(registerer);
      }
      registerer?.dispose().catch(() => {});
      if (this.#uaStarted) {
        this.#uaStarted = false;
        await this.#ua.stop();
      }
    } catch (e) {
      this.#log?.warn(`${this.#accountId}: stopping the user agent failed: ${e?.message}`);
    }
  }

  /** Stops for good (account removed): un-REGISTERs, stops the UA, reports nothing more. */
  async dispose() {
    const stopping = this.stop({ silent: true });
    this.#disposed = true;
    await stopping;
  }

  #attemptRegistration() {
    if (!this.#wanted || this.#disposed) return;
    if (!this.#stopping && this.#ua.isConnected()) {
      this.#register();
    } else {
      this.#connect();
    }
  }

  async #connect() {
    const epoch = ++this.#epoch;
    this.#report({ state: AccountState.CONNECTING });
    try {
      // start() after stop() fails until stop() has resolved (SIP.js UserAgent.start docs).
      if (this.#stopping) await this.#stopping;
      if (epoch !== this.#epoch) return;
      if (this.#uaStarted) {
        await this.#ua.reconnect();
      } else {
        this.#uaStarted = true;
        await this.#ua.start();
      }
    } catch (error) {
      if (epoch !== this.#epoch) return;
      this.#retryLater({ statusCode: undefined, reason: describeError(error, "Cannot connect") });
      return;
    }
    if (epoch !== this.#epoch) return;
    this.#register();
  }

  #register() {
    const epoch = ++this.#epoch;
    this.#report({ state: AccountState.REGISTERING });
    this.#detachRegisterer()
      ?.dispose()
      .catch(() => {});
    let registerer;
    try {
      // A fresh Registerer per attempt: one that went through a transport loss or a failed
      // refresh carries stale timers and transaction state.
      registerer = new this.#sip.Registerer(this.#ua, {
        expires: this.#expires,
        refreshFrequency: REFRESH_AT_PERCENT,
        logConfiguration: false,
      });
    } catch (error) {
      this.#retryLater({ statusCode: undefined, reason: describeError(error, "Cannot create the registration") });
      return;
    }
    let rejection = null;
    const listener = (newState) => this.#onRegistererState(registerer, epoch, newState, () => rejection);
    this.#registerer = registerer;
    this.#registererListener = listener;
    registerer.stateChange.addListener(listener);
    const requestDelegate = {
      // SIP.js moves the Registerer to Unregistered *before* calling onReject, so the state
      // listener defers its decision by a microtask to see the status code recorded here.
      onReject: (response) => {
        rejection = {
          statusCode: response?.message?.statusCode,
          reason: response?.message?.reasonPhrase,
          retryAfterSeconds: registerer.retryAfter,
        };
      },
    };
    let sent;
    try {
      sent = registerer.register({ requestDelegate });
    } catch (error) {
      sent = Promise.reject(error);
    }
    Promise.resolve(sent).catch((error) => {
      if (epoch !== this.#epoch) return;
      this.#retryLater({ statusCode: undefined, reason: describeError(error, "REGISTER could not be sent") });
    });
  }

  #onRegistererState(registerer, epoch, newState, rejection) {
    if (epoch !== this.#epoch || registerer !== this.#registerer) return;
    const states = this.#sip.RegistererState;
    if (newState === states.Registered) {
      this.#registeredAt = this.#clock.now();
      this.#authAttempt = 0;
      this.#report({ state: AccountState.REGISTERED });
      return;
    }
    if (newState === states.Unregistered || newState === states.Terminated) {
      queueMicrotask(() => {
        if (epoch !== this.#epoch || registerer !== this.#registerer) return;
        const r = rejection();
        if (r) {
          this.#retryLater(r);
        } else {
          // A refresh failed (SIP.js refreshes without a request delegate, so no status code
          // reaches us) or the binding expired.
          this.#retryLater({ statusCode: undefined, reason: "Registration lost" });
        }
      });
    }
  }

  /** UA delegate onDisconnect: the WebSocket closed (PBX restart, network loss). */
  #onTransportLost(error) {
    // SIP.js passes an error only when the close was not asked for (ua.stop, transport.disconnect).
    if (!error || !this.#wanted || this.#disposed) return;
    this.#epoch++;
    // Disposing sends an un-REGISTER over the dead transport, which fails locally at once; the
    // reconnect happens later (after the backoff), so it cannot reach the PBX and undo the new
    // registration.
    this.#detachRegisterer()
      ?.dispose()
      .catch(() => {});
    this.#retryLater({ statusCode: undefined, reason: describeError(error, "Connection lost") });
  }

  /** Reports the failure and schedules the next attempt (backoff chosen from the status). */
  #retryLater({ statusCode, reason, retryAfterSeconds }) {
    if (!this.#wanted || this.#disposed) return;
    this.#epoch++;
    this.#detachRegisterer()
      ?.dispose()
      .catch(() => {});
    if (this.#registeredAt !== null && this.#clock.now() - this.#registeredAt >= this.#stableMs) {
      this.#attempt = 0;
    }
    this.#registeredAt = null;
    const transient = isTransientStatus(statusCode);
    let delay = transient
      ? backoffDelay(this.#attempt++, this.#reconnectPolicy, this.#random)
      : backoffDelay(this.#authAttempt++, this.#authPolicy, this.#random);
    // RFC 3261 §20.33: a 500/503 may say how long the service will be away.
    if (retryAfterSeconds > 0) delay = Math.max(delay, retryAfterSeconds * 1000);
    const state = transient ? AccountState.RECONNECTING : AccountState.FAILED;
    this.#report(withoutUndefined({ state, statusCode, reason, retryInMs: delay }));
    this.#cancelRetry();
    this.#retryTimer = this.#clock.setTimeout(() => {
      this.#retryTimer = null;
      this.#attemptRegistration();
    }, delay);
  }

  #cancelRetry() {
    if (this.#retryTimer !== null) {
      this.#clock.clearTimeout(this.#retryTimer);
      this.#retryTimer = null;
    }
  }

  #detachRegisterer() {
    const registerer = this.#registerer;
    if (registerer && this.#registererListener) {
      registerer.stateChange.removeListener(this.#registererListener);
    }
    this.#registerer = null;
    this.#registererListener = null;
    return registerer;
  }

  #isRegistered(registerer) {
    return registerer.state === this.#sip.RegistererState.Registered;
  }

  async #unregister(registerer) {
    const done = new Promise((resolve) => {
      const listener = (s) => {
        if (s !== this.#sip.RegistererState.Registered) {
          registerer.stateChange.removeListener(listener);
          resolve();
        }
      };
      registerer.stateChange.addListener(listener);
    });
    try {
      await registerer.unregister();
    } catch (error) {
      this.#log?.warn(`${this.#accountId}: un-REGISTER could not be sent: ${error?.message}`);
      return;
    }
    await this.#withTimeout(done, this.#unregisterTimeoutMs);
  }

  #withTimeout(promise, ms) {
    let handle;
    const timeout = new Promise((resolve) => {
      handle = this.#clock.setTimeout(resolve, ms);
    });
    return Promise.race([promise, timeout]).finally(() => this.#clock.clearTimeout(handle));
  }

  #report(update) {
    if (this.#disposed) return;
    const next = { account: this.#accountId, ...update };
    if (sameState(next, this.#last)) return;
    this.#last = next;
    this.#log?.info(`${this.#accountId}: ${describeState(next)}`);
    try {
      this.#onState({ ...next });
    } catch (error) {
      this.#log?.error(`${this.#accountId}: state listener failed: ${error?.message}`);
    }
  }
}

function withoutUndefined(o) {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
