// The page's one doorway to Java (architecture.md, "The page <-> Java bridge").
//
// JS -> Java: window.deskphoneJava.send(json), answered with {"ok":true} or {"ok":false,"error":...}.
// Java injects deskphoneJava once the page has loaded and then calls Deskphone.attach(); until
// then messages wait here, in order. Java -> JS: Deskphone.receive(json), dispatched by `type`.
// Nothing here may throw into WebKit/Java: every failure goes to onError instead.

/** Above this many waiting messages the oldest log lines are dropped (a page Java never attaches to). */
const DEFAULT_MAX_BUFFERED = 500;

/**
 * @param {object} o
 * @param {object} o.host where Java puts `deskphoneJava` (the window)
 * @param {(message: string) => void} [o.onError] delivery/dispatch problems; must not use the bridge
 */
export function createBridge({ host, onError = () => {}, maxBuffered = DEFAULT_MAX_BUFFERED }) {
  let java = null;
  const waiting = [];
  const handlers = new Map();

  function deliver(msg, onRefused) {
    const refused = (why) => {
      onError(why);
      if (!onRefused) return false;
      try {
        onRefused(why);
      } catch (error) {
        onError(
          `bridge: the refusal handler of a "${msg.type}" message failed: ${error && error.message ? error.message : error}`,
        );
      }
      return false;
    };
    let json;
    try {
      json = JSON.stringify(msg);
    } catch (error) {
      return refused(`bridge: cannot serialise a "${msg.type}" message: ${error.message}`);
    }
    let answer;
    try {
      answer = java.send(json);
    } catch (error) {
      return refused(`bridge: Java refused a "${msg.type}" message: ${error && error.message ? error.message : error}`);
    }
    const result = parseAnswer(answer);
    if (result && result.ok === false) {
      return refused(`bridge: Java answered a "${msg.type}" message with: ${result.error || "an error"}`);
    }
    return true;
  }

  function dispatch(type, msg) {
    for (const handler of [...(handlers.get(type) || []), ...(handlers.get("*") || [])]) {
      try {
        handler(msg);
      } catch (error) {
        onError(`bridge: handler for "${type}" failed: ${error && error.stack ? error.stack : error}`);
      }
    }
  }

  return {
    /**
     * Sends {type, ...} to Java, or keeps it until attach().
     * @param {object} msg
     * @param {{onRefused?: (why: string) => void}} [options] told when Java answers with an error
     *   (or cannot be called), so the sender can show what was not delivered instead of only logging it
     */
    send(msg, { onRefused } = {}) {
      if (!msg || typeof msg.type !== "string" || !msg.type) {
        onError('bridge: refusing to send a message without a "type"');
        return;
      }
      if (java) {
        deliver(msg, onRefused);
        return;
      }
      waiting.push({ msg, onRefused });
      if (waiting.length > maxBuffered) {
        const oldestLog = waiting.findIndex((w) => w.msg.type === "log");
        waiting.splice(oldestLog >= 0 ? oldestLog : 0, 1);
      }
    },

    /** Called by Java (through Deskphone.attach) once host.deskphoneJava is in place. */
    attach() {
      const candidate = host && host.deskphoneJava;
      if (!candidate) {
        onError("bridge: attach() called but window.deskphoneJava is missing; Java must inject it first");
        return false;
      }
      java = candidate;
      while (waiting.length > 0) {
        const { msg, onRefused } = waiting.shift();
        deliver(msg, onRefused);
      }
      return true;
    },

    get attached() {
      return java !== null;
    },

    /** Messages still waiting for Java (for tests and diagnostics). */
    get pending() {
      return waiting.length;
    },

    /**
     * Called by Java with one JSON message. Returns true when it was understood, false otherwise;
     * never throws (an exception would surface in Java as a JSException far from its cause).
     */
    receive(json) {
      let msg;
      try {
        msg = typeof json === "string" ? JSON.parse(json) : json;
      } catch (error) {
        onError(`bridge: Java sent something that is not JSON: ${error.message}`);
        return false;
      }
      if (!msg || typeof msg.type !== "string") {
        onError('bridge: Java sent a message without a "type"');
        return false;
      }
      if (!handlers.has(msg.type) && !handlers.has("*")) {
        onError(`bridge: no handler for "${msg.type}" messages`);
        return false;
      }
      dispatch(msg.type, msg);
      return true;
    },

    /** Subscribes to messages of one type ("*" for all); returns the unsubscribe function. */
    on(type, handler) {
      if (!handlers.has(type)) handlers.set(type, []);
      handlers.get(type).push(handler);
      return () =>
        handlers.set(
          type,
          handlers.get(type).filter((h) => h !== handler),
        );
    },
  };
}

function parseAnswer(answer) {
  if (answer === undefined || answer === null) return null;
  if (typeof answer === "object") return answer;
  try {
    return JSON.parse(String(answer));
  } catch {
    return null;
  }
}
