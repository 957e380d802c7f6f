// Wiring of the calls feature into the page (kept apart from page.js): the media handler factory
// over the bridge, the call manager, its view, and the messages that reach it (`config`,
// `command`, account states). page.js creates it before the account manager and attaches that.

import { createMediaClient, createMediaHandlerFactory } from "./media-handler.js";
import { CallManager, NO_EVENTS } from "./call-manager.js";
import { createCallsView } from "./ui/calls.js";
import { createDialConfirm } from "./ui/dial-confirm.js";
import { elementBuilder } from "./ui/dom.js";
import { linkAllowed } from "./link-policy.js";
import { createKeyWiring } from "./page-keys.js";
import { systemClock } from "./clock.js";

/** How often an established call's quality indicator reads the media stats. */
export const QUALITY_POLL_MS = 2000;

/** Commands from Java that belong to calls (architecture.md: `dial`, `answer`, and call actions). */
const CALL_COMMANDS = new Set([
  "dial",
  "answer",
  "reject",
  "decline",
  "hangup",
  "hold",
  "resume",
  "mute",
  "unmute",
  "dtmf",
  "transfer",
  "consult",
  "complete-transfer",
  "cancel-transfer",
  "transfer-to-call",
  "merge",
  "split",
]);

/**
 * @param {object} o
 * @param {object} o.win the window (document, SIP)
 * @param {object} o.bridge the page bridge
 * @param {object} o.logger the page logger
 * @param {object} [o.events] the call-events object (call-events.js); absent: calls still work
 * @param {object} [o.clock]
 * @param {object} [o.availability] whether an account takes calls now (availability.js)
 */
export function createCallWiring({ win, bridge, logger, events, clock, availability }) {
  const log = logger.child ? logger.child("calls") : logger;
  const client = createMediaClient({ bridge, ...(clock ? { clock } : {}) });
  let calls = null;
  let accountManager = null;
  const accountStates = new Map();
  const mediaFactory = createMediaHandlerFactory({
    client,
    logger,
    onHandler: (handler) => calls?.onMediaHandler(handler),
  });

  const doc = win.document;
  let container = doc.getElementById("calls");
  if (!container) {
    container = doc.createElement("section");
    container.id = "calls";
    doc.querySelector("main")?.prepend(container);
  }
  container.classList.add("calls");
  const h = elementBuilder(doc);
  const timers = clock || systemClock;
  const view = createCallsView({ h, container, onIntent, now: () => timers.now() });
  const keys = createKeyWiring({ doc, h, manager: () => calls, view, onIntent });
  const ticking = createCallTicker({ timers, view, manager: () => calls, log });
  const confirmBox = h("section", { id: "dial-confirm", class: "panel dial-confirm", "aria-label": "Confirm call" });
  container.before(confirmBox);
  const confirm = createDialConfirm({ h, container: confirmBox });
  // Links that came before the config: which accounts there are and what they allow is not known yet.
  let accountSettings = null;
  const waitingLinks = [];

  function onIntent(intent, callId, value) {
    if (!calls) return;
    const run = (fn) =>
      Promise.resolve()
        .then(fn)
        .catch((error) => {
          log.warn(`${intent}: ${error.message}`);
          if (intent === "dial") view.dialFailed(error.message);
        });
    switch (intent) {
      case "dial":
        return run(() => {
          calls.dial(value.target, { account: value.account });
          view.dialed();
        });
      case "decline":
        return run(() => calls.reject(callId, { decline: true }));
      case "mute":
        return run(() => calls.setMuted(callId, true));
      case "unmute":
        return run(() => calls.setMuted(callId, false));
      case "keypad":
        return view.toggleKeypad(callId, calls.call(callId));
      case "dtmf":
        return run(() => calls.sendDtmf(callId, value));
      case "transfer":
        return run(() => calls.transfer(callId, value));
      case "consult":
        return run(() => calls.consult(callId, value));
      case "complete-transfer":
        return run(() => calls.completeTransfer(callId));
      case "cancel-transfer":
        return run(() => calls.cancelTransfer(callId));
      case "transfer-to-call":
        return run(() => calls.transferToCall(callId, value));
      default:
        return run(() => calls[intent](callId));
    }
  }

  function report(call) {
    if (call.notice && !call.callId) {
      log.warn(call.notice);
      return;
    }
    view.showCall(call);
    if (call.state === "established") ticking.start();
    // Java's call board (status for `deskphone status` and tests): the fields it keeps.
    bridge.send({
      type: "call-state",
      callId: call.callId,
      account: call.account,
      direction: call.direction,
      remote: call.remote,
      // The incoming-call alert names the caller as the card does.
      remoteDisplayName: call.remoteDisplayName,
      state: call.state,
      held: call.held,
      remoteHeld: call.remoteHeld,
      muted: call.muted,
      conference: call.conference,
      reason: call.reason,
      sipStatus: call.sipStatus,
      endedBy: call.endedBy,
      transferredTo: call.transferredTo,
      quality: call.quality,
      signalling: call.signalling,
      restores: call.restores,
      createdAt: call.createdAt,
      answeredAt: call.answeredAt ?? undefined,
      autoAnswerAtOnce: call.autoAnswerAtOnce,
    });
  }

  /**
   * A dial from a clicked link (origin "link", or none given): dialled at once only when the
   * account's profile allows it, else after the agent chose Call. The account is fixed here, so the
   * question names the one that will dial.
   */
  function dialLink(command) {
    if (!accountSettings) {
      waitingLinks.push(command);
      return;
    }
    const accountId = linkAccount(command.account);
    const failed = (error) => {
      log.warn(`dial ${command.target}: ${error.message}`);
      view.dialFailed(error.message);
    };
    const dial = () => calls.command({ ...command, account: accountId ?? command.account });
    if (linkAllowed(command.target, accountSettings.get(accountId))) {
      log.info(`link ${command.target}: allowed by the profile of ${accountId}, dialling`);
      return Promise.resolve().then(dial).catch(failed);
    }
    log.info(`link ${command.target}: waiting for the agent to confirm`);
    return confirm
      .ask({ target: command.target, account: accountId || command.account || "no account" })
      .then((yes) => {
        if (yes) return dial();
        log.info(`link ${command.target}: not called (the agent cancelled)`);
        return undefined;
      })
      .catch(failed);
  }

  /** The named account (id or extension), else the first registered one, else the first configured. */
  function linkAccount(wanted) {
    const ids = [...accountSettings.keys()];
    if (wanted) return ids.find((id) => id === wanted || id.endsWith(`/${wanted}`));
    return ids.find((id) => accountStates.get(id) === "registered") ?? ids[0];
  }

  function showAccounts() {
    if (!accountManager) return;
    view.setAccounts(accountManager.accountIds().map((id) => ({ id, state: accountStates.get(id) })));
  }

  return {
    mediaFactory,
    delegateFor: (accountId) => (calls ? calls.delegateFor(accountId) : {}),

    /** The account manager exists: calls can start. */
    attach(manager) {
      accountManager = manager;
      calls = new CallManager({
        sip: win.SIP,
        accounts: manager,
        events: events || NO_EVENTS,
        logger,
        onChange: report,
        ...(clock ? { clock } : {}),
        ...(availability ? { availability } : {}),
      });
      showAccounts();
      return calls;
    },

    onAccountState(state) {
      accountStates.set(state.account, state.state);
      calls?.onAccountState(state);
      showAccounts();
    },

    onConfig(config) {
      calls?.setConfig(config);
      accountSettings = new Map((config?.accounts || []).map((a) => [a.id, a]));
      showAccounts();
      for (const command of waitingLinks.splice(0)) dialLink(command);
    },

    /** A call that will not reach the records: its card (or history line) says "Not delivered". */
    notDelivered(callId, why) {
      view.notDelivered(callId, why);
    },

    handles(commandName) {
      return CALL_COMMANDS.has(commandName);
    },

    command(command) {
      if (!calls) return;
      if (command.name === "dial" && command.origin !== "cli") return dialLink(command);
      Promise.resolve()
        .then(() => calls.command(command))
        .catch((error) => log.warn(`command ${command.name}: ${error.message}`));
    },

    get manager() {
      return calls;
    },

    /** The window's keyboard (the "?" overlay among it). */
    keys,

    /** Stops the keyboard handling and the call timers (page teardown). */
    dispose() {
      keys.dispose();
      ticking.stop();
    },
  };
}

/**
 * While a call is established: its talk time advances every second, and every QUALITY_POLL_MS its
 * media stats are read for the quality indicator. Stops by itself when no call is established.
 */
export function createCallTicker({ timers, view, manager, log }) {
  let handle = null;
  let lastPoll = -Infinity;
  function tick() {
    handle = null;
    const live = view.tick();
    const calls = manager()?.calls() || [];
    const established = calls.filter((c) => c.state === "established");
    if (!live && established.length === 0) return;
    if (timers.now() - lastPoll >= QUALITY_POLL_MS) {
      lastPoll = timers.now();
      for (const call of established) {
        manager()
          .liveStats(call.callId)
          .then((quality) => quality && view.showQuality(call.callId, quality))
          .catch((error) => log.debug(`stats of ${call.callId}: ${error.message}`));
      }
    }
    handle = timers.setTimeout(tick, 1000);
    // Node (the page tests) would wait for it before exiting; a browser's timer id has no unref.
    handle?.unref?.();
  }
  return {
    start() {
      if (handle !== null) return;
      handle = timers.setTimeout(tick, 1000);
      handle?.unref?.();
    },
    stop() {
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
  };
}
