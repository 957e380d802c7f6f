// The call manager's pure rules: dial targets and account choice, end reasons, the SDP direction
// that tells the far end's hold, display names and reason phrases, DTMF tones, and call settings.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CallState,
  callSettings,
  callView,
  cannotDialMessage,
  chooseAccount,
  dialUriText,
  dtmfTones,
  endReason,
  holdsUs,
  inboundCall,
  outboundCall,
  reasonPhrase,
  sdpDirection,
  unquote,
} from "../src/call-rules.js";
import { LIMITS } from "../src/call-event-limits.js";

test("dial targets: SIP URIs as given, user@host as sip:, numbers without separators at the domain", () => {
  assert.equal(dialUriText("sips:bob@pbx.test", "d.test"), "sips:bob@pbx.test");
  assert.equal(dialUriText("  SIP:bob@pbx.test ", "d.test"), "SIP:bob@pbx.test");
  assert.equal(dialUriText("bob@pbx.test", "d.test"), "sip:bob@pbx.test");
  assert.equal(dialUriText("+49 (30) 123-45.6", "d.test"), "sip:+4930123456@d.test");
  assert.equal(dialUriText("tel:1002", "d.test"), "sip:1002@d.test");
  assert.equal(dialUriText("*72#", "d.test"), "sip:*72#@d.test");
  for (const bad of ["", "   ", "hello", "bob @pbx", "12a", null, undefined]) {
    assert.equal(dialUriText(bad, "d.test"), undefined, String(bad));
  }
});

test("the account to dial from: by id or extension, else the first registered one", () => {
  const ids = ["main/1001", "main/1002", "other/2001"];
  const registered = (id) => id !== "main/1001";
  assert.equal(chooseAccount(ids, "other/2001", registered), "other/2001");
  assert.equal(chooseAccount(ids, "1001", registered), "main/1001", "a wanted account even when not registered");
  assert.equal(chooseAccount(ids, "9999", registered), undefined);
  assert.equal(chooseAccount(ids, undefined, registered), "main/1002");
  assert.equal(
    chooseAccount(ids, undefined, () => false),
    undefined,
  );
  assert.equal(cannotDialMessage("main/1001", "1001"), "Account main/1001 is not registered: cannot call now.");
  assert.equal(cannotDialMessage(undefined, "9999"), 'No account "9999".');
  assert.equal(cannotDialMessage(undefined, undefined), "No registered account to call from.");
});

test("end reasons: completed, missed (487 when cancelled), busy, rejected, cancelled, failed with the status", () => {
  const out = (final) => endReason({ wasEstablished: false, direction: "outbound", final });
  assert.deepEqual(endReason({ wasEstablished: true, direction: "inbound" }), {
    reason: "completed",
    endedBy: "remote",
  });
  assert.deepEqual(endReason({ wasEstablished: false, direction: "inbound", canceled: true }), {
    reason: "missed",
    endedBy: "remote",
    sipStatus: 487,
  });
  assert.deepEqual(endReason({ wasEstablished: false, direction: "inbound" }), {
    reason: "missed",
    endedBy: "remote",
    sipStatus: undefined,
  });
  assert.deepEqual(out({ sipStatus: 486 }), { reason: "busy", endedBy: "remote", sipStatus: 486 });
  assert.deepEqual(out({ sipStatus: 600 }), { reason: "busy", endedBy: "remote", sipStatus: 600 });
  assert.deepEqual(out({ sipStatus: 603 }), { reason: "rejected", endedBy: "remote", sipStatus: 603 });
  assert.deepEqual(out({ sipStatus: 487 }), { reason: "cancelled", endedBy: "local", sipStatus: 487 });
  assert.deepEqual(out({ sipStatus: 480, reasonPhrase: "Temporarily Unavailable" }), {
    reason: "failed",
    endedBy: "remote",
    sipStatus: 480,
    detail: "480 Temporarily Unavailable",
  });
  assert.deepEqual(out(undefined), {
    reason: "failed",
    endedBy: "remote",
    sipStatus: undefined,
    detail: "No answer from the PBX",
  });
});

test("SDP direction: the audio section's attribute wins over the session's; sendrecv by default", () => {
  assert.equal(sdpDirection("v=0\r\na=inactive\r\nm=audio 9 RTP/AVP 0\r\n"), "inactive");
  assert.equal(sdpDirection("v=0\r\nm=audio 9 RTP/AVP 0\r\n"), "sendrecv");
  assert.equal(sdpDirection("v=0\r\na=inactive\r\nm=audio 9 RTP/AVP 0\r\na=sendonly\r\n"), "sendonly");
  assert.equal(sdpDirection("v=0\nm=audio 9 RTP/AVP 0\na=recvonly\nm=video 9 RTP/AVP 96\na=inactive\n"), "recvonly");
  assert.equal(sdpDirection(""), undefined);
  assert.equal(sdpDirection(undefined), undefined);
  assert.deepEqual(
    ["sendrecv", "sendonly", "recvonly", "inactive"].map(holdsUs),
    [false, true, false, true],
    "RFC 3264 §8.4: sendonly and inactive hold the other side",
  );
});

test("display names lose their quoted-pairs' backslashes (but CR, LF and non-ASCII stay escaped)", () => {
  assert.equal(unquote('Ann \\"The Boss\\" \\\\ Smith'), 'Ann "The Boss" \\ Smith');
  assert.equal(unquote("a\\\nb\\\rc\\é"), "a\\\nb\\\rc\\é");
  assert.equal(unquote("\\\t"), "\t");
});

test("reason phrases are clipped; DTMF tones are 0-9, A-D, * and # (upper-cased)", () => {
  assert.equal(reasonPhrase({ message: { reasonPhrase: "Busy Here" } }), "Busy Here");
  assert.equal(reasonPhrase(undefined), "");
  assert.ok(reasonPhrase({ message: { reasonPhrase: "x".repeat(10_000) } }).length <= LIMITS.displayName);
  assert.equal(dtmfTones("12ab*#"), "12AB*#");
  assert.throws(() => dtmfTones("12e"), /DTMF: "12e" is not 0-9, A-D, \* or #\./);
  assert.throws(() => dtmfTones(""), /DTMF/);
});

test("call settings: the command line's auto-answer wins over the profile's; REFER only when accepted", () => {
  const none = callSettings(undefined);
  assert.equal(none.autoAnswerSeconds("main/1001"), undefined);
  assert.equal(none.acceptsRefer("main/1001"), false);
  const config = {
    accounts: [
      { id: "main/1001", autoAnswerSeconds: 3, refer: "accept" },
      { id: "main/1002", autoAnswerSeconds: 1.5, refer: "reject" },
    ],
  };
  const profile = callSettings(config);
  assert.equal(profile.autoAnswerSeconds("main/1001"), 3);
  assert.equal(profile.autoAnswerSeconds("main/1002"), undefined, "whole seconds only");
  assert.equal(profile.acceptsRefer("main/1001"), true);
  assert.equal(profile.acceptsRefer("main/1002"), false);
  const cli = callSettings({ ...config, autoAnswerSeconds: 0 });
  assert.equal(cli.autoAnswerSeconds("main/1001"), 0);
  assert.equal(cli.autoAnswerSeconds("unknown/1"), 0);
});

test("a call's view holds no SIP.js objects", () => {
  const view = callView({
    id: "c1",
    accountId: "main/1001",
    settings: { extension: "1001" },
    session: {},
    state: CallState.RINGING,
  });
  assert.equal(view.callId, "c1");
  assert.equal(view.extension, "1001");
  assert.equal(view.waiting, false);
  assert.ok(!("session" in view) && !("settings" in view));
});

test("a new call's fields: the caller's From/To clipped and unquoted; an outbound call from the account", () => {
  const settings = { extension: "1001", domain: "pbx.test" };
  const invitation = {
    remoteIdentity: { uri: { toString: () => `sip:${"2".repeat(5000)}@pbx.test` }, displayName: 'A \\"B\\"' },
    localIdentity: undefined,
  };
  const inbound = inboundCall("main/1001", settings, invitation);
  assert.equal(inbound.direction, "inbound");
  assert.equal(inbound.state, CallState.RINGING);
  assert.ok(inbound.remoteUri.length < 5000);
  assert.equal(inbound.remoteDisplayName, 'A "B"');
  assert.equal(inbound.localUri, "sip:1001@pbx.test");
  assert.deepEqual(outboundCall("main/1001", settings, "sip:1002@pbx.test"), {
    accountId: "main/1001",
    settings,
    direction: "outbound",
    state: CallState.DIALING,
    remoteUri: "sip:1002@pbx.test",
    remoteDisplayName: "",
    localUri: "sip:1001@pbx.test",
  });
});
