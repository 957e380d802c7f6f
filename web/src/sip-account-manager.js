// SIPAccountManager: one SIP.UserAgent (and so one WebSocket) per account, at most six, each
// registering on its own. Bundled as js/sip-account-manager.js (global `DeskphoneAccounts`).
//
// The SIP.js namespace is injected, never imported, so the page uses the bundled js/sip.js and
// node tests use a fake. Each account's lifecycle is SIP.js's usual one (ua.start() -> new
// Registerer(ua).register(); registerer.unregister(); ua.stop()), run by a RegistrationSupervisor
// that also brings the account back after transport loss or a failed refresh.

import { RegistrationSupervisor, AccountState, isTransientStatus } from "./registration-supervisor.js";
import { AUTH_FAILURE_BACKOFF, RECONNECT_BACKOFF, backoffDelay } from "./backoff.js";
import { systemClock } from "./clock.js";

export {
  RegistrationSupervisor,
  AccountState,
  isTransientStatus,
  AUTH_FAILURE_BACKOFF,
  RECONNECT_BACKOFF,
  backoffDelay,
};

/** The product's limit: one agent runs at most six extensions at once. */
export const MAX_ACCOUNTS = 6;

const DEFAULT_EXPIRES_SECONDS = 600;
/** The profile's --keepalive-seconds default: Java pings the SIP WebSocket this often (0: off). */
const DEFAULT_KEEPALIVE_SECONDS = 30;
const MAX_KEEPALIVE_SECONDS = 3600;

/** SIP.js log levels onto the page logger's. */
const SIP_LOG_LEVELS = { debug: "debug", log: "info", warn: "warn", error: "error" };

export class SIPAccountManager {
  #sip;
  #log;
  #sipLogger;
  #onStateChange;
  #sdhFactory;
  #sdhFactoryOptions;
  #userAgentOptions;
  #createDelegate;
  #supervisorOptions;
  #maxAccounts;
  /** @type {Map<string, {account: object, fingerprint: string, supervisor: RegistrationSupervisor}>} */
  #accounts = new Map();

  /**
   * @param {object} o
   * @param {object} o.sip the SIP.js namespace (window.SIP in the page)
   * @param {object} [o.logger] page logger ({debug, info, warn, error, child(source)})
   * @param {(state: object) => void} [o.onStateChange] {account, state, statusCode?, reason?, retryInMs?}
   * @param {Function} [o.sessionDescriptionHandlerFactory] media seam; when absent SIP.js keeps its
   *   default, which only touches WebRTC once a call starts (there are none yet)
   * @param {object} [o.sessionDescriptionHandlerFactoryOptions] extra options for that factory
   * @param {(accountId: string) => object} [o.createDelegate] extra UserAgent delegate callbacks
   *   per account (onInvite, ...); onConnect/onDisconnect belong to the supervisor
   * @param {object} [o.userAgentOptions] extra SIP.js UserAgentOptions (e.g. transportConstructor)
   * @param {number} [o.maxAccounts] lowers the limit of six
   */
  constructor({
    sip,
    logger,
    onStateChange = () => {},
    sessionDescriptionHandlerFactory,
    sessionDescriptionHandlerFactoryOptions,
    createDelegate,
    userAgentOptions = {},
    maxAccounts = MAX_ACCOUNTS,
    clock = systemClock,
    random = Math.random,
    reconnectPolicy = RECONNECT_BACKOFF,
    authFailurePolicy = AUTH_FAILURE_BACKOFF,
    stableMs,
    unregisterTimeoutMs,
  }) {
    if (!sip || typeof sip.UserAgent !== "function" || typeof sip.Registerer !== "function") {
      throw new Error("SIPAccountManager needs the SIP.js namespace (option 'sip'): is js/sip.js loaded?");
    }
    this.#sip = sip;
    this.#log = logger?.child ? logger.child("accounts") : logger;
    this.#sipLogger = logger?.child ? logger.child("sip.js") : logger;
    this.#onStateChange = onStateChange;
    this.#sdhFactory = sessionDescriptionHandlerFactory;
    this.#sdhFactoryOptions = sessionDescriptionHandlerFactoryOptions;
    this.#createDelegate = createDelegate;
    this.#userAgentOptions = userAgentOptions;
    this.#maxAccounts = clampLimit(maxAccounts);
    this.#supervisorOptions = { clock, random, reconnectPolicy, authFailurePolicy, stableMs, unregisterTimeoutMs };
  }

  get maxAccounts() {
    return this.#maxAccounts;
  }

  /** The config's `maxAccounts` can lower the limit (never above six); running accounts stay. */
  setMaxAccounts(limit) {
    this.#maxAccounts = clampLimit(limit);
  }

  get size() {
    return this.#accounts.size;
  }

  accountIds() {
    return [...this.#accounts.keys()];
  }

  has(accountId) {
    return this.#accounts.has(accountId);
  }

  /** The account's SIP.UserAgent (for the calls layer). */
  userAgent(accountId) {
    return this.#entry(accountId).supervisor.userAgent;
  }

  /** The account as configured (normalised), or undefined. */
  account(accountId) {
    return this.#accounts.get(accountId)?.account;
  }

  /** Last reported state of one account. */
  state(accountId) {
    return this.#entry(accountId).supervisor.state;
  }

  states() {
    return [...this.#accounts.values()].map((e) => e.supervisor.state);
  }

  /**
   * Adds an account and, unless told otherwise, starts registering it.
   * @throws {Error} naming the field for a malformed account, or for a 7th account
   */
  addAccount(account, { register = true } = {}) {
    const normalized = normalizeAccount(account);
    if (this.#accounts.has(normalized.id)) {
      throw new Error(`Account ${normalized.id} already exists.`);
    }
    if (this.#accounts.size >= this.#maxAccounts) {
      throw new Error(
        `Account ${normalized.id} was not added: at most ${this.#maxAccounts} accounts can be active at once.`,
      );
    }
    const uri = this.#sip.UserAgent.makeURI(`sip:${normalized.extension}@${normalized.domain}`);
    if (!uri) {
      throw new Error(`Account ${normalized.id}: "extension" and "domain" do not form a valid SIP URI.`);
    }
    const supervisor = new RegistrationSupervisor({
      accountId: normalized.id,
      sip: this.#sip,
      expires: normalized.registerExpires,
      createUserAgent: (supervisorDelegate) =>
        new this.#sip.UserAgent(this.#userAgentOptionsFor(normalized, uri, supervisorDelegate)),
      onState: (s) => this.#onStateChange(s),
      log: this.#log,
      ...this.#supervisorOptions,
    });
    this.#accounts.set(normalized.id, { account: normalized, fingerprint: fingerprint(normalized), supervisor });
    this.#log?.info(`account ${normalized.id} added (${normalized.server})`);
    if (register) supervisor.start();
    return supervisor.state;
  }

  /** Un-REGISTERs, stops the account's UA and forgets it. Resolves false if it was unknown. */
  async removeAccount(accountId) {
    const entry = this.#accounts.get(accountId);
    if (!entry) return false;
    this.#accounts.delete(accountId);
    this.#log?.info(`account ${accountId} removed`);
    await entry.supervisor.dispose();
    return true;
  }

  /** User action: register now (retries at once from failed/reconnecting). */
  register(accountId) {
    this.#entry(accountId).supervisor.start();
  }

  /** User action: unregister and stop the account's UA; no reconnection until register(). */
  unregister(accountId) {
    return this.#entry(accountId).supervisor.stop();
  }

  /**
   * Makes the running accounts match a new config: removes the missing ones, replaces the
   * changed ones (new UA, new credentials), adds the new ones (up to the limit). Accounts that did
   * not change keep their UA, registration and user's register/unregister choice.
   * @returns {Promise<{added: string[], removed: string[], updated: string[], unchanged: string[],
   *   errors: {account: string, message: string}[]}>}
   */
  async applyConfig(accounts) {
    const result = { added: [], removed: [], updated: [], unchanged: [], errors: [] };
    const wanted = new Map();
    for (const raw of Array.isArray(accounts) ? accounts : []) {
      try {
        const account = normalizeAccount(raw);
        if (wanted.has(account.id)) throw new Error(`Account ${account.id} appears twice in the config.`);
        wanted.set(account.id, account);
      } catch (error) {
        result.errors.push({ account: accountLabel(raw), message: error.message });
      }
    }
    const stopping = [];
    for (const [id, entry] of this.#accounts) {
      const next = wanted.get(id);
      if (!next) {
        result.removed.push(id);
        stopping.push(this.removeAccount(id));
      } else if (fingerprint(next) !== entry.fingerprint) {
        result.updated.push(id);
        stopping.push(this.removeAccount(id));
      } else {
        result.unchanged.push(id);
      }
    }
    for (const [id, account] of wanted) {
      if (result.unchanged.includes(id)) continue;
      try {
        this.addAccount(account);
        if (!result.updated.includes(id)) result.added.push(id);
      } catch (error) {
        if (result.updated.includes(id)) {
          result.updated = result.updated.filter((u) => u !== id);
          result.removed.push(id);
        }
        result.errors.push({ account: id, message: error.message });
      }
    }
    for (const e of result.errors) this.#log?.error(e.message);
    await Promise.all(stopping);
    return result;
  }

  /** Unregisters and stops every account (app shutdown). */
  async stopAll() {
    await Promise.all(this.accountIds().map((id) => this.removeAccount(id)));
  }

  #entry(accountId) {
    const entry = this.#accounts.get(accountId);
    if (!entry) throw new Error(`Unknown account ${accountId}.`);
    return entry;
  }

  #userAgentOptionsFor(account, uri, supervisorDelegate) {
    const extraDelegate = this.#createDelegate ? this.#createDelegate(account.id) : {};
    const options = {
      ...this.#userAgentOptions,
      uri,
      displayName: account.displayName,
      authorizationUsername: account.authUsername,
      authorizationPassword: account.password,
      // traceSip off: a SIP trace holds Authorization headers.
      // keepAliveSeconds goes with the socket to Java, which pings it (webview-transport.js).
      transportOptions: { server: account.server, traceSip: false, keepAliveSeconds: account.keepAliveSeconds },
      // Our supervisor reconnects (with backoff); SIP.js's own deprecated loop stays off.
      reconnectionAttempts: 0,
      logLevel: "warn",
      logBuiltinEnabled: false,
      logConfiguration: false,
      logConnector: (level, category, label, content) => this.#logFromSip(account.id, level, category, content),
      delegate: { ...extraDelegate, ...supervisorDelegate },
      sessionDescriptionHandlerFactoryOptions: {
        ...this.#sdhFactoryOptions,
        // Read by the media handler (media-handler.js) when a call creates its media in Java.
        accountId: account.id,
        iceGatheringTimeoutMs: account.iceGatheringTimeoutMs,
        peerConnectionConfiguration: { iceServers: account.iceServers, iceTransportPolicy: account.iceTransportPolicy },
        codecs: account.codecs,
      },
    };
    if (this.#sdhFactory) options.sessionDescriptionHandlerFactory = this.#sdhFactory;
    return options;
  }

  #logFromSip(accountId, level, category, content) {
    if (!this.#sipLogger) return;
    // We set reconnectionAttempts on purpose (to 0, SIP.js's default) and SIP.js warns about the
    // deprecated option for every UA; that is noise, not a problem.
    const deprecatedNotice = /"reconnectionAttempts".*deprecated/.test(content);
    const pageLevel = deprecatedNotice ? "debug" : SIP_LOG_LEVELS[level] || "info";
    this.#sipLogger[pageLevel]?.(`${accountId} ${category}: ${content}`);
  }
}

function clampLimit(limit) {
  return Math.min(MAX_ACCOUNTS, Number.isInteger(limit) && limit > 0 ? limit : MAX_ACCOUNTS);
}

function accountLabel(raw) {
  if (raw && typeof raw.id === "string" && raw.id) return raw.id;
  if (raw && raw.profile && raw.extension) return `${raw.profile}/${raw.extension}`;
  return "(unnamed account)";
}

/** Validates one `config.accounts[]` entry (architecture.md) and fills defaults. */
export function normalizeAccount(raw) {
  if (!raw || typeof raw !== "object") throw new Error("Account must be an object.");
  const label = accountLabel(raw);
  const text = (field, { required = true } = {}) => {
    const value = raw[field];
    if (value === undefined || value === null || value === "") {
      if (required) throw new Error(`Account ${label}: "${field}" is missing.`);
      return "";
    }
    if (typeof value !== "string" && typeof value !== "number") {
      throw new Error(`Account ${label}: "${field}" must be text.`);
    }
    return String(value).trim();
  };
  const extension = text("extension");
  const domain = text("domain");
  const server = text("server");
  if (!/^wss?:\/\/[^\s/]+/i.test(server)) {
    throw new Error(`Account ${label}: "server" must be a ws:// or wss:// URL.`);
  }
  const profile = text("profile", { required: false });
  const id = text("id", { required: false }) || `${profile}/${extension}`;
  const expires =
    raw.registerExpires === undefined || raw.registerExpires === null
      ? DEFAULT_EXPIRES_SECONDS
      : Number(raw.registerExpires);
  if (!Number.isInteger(expires) || expires <= 0) {
    throw new Error(`Account ${label}: "registerExpires" must be a positive whole number of seconds.`);
  }
  const keepAlive =
    raw.keepAliveSeconds === undefined || raw.keepAliveSeconds === null
      ? DEFAULT_KEEPALIVE_SECONDS
      : raw.keepAliveSeconds;
  if (!Number.isInteger(keepAlive) || keepAlive < 0 || keepAlive > MAX_KEEPALIVE_SECONDS) {
    throw new Error(
      `Account ${label}: "keepAliveSeconds" must be a whole number of seconds from 0 to ${MAX_KEEPALIVE_SECONDS}.`,
    );
  }
  if (raw.password !== undefined && raw.password !== null && typeof raw.password !== "string") {
    throw new Error(`Account ${label}: "password" must be text.`);
  }
  if (raw.iceServers !== undefined && !Array.isArray(raw.iceServers)) {
    throw new Error(`Account ${label}: "iceServers" must be a list.`);
  }
  return {
    id,
    profile,
    extension,
    domain,
    server,
    displayName: text("displayName", { required: false }),
    authUsername: text("authUsername", { required: false }) || extension,
    password: raw.password || "",
    registerExpires: expires,
    keepAliveSeconds: keepAlive,
    iceServers: (raw.iceServers || []).map((s) => ({ ...s })),
    iceGatheringTimeoutMs: positiveIntOr(raw.iceGatheringTimeoutMs, 1000),
    iceTransportPolicy: raw.iceTransportPolicy === "relay" ? "relay" : "all",
    // The profile's audio codec order, checked by Java (profile and media engine); empty: the engine's.
    codecs: Array.isArray(raw.codecs) ? raw.codecs.filter((c) => typeof c === "string") : [],
    autoAnswerSeconds:
      Number.isInteger(raw.autoAnswerSeconds) && raw.autoAnswerSeconds >= 0 ? raw.autoAnswerSeconds : null,
  };
}

function positiveIntOr(value, fallback) {
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** Everything that, when changed, needs a new UserAgent (auto-answer does not: the call manager reads it). */
function fingerprint(a) {
  return JSON.stringify([
    a.extension,
    a.domain,
    a.server,
    a.displayName,
    a.authUsername,
    a.password,
    a.registerExpires,
    a.keepAliveSeconds,
    a.iceServers,
    a.iceGatheringTimeoutMs,
    a.iceTransportPolicy,
    a.codecs,
  ]);
}
