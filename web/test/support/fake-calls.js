// Fake SIP.js sessions (Inviter, Invitation) with the surface the call manager uses, and an
// account manager stand-in. Tests play the far end and the PBX: accept, reject, cancel, BYE,
// answer re-INVITEs, drop the transport.

const SessionState = Object.freeze({
  Initial: "Initial",
  Establishing: "Establishing",
  Established: "Established",
  Terminating: "Terminating",
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
  emit(value) {
    for (const l of [...this.#listeners]) l(value);
  }
}

/** The media handler's call-manager surface, recording what it was asked. */
export function fakeHandler({ dtmfNegotiated = true } = {}) {
  const listeners = [];
  return {
    calls: [],
    closed: false,
    dtmfNegotiated,
    dtmfOptions: [],
    async dtmf(tones, options = {}) {
      this.calls.push(`dtmf ${tones}`);
      this.dtmfOptions.push(options);
      return { sent: this.dtmfNegotiated };
    },
    async mute(muted) {
      this.calls.push(`mute ${muted}`);
    },
    async stats() {
      this.calls.push("stats");
      return { jitterMs: 1.5, packetLossPct: 0, rttMs: 20, codec: "opus/48000", mos: 4.4 };
    },
    onMediaEvent(fn) {
      listeners.push(fn);
    },
    emit(event) {
      listeners.forEach((fn) => fn(event));
    },
  };
}

export function createFakeCallSip() {
  const sip = { SessionState, sessions: [] };

  class Session {
    constructor(userAgent) {
      this.userAgent = userAgent;
      this.state = SessionState.Initial;
      this.stateChange = new Emitter();
      this.delegate = {};
      this.reinvites = [];
      this.infos = [];
      this.refers = [];
      this.byes = 0;
      this.disposed = false;
      this.sessionDescriptionHandler = fakeHandler();
      this.sessionDescriptionHandlerOptionsReInvite = {};
      sip.sessions.push(this);
    }

    transition(state) {
      if (this.state === state) return;
      this.state = state;
      this.stateChange.emit(state);
    }

    /** A re-INVITE (the initial INVITE of an Inviter is handled there). */
    invite(options = {}) {
      this.sessionDescriptionHandlerOptionsReInvite = options.sessionDescriptionHandlerOptions || {};
      this.reinvites.push(options);
      return Promise.resolve();
    }

    get lastReinvite() {
      return this.reinvites.at(-1);
    }

    info(options) {
      this.infos.push(options.requestOptions.body);
      return Promise.resolve();
    }

    refer(uri, options) {
      this.refers.push({ uri: uri.toString(), target: uri, options });
      return Promise.resolve();
    }

    bye() {
      if (this.state !== SessionState.Established) return Promise.reject(new Error("not established"));
      this.byes++;
      this.transition(SessionState.Terminated);
      return Promise.resolve();
    }

    dispose() {
      this.disposed = true;
      this.transition(SessionState.Terminated);
      return Promise.resolve();
    }

    // --- the far end ---
    remoteBye(headers) {
      if (headers) {
        // As SIP.js: with an onBye delegate, the BYE is the delegate's to accept.
        const bye = { request: fakeRequest(headers), accept: () => (bye.accepted = true) };
        this.delegate.onBye?.(bye);
        this.lastBye = bye;
      }
      this.transition(SessionState.Terminated);
    }

    remoteReinvite(sdp) {
      this.delegate.onInvite?.({ body: sdp });
    }

    acceptReinvite() {
      const options = this.lastReinvite;
      options.requestDelegate?.onAccept?.({ message: { statusCode: 200 } });
    }

    rejectReinvite(statusCode, reasonPhrase = "") {
      const options = this.lastReinvite;
      options.requestDelegate?.onReject?.({ message: { statusCode, reasonPhrase } });
    }
  }

  class Inviter extends Session {
    constructor(userAgent, target, options) {
      super(userAgent);
      this.target = target;
      this.options = options;
      this.initial = null;
      this.cancelled = false;
    }

    invite(options = {}) {
      if (this.initial === null) {
        this.initial = options;
        this.transition(SessionState.Establishing);
        return Promise.resolve();
      }
      return super.invite(options);
    }

    cancel() {
      this.cancelled = true;
      this.initial.requestDelegate?.onReject?.({ message: { statusCode: 487, reasonPhrase: "Request Terminated" } });
      this.transition(SessionState.Terminated);
      return Promise.resolve();
    }

    // --- the far end ---
    ring(statusCode = 180, headers = {}) {
      this.initial.requestDelegate?.onProgress?.({ message: { statusCode, ...fakeRequest(headers) } });
    }

    answer() {
      this.transition(SessionState.Established);
    }

    /** As SIP.js 0.21.2: the session is Terminated first, then requestDelegate.onReject runs. */
    refuse(statusCode, reasonPhrase = "") {
      this.transition(SessionState.Terminated);
      this.initial.requestDelegate?.onReject?.({ message: { statusCode, reasonPhrase } });
    }
  }

  class Invitation extends Session {
    constructor(
      userAgent,
      { from = "sip:2001@pbx.test", displayName = "Customer", to = "sip:1001@pbx.test", headers = {} } = {},
    ) {
      super(userAgent);
      this.request = fakeRequest(headers);
      this.remoteIdentity = { uri: { toString: () => from }, displayName };
      this.localIdentity = { uri: { toString: () => to } };
      this.accepted = null;
      this.rejected = null;
      this.progressed = 0;
      this.isCanceled = false;
    }

    progress() {
      this.progressed++;
      return Promise.resolve();
    }

    accept(options) {
      this.accepted = options;
      this.transition(SessionState.Established);
      return Promise.resolve();
    }

    reject(options) {
      this.rejected = options;
      this.transition(SessionState.Terminated);
      return Promise.resolve();
    }

    // --- the far end ---
    callerCancels(headers) {
      if (headers) this.delegate.onCancel?.({ request: fakeRequest(headers) });
      this.isCanceled = true;
      this.transition(SessionState.Terminated);
    }
  }

  sip.Inviter = Inviter;
  sip.Invitation = Invitation;
  sip.UserAgent = {
    makeURI(text) {
      return /^sips?:[^@\s]+@[^@\s]+$/.test(text) ? { text, toString: () => text } : undefined;
    },
  };
  return sip;
}

/** An incoming SIP message's headers as SIP.js's getHeader (the first value) and getHeaders give them. */
function fakeRequest(headers) {
  // SIP.js's IncomingRequestMessage: header names are case-insensitive.
  const byName = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), [].concat(value)]));
  return {
    getHeaders: (name) => byName.get(name.toLowerCase()) || [],
    getHeader: (name) => byName.get(name.toLowerCase())?.[0],
  };
}

/** The account manager as the call manager sees it. */
export function fakeAccounts(ids = ["main/1001"]) {
  const uas = new Map(
    ids.map((id) => [
      id,
      {
        connected: true,
        isConnected() {
          return this.connected;
        },
      },
    ]),
  );
  return {
    uas,
    states: new Map(ids.map((id) => [id, "registered"])),
    accountIds: () => ids,
    account: (id) => ({ id, profile: id.split("/")[0], extension: id.split("/")[1], domain: "pbx.test" }),
    state(id) {
      return { account: id, state: this.states.get(id) };
    },
    userAgent: (id) => uas.get(id),
  };
}
