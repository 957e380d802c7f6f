// How long SIP.js takes to parse the SIP messages of a call set-up (INVITE, 180, 200 OK with SDP),
// in Node's V8: `npm run bench:parse`. The WebView's WebKit is several times slower; the calls
// benchmark (CallBenchmarkIT) measures the app itself. Report the numbers with the machine.
import { readFileSync } from "node:fs";
import { Parser } from "sip.js/lib/core/messages/parser.js";

const headers = (first, extra) => [
  first,
  "Via: SIP/2.0/WSS caller.invalid;branch=z9hG4bK4b41a2c;rport=5060;received=10.0.0.2",
  "Record-Route: <sip:10.0.0.1;transport=ws;r2=on;lr=on;ftag=f1>",
  "Record-Route: <sip:10.0.0.1;r2=on;lr=on;ftag=f1>",
  'From: "Agent 1" <sip:1001@pbx.test>;tag=f1',
  "Call-ID: 8ktq3mb0ajd7g5r2pp1h",
  "Contact: <sip:k2v8@caller.invalid;transport=ws;ob>",
  "Allow: ACK,CANCEL,INVITE,MESSAGE,BYE,OPTIONS,INFO,NOTIFY,REFER",
  "Supported: outbound",
  ...extra,
];
const sdp = [
  "v=0",
  "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
  "s=-",
  "t=0 0",
  "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 8",
  "c=IN IP4 0.0.0.0",
  "a=rtpmap:111 opus/48000/2",
  "a=sendrecv",
  "",
].join("\r\n");
const messages = [
  [
    ...headers("INVITE sip:1002@pbx.test SIP/2.0", [
      "To: <sip:1002@pbx.test>",
      "CSeq: 2 INVITE",
      "Max-Forwards: 69",
      "Content-Type: application/sdp",
      `Content-Length: ${sdp.length}`,
    ]),
    "",
    sdp,
  ].join("\r\n"),
  [
    ...headers("SIP/2.0 180 Ringing", ["To: <sip:1002@pbx.test>;tag=t2", "CSeq: 2 INVITE", "Content-Length: 0"]),
    "",
    "",
  ].join("\r\n"),
  [
    ...headers("SIP/2.0 200 OK", [
      "To: <sip:1002@pbx.test>;tag=t2",
      "CSeq: 2 INVITE",
      "Content-Type: application/sdp",
      `Content-Length: ${sdp.length}`,
    ]),
    "",
    sdp,
  ].join("\r\n"),
];
const logger = { debug() {}, log() {}, warn() {}, error() {} };

const parseAll = (rounds) => {
  for (let i = 0; i < rounds; i++)
    for (const m of messages) if (!Parser.parseMessage(m, logger)) throw new Error("unparsable");
};
parseAll(500); // let the JIT settle
const rounds = 3000;
const started = process.hrtime.bigint();
parseAll(rounds);
const perMessageUs = Number(process.hrtime.bigint() - started) / 1000 / (rounds * messages.length);
const sipJs = JSON.parse(readFileSync(new URL("../node_modules/sip.js/package.json", import.meta.url), "utf8"));
console.log(
  `SIP.js ${sipJs.version} on Node ${process.version}: ${perMessageUs.toFixed(1)} µs per message ` +
    `(${rounds * messages.length} messages)`,
);
