// The settings forms' client-side checks, worded like the CLI's: one message per field at fault.

import { test } from "node:test";
import assert from "node:assert/strict";
import { validateAccount, validateProfile } from "../src/ui/settings-forms.js";

const good = { name: "main", server: "wss://pbx.test/ws", domain: "pbx.test", stun: [] };

test("a profile: name, server and domain required and well formed; TURN needs its credentials", () => {
  assert.deepEqual(validateProfile(good, []), {});
  assert.deepEqual(Object.keys(validateProfile({ ...good, name: "", server: "", domain: "" }, [])), [
    "name",
    "server",
    "domain",
  ]);
  assert.match(validateProfile({ ...good, name: "a b" }, []).name, /no spaces or slashes/);
  assert.match(validateProfile(good, [{ name: "main" }]).name, /already exists/);
  assert.match(validateProfile(good, [{ name: "main", locked: true }]).name, /administrator/);
  assert.match(validateProfile({ ...good, server: "https://pbx.test" }, []).server, /ws:\/\/ or wss:\/\//);
  assert.match(validateProfile({ ...good, domain: "a@b" }, []).domain, /without spaces or @/);
  assert.match(validateProfile({ ...good, stun: ["stun:ok", "http://x"] }, []).stun, /“http:\/\/x”/);
  assert.deepEqual(Object.keys(validateProfile({ ...good, turn: "turn:t.test" }, [])), [
    "turnUsername",
    "turnPassword",
  ]);
  assert.deepEqual(validateProfile({ ...good, turn: "turns:t.test", turnUsername: "u", turnPassword: "p" }, []), {});
  assert.match(validateProfile({ ...good, turnUsername: "u" }, []).turn, /Enter the TURN server/);
});

test("an account: a profile, a plain extension not set up yet, a password, and room for one more", () => {
  const config = { accounts: [{ profile: "main", extension: 1001 }], maxAccounts: 2 };
  const account = { profile: "main", extension: "1002", password: "secret" };
  assert.deepEqual(validateAccount(account, config), {});
  assert.match(validateAccount({ ...account, extension: "1001" }, config).extension, /already set up/);
  assert.match(validateAccount({ ...account, extension: "10@01" }, config).extension, /cannot contain/);
  assert.deepEqual(Object.keys(validateAccount({}, config)), ["profile", "extension", "password"]);
  const full = { ...config, accounts: [...config.accounts, { profile: "main", extension: 1003 }] };
  assert.match(validateAccount(account, full)._form, /At most 2 accounts/);
});
