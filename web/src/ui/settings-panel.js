// Settings: sections handed in by the caller first (the audio devices, ui/audio-settings.js), then the
// PBX profiles (an admin's locked ones shown disabled), a form to add a profile, a
// form to add an account and a list to remove accounts, then the launch settings this run uses
// (`deskphone settings`; the administrator's shown disabled, as locked). Forms send `settings` messages and show
// `settings-result` errors next to the field they name. Java validates everything again; the
// checks here only spare the round trip for obvious slips.
// Hooks: #profile-form, #account-form, [name=field], [data-error-for=field], [data-role=form-error],
// [data-role=form-status], .profile[data-profile][data-locked], li[data-account] button[data-action=remove-account],
// #launch-settings .launch-setting[data-setting][data-source][data-locked].

import { replaceChildren } from "./dom.js";
import {
  ACCOUNT_FIELDS,
  PROFILE_FIELDS,
  clearErrors,
  cssEscape,
  readAccountValues,
  readProfileValues,
  setBusy,
  status,
  validateAccount,
  validateProfile,
} from "./settings-forms.js";

/** Where a launch setting's value came from, as the agent reads it. */
const LAUNCH_SOURCES = {
  system: "Set by your administrator: it cannot be changed here, with 'deskphone settings' or with a launch flag.",
  user: "Your setting ('deskphone settings set').",
  flag: "Given on the command line for this run only.",
  default: "Default.",
};

/**
 * @param {object} o
 * @param {Function} o.h element builder
 * @param {HTMLElement} o.container the #settings section
 * @param {(action: string, values: object) => string} o.onSubmit sends a settings request, returns its requestId
 * @param {HTMLElement[]} [o.leading] sections shown above the profiles, whatever the config (e.g. audio devices)
 */
export function createSettingsPanel({ h, container, onSubmit, leading = [] }) {
  let config = { accounts: [], profiles: [], maxAccounts: 6, launchSettings: [] };
  /** requestId -> {form, describe: () => success text} */
  const pending = new Map();

  const profileList = h("div", { class: "profile-list", id: "profile-list" });
  const profileForm = buildForm(
    "profile-form",
    "Add profile",
    PROFILE_FIELDS,
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "default" }), " Use as the default profile"),
  );
  const profileSelect = h("select", { name: "profile", id: "account-form-profile" });
  const profileInfo = h("div", { class: "profile-info", dataset: { role: "profile-info" } });
  const accountForm = buildForm(
    "account-form",
    "Add account",
    ACCOUNT_FIELDS,
    null,
    field({ name: "profile", label: "Profile", control: profileSelect }),
    profileInfo,
  );
  const accountList = h("ul", { class: "settings-accounts", id: "settings-accounts" });
  const launchHeading = h("h2", {}, "Launch settings");
  const launchList = h("div", { class: "launch-settings", id: "launch-settings" });

  profileSelect.addEventListener("change", () => showProfileInfo());
  submitsAs(
    profileForm,
    "add-profile",
    readProfileValues,
    (values) => validateProfile(values, config.profiles),
    (values) => `Profile “${values.name}” added.`,
  );
  submitsAs(
    accountForm,
    "add-account",
    readAccountValues,
    (values) => validateAccount(values, config),
    (values) => `Account ${values.profile}/${values.extension} added.`,
  );

  replaceChildren(
    container,
    ...leading,
    h("h2", {}, "PBX profiles"),
    profileList,
    formSection(h, "profile-form-section", "Add a PBX profile", profileForm),
    h("h2", {}, "Accounts"),
    accountList,
    formSection(h, "account-form-section", "Add an account", accountForm),
    launchHeading,
    launchList,
  );

  function field({ name, label, type = "text", required, placeholder, hint, autocomplete, control }) {
    const input =
      control ||
      h("input", {
        type,
        name,
        id: `field-${name}`,
        placeholder,
        required,
        autocomplete: autocomplete || "off",
        spellcheck: "false",
      });
    if (control) control.id = `field-${name}`;
    return h(
      "div",
      { class: "field", dataset: { field: name } },
      h(
        "label",
        { for: `field-${name}` },
        label,
        required ? h("span", { class: "required", "aria-hidden": "true" }, " *") : null,
      ),
      input,
      hint ? h("small", { class: "hint" }, hint) : null,
      h("small", { class: "field-error", dataset: { errorFor: name }, "aria-live": "polite" }),
    );
  }

  function buildForm(id, submitLabel, fields, extra, ...leading) {
    return h(
      "form",
      { id, class: "settings-form", novalidate: true },
      ...leading,
      fields.map((f) => field(f)),
      extra,
      h("p", { class: "form-error", dataset: { role: "form-error" }, "aria-live": "polite" }),
      h(
        "div",
        { class: "form-actions" },
        h("button", { type: "submit", class: "button primary" }, submitLabel),
        h("span", { class: "form-status", dataset: { role: "form-status" }, "aria-live": "polite" }),
      ),
    );
  }

  /**
   * On the form's submit: reads its values (`read`), shows what `validate` finds wrong, or else
   * sends them as `action`; `describe(values)` words the success.
   */
  function submitsAs(form, action, read, validate, describe) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const values = read(form);
      const errors = validate(values);
      clearErrors(form);
      if (Object.keys(errors).length > 0) {
        showErrors(form, errors);
        return;
      }
      setBusy(form, true);
      status(form, "Saving…");
      const requestId = onSubmit(action, values);
      pending.set(requestId, { form, describe: () => describe(values) });
    });
  }

  function showProfileInfo() {
    const profile = config.profiles.find((p) => p.name === profileSelect.value);
    replaceChildren(
      profileInfo,
      profile
        ? [
            readOnly("Server", profile.server, profile.locked),
            readOnly("Domain", profile.domain, profile.locked),
            profile.locked ? h("span", { class: "badge lock" }, "Set by your administrator") : null,
          ]
        : [],
    );
  }

  function readOnly(label, value, locked) {
    return h(
      "label",
      { class: "readonly" },
      label,
      h("input", { type: "text", value: value || "", readonly: true, disabled: locked || undefined }),
    );
  }

  function renderProfiles() {
    replaceChildren(
      profileList,
      config.profiles.length === 0
        ? h("p", { class: "muted" }, "No profile yet.")
        : config.profiles.map((p) =>
            h(
              "fieldset",
              {
                class: "profile",
                dataset: { profile: p.name, locked: String(Boolean(p.locked)) },
                disabled: Boolean(p.locked),
              },
              h(
                "legend",
                {},
                p.name,
                p.locked ? h("span", { class: "badge lock", title: "Locked by your administrator" }, "Locked") : null,
              ),
              readOnly("Server", p.server, p.locked),
              readOnly("Domain", p.domain, p.locked),
              listText(p.stun) ? readOnly("STUN", listText(p.stun), p.locked) : null,
              listText(p.turn) ? readOnly("TURN", listText(p.turn), p.locked) : null,
              Number.isInteger(p.autoAnswerSeconds)
                ? readOnly(
                    "Auto-answer",
                    p.autoAnswerSeconds === 0 ? "At once" : `After ${p.autoAnswerSeconds} s`,
                    p.locked,
                  )
                : null,
              p.iceTransportPolicy === "relay" ? readOnly("Media", "Through the TURN relay only", p.locked) : null,
            ),
          ),
    );
  }

  function renderLaunchSettings() {
    const settings = config.launchSettings;
    launchHeading.hidden = settings.length === 0;
    launchList.hidden = settings.length === 0;
    replaceChildren(
      launchList,
      settings.map((s) =>
        h(
          "div",
          {
            class: "field launch-setting",
            dataset: { setting: s.name, source: s.source, locked: String(Boolean(s.locked)) },
          },
          h(
            "label",
            { for: `launch-${s.name}` },
            s.label,
            s.locked ? h("span", { class: "badge lock", title: "Locked by your administrator" }, "Locked") : null,
          ),
          h("input", {
            type: "text",
            id: `launch-${s.name}`,
            value: s.value || "",
            readonly: true,
            disabled: s.locked || undefined,
          }),
          h("small", { class: "hint" }, LAUNCH_SOURCES[s.source] || ""),
        ),
      ),
    );
  }

  function renderAccounts() {
    replaceChildren(
      accountList,
      config.accounts.length === 0
        ? h("li", { class: "muted" }, "No account yet.")
        : config.accounts.map((a) => {
            const row = h(
              "li",
              { dataset: { account: a.id } },
              h("span", { class: "settings-account-name" }, a.displayName || `Extension ${a.extension}`),
              h("span", { class: "muted" }, ` ${a.id}`),
              h(
                "button",
                {
                  type: "button",
                  class: "button subtle",
                  dataset: { action: "remove-account" },
                  onclick: () => {
                    row.querySelector("button").disabled = true;
                    const requestId = onSubmit("remove-account", {
                      profile: a.profile,
                      extension: String(a.extension),
                    });
                    pending.set(requestId, { form: row, describe: () => `Account ${a.id} removed.` });
                  },
                },
                "Remove",
              ),
              h("small", { class: "form-error", dataset: { role: "form-error" } }),
            );
            return row;
          }),
    );
  }

  function renderProfileSelect() {
    const previous = profileSelect.value;
    replaceChildren(
      profileSelect,
      config.profiles.map((p) =>
        h("option", { value: p.name }, p.locked ? `${p.name} (set by your administrator)` : p.name),
      ),
    );
    if (config.profiles.some((p) => p.name === previous)) profileSelect.value = previous;
    const full = config.accounts.length >= (config.maxAccounts || 6);
    accountForm.querySelector('button[type="submit"]').disabled = config.profiles.length === 0 || full;
    accountForm.dataset.full = String(full);
    const formError = accountForm.querySelector('[data-role="form-error"]');
    formError.textContent = full
      ? `At most ${config.maxAccounts || 6} accounts can be active at once; remove one to add another.`
      : config.profiles.length === 0
        ? "Add a PBX profile first."
        : "";
    showProfileInfo();
  }

  return {
    setConfig(next) {
      config = {
        accounts: next.accounts || [],
        profiles: next.profiles || [],
        maxAccounts: next.maxAccounts || 6,
        launchSettings: next.launchSettings || [],
      };
      renderProfiles();
      renderLaunchSettings();
      renderAccounts();
      renderProfileSelect();
    },

    /** Opens the add-profile / add-account sections (first run). */
    expand() {
      for (const d of container.querySelectorAll("details.form-section")) d.open = true;
    },

    /** A settings-result from Java: clears the form or shows its errors. Returns false if unknown. */
    showResult(result) {
      const entry = pending.get(result.requestId);
      if (!entry) return false;
      pending.delete(result.requestId);
      const { form, describe } = entry;
      setBusy(form, false);
      if (form.tagName === "FORM") {
        const password = form.querySelector('input[type="password"]');
        if (password && form.id === "account-form") password.value = "";
      }
      if (result.ok) {
        if (form.tagName === "FORM") {
          form.reset();
          clearErrors(form);
          renderProfileSelect();
        }
        status(form, describe());
      } else {
        status(form, "");
        showErrors(
          form,
          result.errors && Object.keys(result.errors).length > 0
            ? result.errors
            : { _form: result.error || "The change was not saved." },
        );
      }
      return true;
    },
  };

  function showErrors(form, errors) {
    const formLevel = [];
    for (const [name, message] of Object.entries(errors)) {
      const slot = form.querySelector(`[data-error-for="${cssEscape(name)}"]`);
      if (slot) {
        slot.textContent = message;
        slot.closest(".field")?.setAttribute("data-invalid", "true");
        slot.closest(".field")?.querySelector("input, select")?.setAttribute("aria-invalid", "true");
      } else {
        formLevel.push(name === "_form" ? message : `${name}: ${message}`);
      }
    }
    const formError = form.querySelector('[data-role="form-error"]');
    if (formError) formError.textContent = formLevel.join(" ");
    const firstInvalid = form.querySelector('[aria-invalid="true"]');
    if (firstInvalid && typeof firstInvalid.focus === "function") firstInvalid.focus();
  }
}

/** A form folded under its summary line (opened when a field needs attention). */
function formSection(h, id, summary, form) {
  return h("details", { class: "form-section", id }, h("summary", {}, summary), form);
}

function listText(v) {
  if (Array.isArray(v)) return v.join(" ");
  return v || "";
}
