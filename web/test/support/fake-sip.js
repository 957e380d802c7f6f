// A fake SIP.js namespace with the surface SIPAccountManager uses, and handles for tests to play
// the network and the PBX: accept or refuse a WebSocket, drop it, accept or reject a REGISTER,
// fail a refresh. Event order follows SIP.js 0.21.2 (e.g. a rejected REGISTER moves the
// Registerer to Unregistered before requestDelegate.onReject runs).

const RegistererState = Object.freeze({
  Initial: "Initial",
  Registered: "Registered",
  Unregistered: "Unregistered",
  Terminated: "Terminated",
});

class Emitter {
  #listeners = [];
  addListener(fn) {
    this.#listeners.push(fn);
  }
  removeListener(fn) {
    this.#listeners = this.#listeners.filter((l) => l !== fn);
  }
  get listenerCount() {
    return this.#listeners.length;
  }
  emit(value) {
    for (const l of [...this.#listeners]) l(value);
  }
}

export function createFakeSip() {
  // autoConfirmUnregister: the "PBX" answers every un-REGISTER with 200 OK right away.
  const sip = { userAgents: [], registerers: [], RegistererState, autoConfirmUnregister: false };

  class UserAgent {
    static makeURI(text) {
      return /^sip:[^@\s]+@[^@\s]+$/.test(text) ? { text, toString: () => text } : undefined;
    }

    constructor(options) {
      this.options = options;
      this.delegate = options.delegate;
      this.state = "Stopped";
      this.connected = false;
      this.calls = [];
      this.registerers = [];
      this.pendingConnects = [];
      sip.userAgents.push(this);
    }

    isConnected() {
      return this.connected;
    }

    start() {
      this.calls.push("start");
      if (this.state === "Started") return Promise.resolve();
      this.state = "Started";
      return this.#connect();
    }

    reconnect() {
      this.calls.push("reconnect");
      if (this.state === "Stopped") return Promise.reject(new Error("User agent stopped."));
      return this.#connect();
    }

    stop() {
      this.calls.push("stop");
      this.state = "Stopped";
      for (const p of this.pendingConnects.splice(0)) p.reject(new Error("Connect aborted."));
      if (this.connected) {
        this.connected = false;
        this.delegate?.onDisconnect?.(); // asked for: no error, as in SIP.js
      }
      return Promise.resolve();
    }

    #connect() {
      if (this.connected) return Promise.resolve();
      return new Promise((resolve, reject) => this.pendingConnects.push({ resolve, reject }));
    }

    // --- test controls ---
    get connecting() {
      return this.pendingConnects.length > 0;
    }

    acceptConnection() {
      const p = this.pendingConnects.shift();
      if (!p) throw new Error("no connection attempt pending");
      this.connected = true;
      this.delegate?.onConnect?.();
      p.resolve();
    }

    refuseConnection(message = "WebSocket closed wss://pbx.test (code: 1006)") {
      const p = this.pendingConnects.shift();
      if (!p) throw new Error("no connection attempt pending");
      p.reject(new Error(message));
    }

    dropConnection() {
      if (!this.connected) throw new Error("not connected");
      this.connected = false;
      this.delegate?.onDisconnect?.(new Error("WebSocket closed wss://pbx.test (code: 1006)"));
    }

    get lastRegisterer() {
      return this.registerers[this.registerers.length - 1];
    }
  }

  class Registerer {
    constructor(userAgent, options) {
      this.userAgent = userAgent;
      this.options = options;
      this.state = RegistererState.Initial;
      this.stateChange = new Emitter();
      this.requests = [];
      this.disposed = false;
      this.retryAfter = undefined;
      userAgent.registerers.push(this);
      sip.registerers.push(this);
    }

    register(options = {}) {
      if (this.state === RegistererState.Terminated) throw new Error("Registerer terminated. Unable to register.");
      this.requests.push({ kind: "register", options });
      return Promise.resolve({});
    }

    unregister() {
      if (this.state === RegistererState.Terminated) throw new Error("Registerer terminated. Unable to register.");
      this.requests.push({ kind: "unregister" });
      if (sip.autoConfirmUnregister) queueMicrotask(() => this.confirmUnregister());
      return Promise.resolve({});
    }

    dispose() {
      if (!this.disposed) {
        this.disposed = true;
        this.#transition(RegistererState.Terminated);
      }
      return Promise.resolve();
    }

    // --- test controls: the PBX's answer ---
    accept() {
      this.#transition(RegistererState.Registered);
    }

    reject(statusCode, reasonPhrase, { retryAfter } = {}) {
      const request = this.#lastRequest("register");
      this.retryAfter = retryAfter;
      this.#transition(RegistererState.Unregistered);
      request.options.requestDelegate?.onReject?.({ message: { statusCode, reasonPhrase } });
      this.retryAfter = undefined;
    }

    /** SIP.js's own re-REGISTER (no request delegate) was rejected or timed out. */
    failRefresh() {
      this.#transition(RegistererState.Unregistered);
    }

    confirmUnregister() {
      this.#lastRequest("unregister");
      this.#transition(RegistererState.Unregistered);
    }

    #lastRequest(kind) {
      const r = [...this.requests].reverse().find((q) => q.kind === kind);
      if (!r) throw new Error(`no ${kind} request was sent`);
      return r;
    }

    #transition(state) {
      if (this.state === state) return;
      if (this.state === RegistererState.Terminated) throw new Error(`Invalid transition from Terminated to ${state}`);
      this.state = state;
      this.stateChange.emit(state);
    }
  }

  sip.UserAgent = UserAgent;
  sip.Registerer = Registerer;
  // The page subclasses SIP.js's WebSocket transport (webview-transport.js); the fake UA never uses it.
  sip.Web = { Transport: class FakeWebTransport {} };
  sip.TransportState = {
    Connecting: "Connecting",
    Connected: "Connected",
    Disconnecting: "Disconnecting",
    Disconnected: "Disconnected",
  };
  return sip;
}
