// SIP.js's message grammar as patched by patches/sip.js+0.21.2.patch: the parser's tables are built
// once instead of on every call (the calls benchmark saw 8-18 ms per SIP message on the FX thread),
// and each call still starts from a clean state: a failed or different-rule parse before it changes
// nothing in its result.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Grammar } from "sip.js/lib/grammar/grammar.js";
import { Parser } from "sip.js/lib/core/messages/parser.js";
import { IncomingRequestMessage, IncomingResponseMessage } from "sip.js/lib/core/messages/index.js";

const quietLogger = { debug() {}, log() {}, warn() {}, error() {} };

/** Counts `String#split("")` calls while `work` runs: the generated parser decodes its bytecode with them. */
function bytecodeDecodesDuring(work) {
  const split = String.prototype.split;
  let decodes = 0;
  String.prototype.split = function (separator, limit) {
    if (separator === "") decodes++;
    return split.call(this, separator, limit);
  };
  try {
    work();
  } finally {
    String.prototype.split = split;
  }
  return decodes;
}

test("parsing a header reuses the parser's decoded tables instead of rebuilding them per call", () => {
  Grammar.parse("warm-up@pbx.test", "Call_ID");
  const decodes = bytecodeDecodesDuring(() => {
    for (let i = 0; i < 5; i++) {
      Grammar.parse(`call-${i}@pbx.test`, "Call_ID");
      Grammar.parse("SIP/2.0/WSS abc.invalid;branch=z9hG4bK776", "Via");
    }
  });
  assert.equal(decodes, 0, "the unpatched parser decodes its 235 bytecode strings on every call");
});

test("each header parse starts clean: a failed parse or another rule before it does not leak into it", () => {
  assert.equal(Grammar.parse("<sip:broken@", "From"), -1, "an unterminated name-addr fails");
  assert.equal(Grammar.parse("not a number INVITE", "CSeq"), -1);

  const alice = Grammar.parse('"Alice" <sip:1001@pbx.test>;tag=abc', "From");
  const cseq = Grammar.parse("2 INVITE", "CSeq");
  const bob = Grammar.parse("<sip:1002@pbx.test:5080;transport=ws>;tag=xyz", "To");

  assert.equal(alice.displayName, "Alice");
  assert.equal(alice.uri.user, "1001");
  assert.equal(alice.uri.host, "pbx.test");
  assert.equal(alice.getParam("tag"), "abc", "a later parse does not touch an earlier result");
  assert.deepEqual({ value: cseq.value, method: cseq.method }, { value: 2, method: "INVITE" });
  assert.equal(bob.displayName, undefined, "no display name, though the From before had one");
  assert.equal(bob.uri.port, 5080);
  assert.equal(bob.uri.getParam("transport"), "ws");
  assert.equal(bob.getParam("tag"), "xyz");

  const via = Grammar.parse("SIP/2.0/WSS abc.invalid;branch=z9hG4bK776;rport=5060;received=10.0.0.1", "Via");
  assert.deepEqual(
    { transport: via.transport, host: via.host, branch: via.branch, rport: via.rport, received: via.received },
    { transport: "WSS", host: "abc.invalid", branch: "z9hG4bK776", rport: "5060", received: "10.0.0.1" },
  );
  assert.equal(Grammar.URIParse("sip:1003@pbx.test").user, "1003", "the SIP_URI rule's own result shape survives");
  assert.equal(Grammar.nameAddrHeaderParse("<sip:@>"), undefined);
  assert.equal(Grammar.parse("x", "No_Such_Rule"), -1, "an unknown start rule is still refused");
});

const INVITE = [
  "INVITE sip:1002@pbx.test SIP/2.0",
  "Via: SIP/2.0/WSS caller.invalid;branch=z9hG4bK111;rport",
  "Max-Forwards: 70",
  "To: <sip:1002@pbx.test>",
  'From: "Agent 1" <sip:1001@pbx.test>;tag=from-1',
  "Call-ID: call-abc",
  "CSeq: 7 INVITE",
  "Contact: <sip:c1@caller.invalid;transport=ws;ob>",
  "Content-Type: application/sdp",
  "Content-Length: 11",
  "",
  "v=0\r\ns=-\r\n",
].join("\r\n");

const RINGING = [
  "SIP/2.0 180 Ringing",
  "Via: SIP/2.0/WSS caller.invalid;branch=z9hG4bK111;rport=5060;received=10.0.0.2",
  "Record-Route: <sip:10.0.0.1;transport=ws;r2=on;lr=on>",
  "To: <sip:1002@pbx.test>;tag=to-2",
  'From: "Agent 1" <sip:1001@pbx.test>;tag=from-1',
  "Call-ID: call-abc",
  "CSeq: 7 INVITE",
  "Contact: <sip:c2@callee.invalid;transport=ws>",
  "Content-Length: 0",
  "",
  "",
].join("\r\n");

test("whole SIP messages parse the same way one after another", () => {
  for (let round = 0; round < 3; round++) {
    const invite = Parser.parseMessage(INVITE, quietLogger);
    assert.ok(invite instanceof IncomingRequestMessage);
    assert.equal(invite.method, "INVITE");
    assert.equal(invite.ruri.user, "1002");
    assert.equal(invite.from.displayName, "Agent 1");
    assert.equal(invite.fromTag, "from-1");
    assert.equal(invite.toTag, undefined, "the To of a new INVITE has no tag, whatever was parsed before");
    assert.equal(invite.cseq, 7);
    assert.equal(invite.callId, "call-abc");
    assert.equal(invite.via.branch, "z9hG4bK111");
    assert.equal(invite.body, "v=0\r\ns=-\r\n");

    const ringing = Parser.parseMessage(RINGING, quietLogger);
    assert.ok(ringing instanceof IncomingResponseMessage);
    assert.equal(ringing.statusCode, 180);
    assert.equal(ringing.reasonPhrase, "Ringing");
    assert.equal(ringing.toTag, "to-2");
    assert.equal(ringing.via.received, "10.0.0.2");
    assert.equal(ringing.getHeader("record-route"), "<sip:10.0.0.1;transport=ws;r2=on;lr=on>");
  }
  assert.equal(Parser.parseMessage("GARBAGE\r\n\r\n", quietLogger), undefined);
  assert.equal(Parser.parseMessage(INVITE, quietLogger).cseq, 7, "a message after a garbage one parses");
});
