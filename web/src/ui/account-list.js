// One card per account with its live registration state and its Register/Unregister buttons.
// Stable hooks (read by the Java integration tests):
//   article.account-card[data-account="profile/ext"][data-state="registered"][data-status-code]
//   [data-role="state-label"], [data-role="state-detail"], button[data-action="register"|"unregister"]

import { replaceChildren } from "./dom.js";
import { describeAccountState } from "./state-text.js";

/** Register makes sense unless the account is registered or on its way there. */
const CAN_REGISTER = new Set(["unregistered", "failed", "reconnecting"]);
/** Unregister makes sense whenever the account is doing anything. */
const CAN_UNREGISTER = new Set(["connecting", "registering", "registered", "failed", "reconnecting"]);

export function createAccountList({ h, container, onRegister, onUnregister, now = () => Date.now() }) {
  /** @type {Map<string, {card: HTMLElement, state: object}>} */
  const cards = new Map();

  function render(entry, now) {
    const { card, state } = entry;
    const text = describeAccountState(state, now);
    card.dataset.state = state.state;
    card.dataset.tone = text.tone;
    if (state.statusCode !== undefined) card.dataset.statusCode = String(state.statusCode);
    else delete card.dataset.statusCode;
    card.querySelector('[data-role="state-label"]').textContent = text.label;
    card.querySelector('[data-role="state-detail"]').textContent = text.detail;
    const busy = card.dataset.busy === "true";
    const register = card.querySelector('[data-action="register"]');
    const unregister = card.querySelector('[data-action="unregister"]');
    register.disabled = busy || !CAN_REGISTER.has(state.state);
    register.textContent = state.state === "failed" || state.state === "reconnecting" ? "Retry now" : "Register";
    unregister.disabled = busy || !CAN_UNREGISTER.has(state.state);
  }

  function createCard(account, profile) {
    const id = account.id;
    const name = account.displayName || `Extension ${account.extension}`;
    const card = h(
      "article",
      {
        class: "account-card",
        dataset: { account: id, profile: account.profile, extension: account.extension, state: "unregistered" },
        "aria-label": `${name}, extension ${account.extension}`,
      },
      h(
        "div",
        { class: "account-head" },
        h("span", { class: "state-dot", "aria-hidden": "true" }),
        h(
          "div",
          { class: "account-titles" },
          h("h2", { class: "account-name" }, name),
          h(
            "div",
            { class: "account-meta" },
            h("span", { class: "account-extension" }, `Ext. ${account.extension}`),
            h(
              "span",
              {
                class: "account-profile",
                title: `${account.extension}@${account.domain} via ${profile ? profile.server : account.server}`,
              },
              account.profile,
            ),
          ),
        ),
        h("span", { class: "state-label", dataset: { role: "state-label" }, role: "status" }),
      ),
      h("p", { class: "state-detail", dataset: { role: "state-detail" } }),
      h(
        "div",
        { class: "account-actions" },
        h(
          "button",
          {
            type: "button",
            class: "button primary",
            dataset: { action: "register" },
            onclick: () => act(id, onRegister),
          },
          "Register",
        ),
        h(
          "button",
          { type: "button", class: "button", dataset: { action: "unregister" }, onclick: () => act(id, onUnregister) },
          "Unregister",
        ),
      ),
    );
    return card;
  }

  /** Disables the card's buttons until the next state arrives (a click is not an answer). */
  function act(id, action) {
    const entry = cards.get(id);
    if (!entry) return;
    entry.card.dataset.busy = "true";
    render(entry, now());
    Promise.resolve()
      .then(() => action(id))
      .catch(() => {})
      .finally(() => {
        // Unregistering an account that is already unregistered produces no new state.
        if (cards.get(id) === entry && entry.card.dataset.busy === "true") {
          delete entry.card.dataset.busy;
          render(entry, now());
        }
      });
  }

  return {
    /** Rebuilds the cards for a new config, keeping the states of accounts that stay. */
    setAccounts(accounts, profiles, now) {
      const byName = new Map((profiles || []).map((p) => [p.name, p]));
      const next = new Map();
      for (const account of accounts) {
        const old = cards.get(account.id);
        const card = createCard(account, byName.get(account.profile));
        const entry = { card, state: old ? old.state : { account: account.id, state: "unregistered" } };
        next.set(account.id, entry);
        render(entry, now);
      }
      cards.clear();
      for (const [id, entry] of next) cards.set(id, entry);
      replaceChildren(
        container,
        [...next.values()].map((e) => e.card),
      );
    },

    /** Applies an account-state update; unknown accounts are ignored. */
    setState(state, now) {
      const entry = cards.get(state.account);
      if (!entry) return false;
      const retryAt = state.retryInMs !== undefined ? now + state.retryInMs : undefined;
      entry.state = { ...state, retryAt };
      delete entry.card.dataset.busy;
      render(entry, now);
      return true;
    },

    /** Re-renders countdowns; returns true while any card is counting down. */
    tick(now) {
      let counting = false;
      for (const entry of cards.values()) {
        if (entry.state.retryAt !== undefined) {
          counting = counting || entry.state.retryAt > now;
          render(entry, now);
        }
      }
      return counting;
    },

    counts() {
      const states = [...cards.values()].map((e) => e.state.state);
      return {
        total: states.length,
        registered: states.filter((s) => s === "registered").length,
        failed: states.filter((s) => s === "failed").length,
      };
    },
  };
}
