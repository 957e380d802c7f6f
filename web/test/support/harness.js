// Builds a SIPAccountManager over the fake SIP.js and a fake clock, recording states and logs.

import { SIPAccountManager } from "../../src/sip-account-manager.js";
import { createFakeSip } from "./fake-sip.js";
import { FakeClock } from "./fake-clock.js";

export function account(n, overrides = {}) {
  const extension = String(1000 + n);
  return {
    id: `main/${extension}`,
    profile: "main",
    extension,
    displayName: `Agent ${n}`,
    authUsername: extension,
    password: `Pw-${n}-correct-horse`,
    server: "wss://pbx.test:8443/ws",
    domain: "pbx.test",
    registerExpires: 300,
    iceServers: [{ urls: "stun:stun.pbx.test:3478" }],
    ...overrides,
  };
}

/** A logger that keeps every line (level, source, message) it is given. */
export function recordingLogger(lines = [], source = "page") {
  const log = (level) => (message) => lines.push({ level, source, message: String(message) });
  return {
    lines,
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
    child: (s) => recordingLogger(lines, s),
  };
}

export function createHarness(options = {}) {
  const sip = createFakeSip();
  const clock = new FakeClock();
  const states = [];
  const logger = recordingLogger();
  const manager = new SIPAccountManager({
    sip,
    clock,
    logger,
    random: () => 0.5,
    onStateChange: (s) => states.push(s),
    ...options,
  });
  const statesOf = (id) => states.filter((s) => s.account === id);
  const lastState = (id) => statesOf(id).at(-1);
  /** Every UserAgent made for the account, oldest first; ua(id) is the newest. */
  const uas = (id) => sip.userAgents.filter((u) => u.options.uri.text === `sip:${id.split("/")[1]}@pbx.test`);
  const ua = (id) => uas(id).at(-1);
  return { sip, clock, states, logger, manager, statesOf, lastState, ua, uas };
}
