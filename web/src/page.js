// Wiring only: bridge, logger, account manager and view, joined as architecture.md describes.
// The SIP.js namespace (js/sip.js) and the account manager (js/sip-account-manager.js) come from
// their own bundles as globals, so this file never imports SIP.js.

import { createBridge } from "./bridge.js";
import { createLogger, createRedactor, installConsoleForwarding } from "./logger.js";
import { createAppView } from "./ui/app-view.js";
import { webViewTransport } from "./webview-transport.js";
import { createCallWiring } from "./page-calls.js";
import { bridgeWebSocketClass } from "./bridge-websocket.js";
import { createEventsWiring } from "./page-events.js";
import { createAvailabilityWiring } from "./page-availability.js";

/**
 * Starts the page in `win` (the WebView's window, or a test's).
 * @returns {{bridge, logger, manager, view, dispose}} for tests and diagnostics
 */
export function startPage(win) {
  const rawConsole = win.console;
  const consoleError = typeof rawConsole?.error === "function" ? rawConsole.error.bind(rawConsole) : () => {};
  const redactor = createRedactor();
  let bridgeLog = null;
  let reporting = false;
  const bridge = createBridge({
    host: win,
    // A bridge problem goes to the app log if the bridge still works, else to the raw console.
    onError: (message) => {
      if (reporting || !bridgeLog) return consoleError(message);
      reporting = true;
      try {
        bridgeLog.error(message);
      } finally {
        reporting = false;
      }
    },
  });
  const logger = createLogger({ sink: (entry) => bridge.send({ type: "log", ...entry }), redactor });
  bridgeLog = logger.child("bridge");
  const uninstallConsole = installConsoleForwarding({ console: rawConsole, window: win, logger });

  // Java's doorway into the page: attach() once deskphoneJava is injected, receive(json) after.
  win.Deskphone = {
    attach: () => bridge.attach(),
    receive: (json) => bridge.receive(json),
  };

  let manager = null;
  let requestSeq = 0;
  const view = createAppView({
    document: win.document,
    onRegister: (id) => manager?.register(id),
    onUnregister: (id) => manager?.unregister(id),
    onSettings: (action, values) => {
      const requestId = `settings-${Date.now().toString(36)}-${++requestSeq}`;
      bridge.send({ type: "settings", requestId, action, values });
      return requestId;
    },
    onAudioSelect: ({ microphone, speaker, ringer }) => {
      const requestId = `audio-${Date.now().toString(36)}-${++requestSeq}`;
      // Every field always, null meaning the system default (JSON keeps nulls; Java reads a missing
      // microphone or speaker as the system default too, so leaving one out would change it).
      bridge.send({
        type: "audio-select",
        requestId,
        microphone: microphone ?? null,
        speaker: speaker ?? null,
        ringer: ringer ?? null,
      });
      return requestId;
    },
    // Devices come and go (headsets): the list is asked for again whenever Settings opens.
    onSettingsOpen: () => bridge.send({ type: "audio-devices-request" }),
  });

  // --- availability and history (page-availability.js): asked before a call rings.
  let calls = null;
  const availability = createAvailabilityWiring({
    win,
    bridge,
    logger,
    showNotice: view.showNotice,
    redial: (target, account) => {
      if (!calls?.manager) throw new Error("The softphone is not ready.");
      calls.manager.dial(target, { account });
    },
  });

  // --- call events: the object the call code reports to (page-events.js).
  const callEvents = createEventsWiring({
    win,
    bridge,
    logger,
    showNotice: view.showNotice,
    showDetail: view.showAdminDetail,
    onNotDelivered: (callId, why) => calls?.notDelivered(callId, why),
    availability: availability.model,
  }).events;

  // --- calls, reporting to the call events.
  calls = createCallWiring({ win, bridge, logger, events: callEvents, availability: availability.model });

  try {
    const accounts = win.DeskphoneAccounts;
    if (!accounts || typeof accounts.SIPAccountManager !== "function") {
      throw new Error("js/sip-account-manager.js did not load (DeskphoneAccounts is missing).");
    }
    manager = new accounts.SIPAccountManager({
      sip: win.SIP,
      // The WebSockets run in Java (bridge-websocket.js says why).
      userAgentOptions: {
        transportConstructor: webViewTransport(win.SIP, { socketClass: bridgeWebSocketClass(bridge) }),
      },
      logger,
      sessionDescriptionHandlerFactory: calls.mediaFactory,
      createDelegate: calls.delegateFor,
      onStateChange: (state) => {
        bridge.send({ type: "account-state", ...state });
        view.showAccountState(state);
        calls.onAccountState(state);
      },
    });
    calls.attach(manager);
  } catch (error) {
    logger.error("The softphone cannot start:", error);
    view.showNotice("startup", `The softphone cannot start: ${error.message}`, "error");
  }

  bridge.on("config", (config) => {
    redactor.setSecrets(secretsOf(config));
    view.showConfig(config);
    // What Java left out or could not read (e.g. the administrator's TURN password): the agent sees why.
    view.showNotice("config-warnings", (config.warnings || []).join(" "), "warn");
    calls.onConfig(config);
    if (!manager) return;
    manager.setMaxAccounts(config.maxAccounts);
    manager.applyConfig(config.accounts).then(
      (result) => {
        view.showNotice("config", result.errors.map((e) => e.message).join(" "), "error");
        logger.info(
          `config applied: ${result.added.length} added, ${result.updated.length} updated, ` +
            `${result.removed.length} removed, ${result.unchanged.length} unchanged`,
        );
      },
      (error) => logger.error("applying the config failed:", error),
    );
  });

  bridge.on("command", (command) => {
    if (calls.handles(command.name)) return calls.command(command);
    if (!manager) return;
    try {
      if (command.name === "register") manager.register(command.account);
      else if (command.name === "unregister") manager.unregister(command.account);
      else logger.warn(`unknown command "${command.name}"`);
    } catch (error) {
      logger.warn(`command ${command.name} ${command.account}: ${error.message}`);
    }
  });

  bridge.on("settings-result", (result) => {
    if (!view.showSettingsResult(result)) logger.warn(`settings-result for unknown request ${result.requestId}`);
  });

  bridge.on("audio-devices", (devices) => view.showAudioDevices(devices));
  bridge.on("audio-select-result", (result) => {
    if (!view.showAudioSelectResult(result)) logger.warn(`audio-select-result for unknown request ${result.requestId}`);
  });

  // Best effort: un-REGISTER when the page goes away (the app quitting). On pagehide, not
  // beforeunload: WebKit fires beforeunload for a navigation Java then blocks, and the page (its
  // registrations and calls) stays.
  win.addEventListener("pagehide", () => {
    manager?.stopAll();
  });

  bridge.send({ type: "ready" });
  bridge.send({ type: "audio-devices-request" });
  availability.start();
  return {
    bridge,
    logger,
    manager,
    view,
    calls,
    callEvents,
    availability,
    /** Unregisters everything and stops the page's timers and console hooks. */
    async dispose() {
      view.dispose();
      calls.dispose();
      await manager?.stopAll();
      uninstallConsole();
    },
  };
}

/** Every secret a config carries, so the logger can blank them wherever they turn up. */
function secretsOf(config) {
  const secrets = [];
  for (const a of config.accounts || []) {
    secrets.push(a.password);
    for (const s of a.iceServers || []) secrets.push(s.credential);
  }
  return secrets;
}
