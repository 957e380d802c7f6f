// Reading a caller's auto-answer request from the INVITE's Call-Info and Alert-Info headers.

import { test } from "node:test";
import assert from "node:assert/strict";
import { requestedAnswerDelay } from "../src/auto-answer-request.js";

const request = (headers) => ({
  getHeaders: (name) => [].concat(headers[name] ?? headers[name.toLowerCase()] ?? []),
});

test("Call-Info answer-after gives the delay in seconds", () => {
  assert.equal(requestedAnswerDelay(request({ "Call-Info": "<sip:pbx.example.com>;answer-after=0" })), 0);
  assert.equal(requestedAnswerDelay(request({ "Call-Info": "<sip:pbx.example.com>; Answer-After=5" })), 5);
  assert.equal(
    requestedAnswerDelay(request({ "Call-Info": "<http://a.example/x,y>;purpose=icon, <sip:pbx>;answer-after=3" })),
    3,
    "a comma inside <...> does not split the value",
  );
});

test("Alert-Info auto-answer in its spellings, with an optional delay", () => {
  assert.equal(requestedAnswerDelay(request({ "Alert-Info": "<http://example.com>;info=alert-autoanswer" })), 0);
  assert.equal(
    requestedAnswerDelay(request({ "Alert-Info": "<http://example.com>;info=alert-autoanswer;delay=4" })),
    4,
  );
  assert.equal(requestedAnswerDelay(request({ "Alert-Info": "Auto Answer" })), 0);
  assert.equal(requestedAnswerDelay(request({ "Alert-Info": "<sip:x>;auto-answer" })), 0);
  assert.equal(
    requestedAnswerDelay(request({ "Alert-Info": "<http://example.com/auto-answer.wav>" })),
    null,
    "words inside the URI are not a request",
  );
});

test("no request, or a malformed one, is null; the sooner of two requests wins", () => {
  assert.equal(requestedAnswerDelay(request({})), null);
  assert.equal(requestedAnswerDelay(undefined), null);
  assert.equal(requestedAnswerDelay(request({ "Call-Info": "<sip:pbx>;purpose=info" })), null);
  assert.equal(requestedAnswerDelay(request({ "Call-Info": "<sip:pbx>;answer-after=soon" })), null);
  assert.equal(requestedAnswerDelay(request({ "Call-Info": "<sip:pbx>;answer-after=-1" })), null);
  assert.equal(requestedAnswerDelay(request({ "Call-Info": "<sip:pbx>;answer-after=601" })), null);
  assert.equal(
    requestedAnswerDelay(
      request({ "Call-Info": "<sip:pbx>;answer-after=9", "Alert-Info": "<x>;info=alert-autoanswer;delay=2" }),
    ),
    2,
  );
});
