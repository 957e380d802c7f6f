// The accounts as the calls see them: supervisor states first, the account manager's otherwise;
// transports; the account a dial goes from.

import { test } from "node:test";
import assert from "node:assert/strict";
import { CallAccounts } from "../src/call-accounts.js";
import { fakeAccounts } from "./support/fake-calls.js";

test("a supervisor's reported state wins over the account manager's; the previous one is returned", () => {
  const manager = fakeAccounts(["main/1001", "main/1002"]);
  const accounts = new CallAccounts(manager);
  assert.equal(accounts.registered("main/1001"), true, "the account manager's state before any report");
  assert.equal(accounts.setState("main/1001", "unregistered"), undefined);
  assert.equal(accounts.registered("main/1001"), false);
  assert.equal(accounts.setState("main/1001", "registered"), "unregistered");
  assert.equal(accounts.registered("main/1001"), true);
  manager.states.set("main/1002", "failed");
  assert.equal(accounts.registered("main/1002"), false);
  manager.state = () => {
    throw new Error("gone");
  };
  assert.equal(accounts.registered("main/1002"), false, "an account manager that throws: not registered");
});

test("dials go from the wanted account or the first registered one, when it is registered", () => {
  const manager = fakeAccounts(["main/1001", "main/1002"]);
  const accounts = new CallAccounts(manager);
  accounts.setState("main/1001", "unregistered");
  assert.equal(accounts.choose(undefined), "main/1002");
  assert.equal(accounts.choose("1001"), "main/1001");
  assert.equal(accounts.readyToDial("1001"), false);
  assert.equal(accounts.readyToDial(undefined), true);
  assert.equal(accounts.readyToDial("9999"), false);
  assert.equal(accounts.settings("main/1002").domain, "pbx.test");
});

test("the transport is up only when the account's user agent says it is connected", () => {
  const manager = fakeAccounts(["main/1001"]);
  const accounts = new CallAccounts(manager);
  assert.equal(accounts.transportUp("main/1001"), true);
  manager.uas.get("main/1001").connected = false;
  assert.equal(accounts.transportUp("main/1001"), false);
  assert.equal(accounts.transportUp("other/1"), false, "no user agent");
});
