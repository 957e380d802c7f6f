import { test } from "node:test";
import assert from "node:assert/strict";
import { createLogger, createRedactor, installConsoleForwarding } from "../src/logger.js";

test("redaction: secret-looking keys, Authorization headers and known passwords", () => {
  const r = createRedactor();
  r.setSecrets(["Pw-1-correct-horse", "ab"]);
  const cases = [
    ['{"password":"hunter22","user":"1001"}', '{"password":"[redacted]","user":"1001"}'],
    ["authorizationPassword: 'hunter22', x", "authorizationPassword: '[redacted]', x"],
    ["login?user=1001&password=hunter22&x=1", "login?user=1001&password=[redacted]&x=1"],
    [
      '{"urls":"turn:t","username":"u","credential":"tok3n"}',
      '{"urls":"turn:t","username":"u","credential":"[redacted]"}',
    ],
    ['"{\\"turnPassword\\":\\"hunter22\\"}"', '"{\\"turnPassword\\":\\"[redacted]\\"}"'],
    [
      'Authorization: Digest username="1001", realm="pbx", response="6629fae49393a05397450978507c4ef1"\r\nVia: x',
      "Authorization: [redacted]\r\nVia: x",
    ],
    ["Proxy-Authorization: Digest x", "Proxy-Authorization: [redacted]"],
    ["oops, the secret is Pw-1-correct-horse!", "oops, the secret is [redacted]!"],
    ["ab stays (too short to redact blindly)", "ab stays (too short to redact blindly)"],
    ["403 Forbidden — check the password", "403 Forbidden — check the password"],
  ];
  for (const [input, expected] of cases) assert.equal(r.redact(input), expected, input);
});

test("the logger sends redacted lines with level and source", () => {
  const lines = [];
  const redactor = createRedactor();
  redactor.setSecrets(["Pw-9-secret"]);
  const log = createLogger({ sink: (e) => lines.push(e), redactor, source: "page" });
  log.info("config", { password: "Pw-9-secret", extension: "1009" });
  log.child("accounts").warn("main/1009", new Error("Pw-9-secret leaked"));
  assert.deepEqual(lines[0], {
    level: "info",
    source: "page",
    message: 'config {"password":"[redacted]","extension":"1009"}',
  });
  assert.equal(lines[1].level, "warn");
  assert.equal(lines[1].source, "accounts");
  assert.match(lines[1].message, /^main\/1009 Error: \[redacted\] leaked/);
  assert.ok(!JSON.stringify(lines).includes("Pw-9-secret"));
});

test("console, window.onerror and unhandled rejections reach the logger; the console still works", () => {
  const lines = [];
  const seenByConsole = [];
  const fakeConsole = {
    log: (...a) => seenByConsole.push(["log", ...a]),
    info: () => {},
    debug: () => {},
    warn: () => {},
    error: (...a) => seenByConsole.push(["error", ...a]),
  };
  const listeners = {};
  const fakeWindow = {
    onerror: null,
    addEventListener: (type, fn) => {
      listeners[type] = fn;
    },
    removeEventListener: (type) => {
      delete listeners[type];
    },
  };
  const redactor = createRedactor();
  const logger = createLogger({ sink: (e) => lines.push(e), redactor });
  const uninstall = installConsoleForwarding({ console: fakeConsole, window: fakeWindow, logger });

  fakeConsole.log("hello", 42);
  fakeConsole.error("password=hunter22 failed");
  fakeWindow.onerror("ReferenceError: x is not defined", "file:///app.js", 3, 7, undefined);
  listeners.unhandledrejection({ reason: new Error("nobody caught me") });

  assert.deepEqual(seenByConsole[0], ["log", "hello", 42]);
  assert.deepEqual(lines[0], { level: "info", source: "console", message: "hello 42" });
  assert.deepEqual(lines[1], { level: "error", source: "console", message: "password=[redacted] failed" });
  assert.equal(lines[2].source, "window");
  assert.equal(lines[2].level, "error");
  assert.match(lines[2].message, /Uncaught ReferenceError: x is not defined \(file:\/\/\/app.js:3:7\)/);
  assert.match(lines[3].message, /Unhandled promise rejection: Error: nobody caught me/);

  uninstall();
  fakeConsole.log("after");
  assert.equal(lines.length, 4);
  assert.equal(listeners.unhandledrejection, undefined);
});

test("a sink that itself writes to the console does not loop", () => {
  const fakeConsole = { log: () => {}, info: () => {}, debug: () => {}, warn: () => {}, error: () => {} };
  const fakeWindow = { addEventListener: () => {}, removeEventListener: () => {} };
  let calls = 0;
  const logger = createLogger({
    sink: () => {
      calls++;
      fakeConsole.warn("sink trouble");
    },
  });
  installConsoleForwarding({ console: fakeConsole, window: fakeWindow, logger });
  fakeConsole.log("x");
  assert.equal(calls, 1);
});
