// An in-process SIP registrar for tests with the real SIP.js: a Transport class (SIP.js's
// `transportConstructor` seam, the way SIP.js's own tests wire user agents) whose "WebSocket"
// leads straight to this PBX. It challenges REGISTER with digest auth (RFC 2617, qop=auth),
// answers 403 to a wrong password, keeps bindings, and can go down, come back and restart.
// For call tests it also plays the far end: deliver() sends a request to a registered user,
// onRequest answers the user agent's other requests, and the responses it sends are kept.

import { createHash, randomBytes } from "node:crypto";

const md5 = (s) => createHash("md5").update(s).digest("hex");

export function createLoopbackPbx({ realm = "pbx.test", users = {}, grantedExpires } = {}) {
  const pbx = {
    realm,
    users: { ...users },
    up: true,
    /** Expires the registrar grants (the Contact's expires), or undefined to grant what was asked. */
    grantedExpires,
    /** Milliseconds an authenticated REGISTER waits for its answer: a slow registrar or a long path. */
    registerAnswerDelayMs: 0,
    /** Status to answer authenticated REGISTERs with instead of 200 (e.g. 500), or null. */
    failAuthenticatedWith: null,
    bindings: new Map(),
    registers: [],
    transports: [],
    nonces: new Set(),
    /** Responses the user agents sent (to requests deliver() brought them), parsed. */
    responses: [],
    /** Requests other than REGISTER, parsed; onRequest(request) may return a response text. */
    requests: [],
    onRequest: null,
  };

  /** Sends a request (or response) text to a registered user's WebSocket, as the PBX would. */
  pbx.deliver = (user, text) => {
    const binding = pbx.bindings.get(user);
    if (!binding) throw new Error(`${user} is not registered`);
    setImmediate(() => binding.transport.isConnected() && binding.transport.onMessage?.(text));
  };

  pbx.connectedCount = () => pbx.transports.filter((t) => t.isConnected()).length;

  /** The PBX process dies: every WebSocket closes, every binding is lost, new connections fail. */
  pbx.stop = () => {
    pbx.up = false;
    pbx.bindings.clear();
    pbx.nonces.clear();
    for (const t of pbx.transports) if (t.isConnected()) t.serverClosed();
  };
  pbx.start = () => {
    pbx.up = true;
  };

  class LoopbackTransport {
    constructor(logger, options) {
      this.options = options;
      this.protocol = "WSS";
      this.state = "Disconnected";
      this.listeners = [];
      this.stateChange = {
        addListener: (fn) => this.listeners.push(fn),
        removeListener: (fn) => {
          this.listeners = this.listeners.filter((l) => l !== fn);
        },
        on: (fn) => this.listeners.push(fn),
        off: (fn) => {
          this.listeners = this.listeners.filter((l) => l !== fn);
        },
        once: (fn) => this.listeners.push(fn),
      };
      this.onConnect = undefined;
      this.onDisconnect = undefined;
      this.onMessage = undefined;
      pbx.transports.push(this);
    }

    isConnected() {
      return this.state === "Connected";
    }

    #transition(state, error) {
      const old = this.state;
      this.state = state;
      for (const l of [...this.listeners]) l(state);
      if (state === "Connected") this.onConnect?.();
      if (old === "Connected" && state !== "Connected") error ? this.onDisconnect?.(error) : this.onDisconnect?.();
    }

    connect() {
      if (this.state === "Connected") return Promise.resolve();
      this.state = "Connecting";
      return new Promise((resolve, reject) =>
        setTimeout(() => {
          if (pbx.up) {
            this.#transition("Connected");
            resolve();
          } else {
            this.#transition("Disconnected");
            reject(new Error(`WebSocket closed ${this.options.server} (code: 1006)`));
          }
        }, 1),
      );
    }

    disconnect() {
      if (this.state === "Connected") this.#transition("Disconnected");
      this.state = "Disconnected";
      return Promise.resolve();
    }

    dispose() {
      return this.disconnect();
    }

    serverClosed() {
      this.#transition("Disconnected", new Error(`WebSocket closed ${this.options.server} (code: 1006)`));
    }

    send(message) {
      if (!this.isConnected()) return Promise.reject(new Error("Not connected."));
      const answer = () => {
        const response = pbx.handle(message, this);
        if (response && this.isConnected()) this.onMessage?.(response);
      };
      const slow = pbx.registerAnswerDelayMs > 0 && /^REGISTER /.test(message) && /\r\nAuthorization:/i.test(message);
      if (slow) setTimeout(answer, pbx.registerAnswerDelayMs);
      else setImmediate(answer);
      return Promise.resolve();
    }
  }

  pbx.Transport = LoopbackTransport;

  pbx.handle = (text, transport) => {
    const request = parseRequest(text);
    if (request.method === "SIP/2.0") {
      pbx.responses.push(request);
      return null;
    }
    if (request.method !== "REGISTER") {
      pbx.requests.push(request);
      const answer = pbx.onRequest?.(request);
      if (answer !== undefined) return answer;
      return request.method === "ACK" ? null : response(request, 405, "Method Not Allowed");
    }
    const user = /sip:([^@>]+)@/.exec(request.header("to"))[1];
    const auth = request.header("authorization");
    const contact = request.header("contact");
    const asked = Number((/expires=(\d+)/.exec(contact) || [])[1] ?? request.header("expires") ?? 3600);
    pbx.registers.push({ user, callId: request.header("call-id"), expires: asked, authorized: Boolean(auth) });
    if (!auth) {
      const nonce = randomBytes(8).toString("hex");
      pbx.nonces.add(nonce);
      return response(request, 401, "Unauthorized", [
        `WWW-Authenticate: Digest realm="${realm}", nonce="${nonce}", algorithm=MD5, qop="auth"`,
      ]);
    }
    const p = parseDigest(auth);
    const password = pbx.users[p.username];
    const expected =
      password === undefined
        ? null
        : md5(
            [md5(`${p.username}:${realm}:${password}`), p.nonce, p.nc, p.cnonce, p.qop, md5(`REGISTER:${p.uri}`)].join(
              ":",
            ),
          );
    if (!pbx.nonces.has(p.nonce) || expected !== p.response) return response(request, 403, "Forbidden");
    if (pbx.failAuthenticatedWith) return response(request, pbx.failAuthenticatedWith, "Server Internal Error");
    const contactUri = /<([^>]+)>/.exec(contact)[1];
    if (asked === 0) {
      pbx.bindings.delete(user);
      return response(request, 200, "OK");
    }
    const granted = pbx.grantedExpires ?? asked;
    pbx.bindings.set(user, { contact: contactUri, callId: request.header("call-id"), transport });
    return response(request, 200, "OK", [`Contact: <${contactUri}>;expires=${granted}`]);
  };

  return pbx;
}

/** A SIP message's start line, headers (lower-case names, in order) and body. */
export function parseRequest(text) {
  const [head, ...rest] = text.split("\r\n\r\n");
  const lines = head.split("\r\n");
  const [method, uri, ...reason] = lines[0].split(" ");
  const headers = [];
  for (const line of lines.slice(1)) {
    const i = line.indexOf(":");
    headers.push([line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim()]);
  }
  const header = (name) => headers.find(([n]) => n === name)?.[1];
  // For a response: method is "SIP/2.0", uri the status code, reason the phrase.
  return { method, uri, reason: reason.join(" "), headers, header, body: rest.join("\r\n\r\n"), text };
}

function parseDigest(value) {
  const params = {};
  for (const m of value.replace(/^Digest\s+/i, "").matchAll(/(\w+)=("([^"]*)"|[^,\s]+)/g)) {
    params[m[1]] = m[3] ?? m[2];
  }
  return params;
}

/** A response to a parsed request; toTag keeps one dialog's responses together (RFC 3261 §8.2.6.2). */
export function response(request, status, reason, extra = [], { toTag, body = "", contentType } = {}) {
  const copy = ["via", "from", "call-id", "cseq"];
  const lines = [`SIP/2.0 ${status} ${reason}`];
  for (const [name, value] of request.headers) {
    if (copy.includes(name)) lines.push(`${canonical(name)}: ${value}`);
  }
  const to = request.header("to");
  lines.push(`To: ${to}${/;tag=/.test(to) ? "" : `;tag=${toTag || "pbx" + randomBytes(4).toString("hex")}`}`);
  if (contentType) lines.push(`Content-Type: ${contentType}`);
  lines.push(...extra, `Content-Length: ${Buffer.byteLength(body)}`, "", body);
  return lines.join("\r\n");
}

function canonical(name) {
  return { via: "Via", from: "From", "call-id": "Call-ID", cseq: "CSeq" }[name];
}
