// The page's logger: every line goes to Java as a `log` message (so it lands in the app log),
// after redaction. console.*, window.onerror and unhandled promise rejections are routed through
// it too, because a WebView's console is otherwise invisible.

const LEVELS = ["debug", "info", "warn", "error"];
const MAX_MESSAGE_CHARS = 8_000;
const REDACTED = "[redacted]";

// key=value / "key": "value" / key: value, for keys that name a secret.
const SECRET_KEY_VALUE = new RegExp(
  String.raw`((?:authorization)?password|passwd|pwd|secret|credential|authorizationHa1|turn-?password)` +
    String.raw`(\\?["']?\s*[:=]\s*)` +
    String.raw`(\\"(?:[^"\\]|\\[^"])*\\"|"(?:[^"\\]|\\.)*"|'[^']*'|[^\s,;&}\]]+)`,
  "gi",
);
// A SIP/HTTP Authorization header (digest response, nonce, user): never useful in a log.
const AUTHORIZATION_HEADER = /\b((?:Proxy-)?Authorization)\s*:[^\r\n]*/gi;

/**
 * Removes secrets from text: values of secret-looking keys, Authorization headers, and every
 * known secret value (the passwords the page received in `config`).
 */
export function createRedactor() {
  let secrets = [];
  return {
    /** Replaces the known secret values (e.g. on every `config`). Values shorter than 3 are left to the patterns. */
    setSecrets(values) {
      secrets = [...new Set((values || []).filter((v) => typeof v === "string" && v.length >= 3))].sort(
        (a, b) => b.length - a.length,
      );
    },
    redact(text) {
      let out = String(text);
      for (const secret of secrets) out = out.split(secret).join(REDACTED);
      out = out.replace(AUTHORIZATION_HEADER, `$1: ${REDACTED}`);
      out = out.replace(SECRET_KEY_VALUE, (match, key, separator, value) => {
        const quote = value.startsWith('\\"') ? '\\"' : value[0] === '"' || value[0] === "'" ? value[0] : "";
        return `${key}${separator}${quote}${REDACTED}${quote}`;
      });
      return out;
    },
  };
}

/** Turns console-style arguments into one line. */
export function formatArgs(args) {
  return args
    .map((a) => {
      if (typeof a === "string") return a;
      if (a instanceof Error) return a.stack || `${a.name}: ${a.message}`;
      if (a === undefined) return "undefined";
      try {
        return JSON.stringify(a);
      } catch {
        return String(a);
      }
    })
    .join(" ");
}

/**
 * @param {object} o
 * @param {(entry: {level: string, source: string, message: string}) => void} o.sink
 * @param {{redact: (s: string) => string}} [o.redactor]
 * @param {string} [o.source] who is logging (shown in the app log)
 */
export function createLogger({ sink, redactor = createRedactor(), source = "page" }) {
  const write = (level, args) => {
    let message = redactor.redact(formatArgs(args));
    if (message.length > MAX_MESSAGE_CHARS) message = `${message.slice(0, MAX_MESSAGE_CHARS)}… (truncated)`;
    try {
      sink({ level, source, message });
    } catch {
      // A logger must never take the page down; the sink reports its own failures.
    }
  };
  const logger = { child: (childSource) => createLogger({ sink, redactor, source: childSource }) };
  for (const level of LEVELS) logger[level] = (...args) => write(level, args);
  return logger;
}

/**
 * Forwards console.debug/log/info/warn/error, window.onerror and unhandledrejection to the logger.
 * The original console methods still run. Returns a function that undoes it all.
 */
export function installConsoleForwarding({ console: target, window: win, logger }) {
  const consoleLog = logger.child("console");
  const windowLog = logger.child("window");
  const methods = { debug: "debug", log: "info", info: "info", warn: "warn", error: "error" };
  const originals = {};
  let forwarding = false;
  for (const [method, level] of Object.entries(methods)) {
    const original = target[method];
    originals[method] = original;
    target[method] = (...args) => {
      if (typeof original === "function") original.apply(target, args);
      if (forwarding) return; // a sink that logs to the console must not loop
      forwarding = true;
      try {
        consoleLog[level](...args);
      } finally {
        forwarding = false;
      }
    };
  }

  const previousOnError = win.onerror;
  win.onerror = (message, sourceUrl, line, column, error) => {
    const where = sourceUrl ? ` (${sourceUrl}:${line}:${column})` : "";
    windowLog.error(`Uncaught ${error && error.stack ? error.stack : message}${where}`);
    return typeof previousOnError === "function" ? previousOnError(message, sourceUrl, line, column, error) : false;
  };
  const onRejection = (event) => {
    const reason = event && event.reason;
    windowLog.error(`Unhandled promise rejection: ${reason && reason.stack ? reason.stack : formatArgs([reason])}`);
  };
  win.addEventListener("unhandledrejection", onRejection);

  return () => {
    for (const [method, original] of Object.entries(originals)) target[method] = original;
    win.onerror = previousOnError;
    win.removeEventListener("unhandledrejection", onRejection);
  };
}
