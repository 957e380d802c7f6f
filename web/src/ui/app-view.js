// The whole window: header summary, notices, the account cards, first-run help and settings.
// It only renders and reports user intents (register, unregister, settings, audio devices); page.js wires those
// to the account manager and the bridge. Expects index.html's skeleton (#summary, #notices,
// #loading, #first-run, #accounts, #settings, #settings-toggle).

import { elementBuilder, replaceChildren } from "./dom.js";
import { createAccountList } from "./account-list.js";
import { createSettingsPanel } from "./settings-panel.js";
import { createAudioSettings } from "./audio-settings.js";
import { renderFirstRun, renderNoAccounts } from "./first-run.js";
import { createAdminDetails } from "./admin-details.js";

const systemTimers = {
  now: () => Date.now(),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (handle) => globalThis.clearInterval(handle),
};

/**
 * @param {object} o
 * @param {Document} o.document
 * @param {(accountId: string) => unknown} o.onRegister
 * @param {(accountId: string) => unknown} o.onUnregister
 * @param {(action: string, values: object) => string} o.onSettings sends a settings request, returns its requestId
 * @param {(choice: {microphone: string|null, speaker: string|null, ringer: string|null}) => string} o.onAudioSelect
 *   sends an audio-select, returns its requestId
 * @param {() => void} [o.onSettingsOpen] the settings panel was opened (by the agent or by a first-run config)
 */
export function createAppView({
  document: doc,
  onRegister,
  onUnregister,
  onSettings,
  onAudioSelect,
  onSettingsOpen = () => {},
  timers = systemTimers,
}) {
  const h = elementBuilder(doc);
  const byId = (id) => {
    const el = doc.getElementById(id);
    if (!el) throw new Error(`index.html lacks #${id}`);
    return el;
  };
  const summary = byId("summary");
  const notices = byId("notices");
  const loading = byId("loading");
  const firstRun = byId("first-run");
  const accountsSection = byId("accounts");
  const settingsSection = byId("settings");
  const settingsToggle = byId("settings-toggle");

  const accounts = createAccountList({ h, container: accountsSection, onRegister, onUnregister, now: timers.now });
  // Audio devices come first: the one setting an agent changes day to day, shown in every state
  // (first run included), since it does not depend on any profile or account.
  const audio = createAudioSettings({
    h,
    onSelect: onAudioSelect,
    onDetail: (text) => adminDetails.set("audio", text),
  });
  const adminDetails = createAdminDetails({ h });
  const settings = createSettingsPanel({
    h,
    container: settingsSection,
    onSubmit: onSettings,
    leading: [audio.element, adminDetails.element],
  });
  let countdown = null;
  let configured = false;

  settingsToggle.addEventListener("click", () => {
    const open = settingsSection.hidden;
    setSettingsOpen(open);
    if (open && typeof settingsSection.scrollIntoView === "function")
      settingsSection.scrollIntoView({ block: "start" });
  });

  function setSettingsOpen(open) {
    const opening = open && settingsSection.hidden;
    settingsSection.hidden = !open;
    settingsToggle.setAttribute("aria-expanded", String(open));
    // A gear (index.html) keeps the narrow top bar on one line; its name is in the label and tooltip.
    const name = open ? "Close settings" : "Settings";
    settingsToggle.setAttribute("aria-label", name);
    settingsToggle.title = name;
    if (opening) onSettingsOpen();
  }

  function updateSummary() {
    const c = accounts.counts();
    summary.dataset.registered = String(c.registered);
    summary.dataset.total = String(c.total);
    summary.dataset.tone = c.registered === c.total ? "ok" : c.registered === 0 ? "error" : "warn";
    // Short enough for the top bar at the narrowest window (440 px); the sentence is in the tooltip.
    const sentence = `${c.registered} of ${c.total} account${c.total === 1 ? "" : "s"} registered`;
    summary.textContent = c.total === 0 ? "" : `${c.registered}/${c.total}`;
    summary.title = c.total === 0 ? "" : sentence;
    if (c.total === 0) summary.removeAttribute("aria-label");
    else summary.setAttribute("aria-label", sentence);
  }

  function ensureCountdown() {
    if (countdown !== null) return;
    countdown = timers.setInterval(() => {
      if (!accounts.tick(timers.now())) {
        timers.clearInterval(countdown);
        countdown = null;
      }
    }, 1000);
  }

  return {
    /** A `config` from Java: cards for its accounts, first-run help when there is nothing to show. */
    showConfig(config) {
      configured = true;
      const list = Array.isArray(config.accounts) ? config.accounts : [];
      const profiles = Array.isArray(config.profiles) ? config.profiles : [];
      loading.hidden = true;
      doc.body.dataset.config = profiles.length === 0 ? "first-run" : list.length === 0 ? "no-accounts" : "ready";
      accounts.setAccounts(list, profiles, timers.now());
      settings.setConfig(config);
      if (profiles.length === 0 || list.length === 0) {
        replaceChildren(firstRun, profiles.length === 0 ? renderFirstRun(h) : renderNoAccounts(h));
        firstRun.hidden = false;
        settings.expand();
        setSettingsOpen(true);
      } else {
        firstRun.hidden = true;
      }
      updateSummary();
    },

    /** An account-state from the account manager. */
    showAccountState(state) {
      if (!accounts.setState(state, timers.now())) return;
      if (state.retryInMs !== undefined) ensureCountdown();
      updateSummary();
    },

    showSettingsResult(result) {
      return settings.showResult(result);
    },

    /** An `audio-devices` message from Java. */
    showAudioDevices(message) {
      audio.showDevices(message);
    },

    /** An `audio-select-result`; false when no audio-select of this page is waiting for it. */
    showAudioSelectResult(result) {
      return audio.showResult(result);
    },

    /** The technical side of a notice, in Settings for the administrator; same key replaces, empty removes. */
    showAdminDetail(key, text) {
      adminDetails.set(key, text);
    },

    /** A message for the agent at the top (kind: info, warn, error); same key replaces. */
    showNotice(key, text, kind = "warn") {
      let notice = notices.querySelector(`[data-notice="${key}"]`);
      if (!text) {
        notice?.remove();
        return;
      }
      if (!notice) {
        notice = h("div", { class: "notice", dataset: { notice: key } });
        notices.append(notice);
      }
      notice.dataset.kind = kind;
      notice.setAttribute("role", kind === "error" ? "alert" : "status");
      notice.textContent = text;
    },

    get configured() {
      return configured;
    },

    /** Stops the countdown timer (page teardown). */
    dispose() {
      if (countdown !== null) timers.clearInterval(countdown);
      countdown = null;
    },
  };
}
