// Which clicked links dial without asking: only what the profile's --allow-links lists.

import { test } from "node:test";
import assert from "node:assert/strict";
import { linkAllowed, parseLink } from "../src/link-policy.js";

const profile = (allowLinks) => ({ allowLinks, domain: "pbx.example.com" });

test("with no patterns every link waits for the agent", () => {
  for (const link of ["sip:1002@pbx.example.com", "tel:+4930123", "sips:boss@crm.example.com"]) {
    assert.equal(linkAllowed(link, profile([])), false, link);
    assert.equal(linkAllowed(link, {}), false, link);
  }
});

test("a host pattern allows sip: links to that host only; *.host its sub-domains", () => {
  const p = profile(["crm.example.com", "*.corp.example"]);
  assert.equal(linkAllowed("sip:1002@crm.example.com", p), true);
  assert.equal(linkAllowed("SIP://agent@CRM.Example.com:5061;transport=tls?subject=x", p), true);
  assert.equal(linkAllowed("sip:1002@eu.corp.example", p), true);
  assert.equal(linkAllowed("sip:1002@corp.example", p), false, "*. is sub-domains, not the domain itself");
  assert.equal(linkAllowed("sip:1002@crm.example.com.evil.test", p), false);
  assert.equal(linkAllowed("sip:crm.example.com@evil.test", p), false, "the user part is not the host");
  assert.equal(linkAllowed("sip:x@evil.test;maddr=crm.example.com", p), false);
  assert.equal(linkAllowed("tel:+4930123", p), false);
});

test("a number pattern allows tel: links and sip: links to the profile's own domain", () => {
  const p = profile(["+4930*", "1002"]);
  assert.equal(linkAllowed("tel:+49-30-123 45", p), true);
  assert.equal(linkAllowed("tel:+4930123;phone-context=example.com", p), true);
  assert.equal(linkAllowed("sip:+4930123@pbx.example.com", p), true);
  assert.equal(linkAllowed("sip:%2B4930123@pbx.example.com;user=phone", p), true);
  assert.equal(linkAllowed("sip:1002@pbx.example.com", p), true);
  assert.equal(linkAllowed("sip:10020@pbx.example.com", p), false, "no '*': the exact number");
  assert.equal(linkAllowed("sip:+4930123@elsewhere.example", p), false, "the number on another PBX");
  assert.equal(linkAllowed("tel:+4940123", p), false);
  assert.equal(linkAllowed("tel:+1900555", p), false);
});

test("* allows every link; what is no link is never allowed", () => {
  assert.equal(linkAllowed("sip:anyone@anywhere.example", profile(["*"])), true);
  assert.equal(linkAllowed("tel:+1900555", profile(["*"])), true);
  assert.equal(linkAllowed("http://crm.example.com", profile(["*"])), false);
  assert.equal(linkAllowed(undefined, profile(["*"])), false);
});

test("links are taken apart as RFC 3261 and RFC 3966 write them", () => {
  assert.deepEqual(parseLink("sip:alice:secret@[2001:db8::1]:5060;transport=ws"), {
    scheme: "sip",
    host: "[2001:db8::1]",
    number: undefined,
  });
  assert.deepEqual(parseLink("sips:pbx.example.com"), { scheme: "sips", host: "pbx.example.com", number: undefined });
  assert.deepEqual(parseLink("tel:(030) 123-4"), { scheme: "tel", number: "0301234" });
});
