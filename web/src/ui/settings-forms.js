// The settings panel's two forms (add a PBX profile, add an account): their fields, the values read
// from them, the client-side checks (worded like the CLI's; Java checks everything again), and the
// state a form shows while a request is out (busy, status line, errors next to their field).

export const PROFILE_FIELDS = [
  { name: "name", label: "Profile name", required: true, placeholder: "main", hint: "A short name, e.g. main" },
  { name: "server", label: "WebSocket server", required: true, placeholder: "wss://pbx.example.com:8089/ws" },
  { name: "domain", label: "SIP domain", required: true, placeholder: "pbx.example.com" },
  {
    name: "stun",
    label: "STUN servers",
    placeholder: "stun:stun.example.com:3478",
    hint: "Optional; separate several with spaces",
  },
  { name: "turn", label: "TURN server", placeholder: "turns:turn.example.com:5349", hint: "Optional" },
  { name: "turnUsername", label: "TURN user name" },
  { name: "turnPassword", label: "TURN password", type: "password", autocomplete: "new-password" },
];

export const ACCOUNT_FIELDS = [
  { name: "extension", label: "Extension", required: true, placeholder: "1001" },
  { name: "displayName", label: "Display name", placeholder: "Front desk", hint: "Optional" },
  { name: "authUsername", label: "Authentication user", placeholder: "Same as the extension", hint: "Optional" },
  { name: "password", label: "SIP password", type: "password", required: true, autocomplete: "new-password" },
];

/** Client-side checks, worded like the CLI's (configuration.md). Returns {field: message}. */
export function validateProfile(values, profiles) {
  const errors = {};
  const existing = (profiles || []).find((p) => p.name === values.name);
  if (!values.name) errors.name = "Enter a profile name.";
  else if (/[\s/]/.test(values.name))
    errors.name = "Use letters, digits, dots, dashes or underscores (no spaces or slashes).";
  else if (existing && existing.locked)
    errors.name = `Profile “${values.name}” is set by your administrator and cannot be changed here.`;
  else if (existing) errors.name = `A profile named “${values.name}” already exists.`;
  if (!values.server) errors.server = "Enter the PBX's WebSocket address.";
  else if (!/^wss?:\/\/[^\s/]+/i.test(values.server)) errors.server = "The server must be a ws:// or wss:// URL.";
  if (!values.domain) errors.domain = "Enter the SIP domain.";
  else if (/\s|@/.test(values.domain)) errors.domain = "The domain is a host name, without spaces or @.";
  const badStun = values.stun.find((s) => !/^stuns?:\S+$/i.test(s));
  if (badStun) errors.stun = `“${badStun}” is not a stun: or stuns: URI.`;
  if (values.turn !== undefined) {
    if (!/^turns?:\S+$/i.test(values.turn)) errors.turn = "The TURN server must be a turn: or turns: URI.";
    if (!values.turnUsername) errors.turnUsername = "A TURN server needs a user name.";
    if (!values.turnPassword) errors.turnPassword = "A TURN server needs a password.";
  } else if (values.turnUsername || values.turnPassword) {
    errors.turn = "Enter the TURN server these credentials are for.";
  }
  return errors;
}

export function validateAccount(values, config) {
  const errors = {};
  const accounts = config.accounts || [];
  if (!values.profile) errors.profile = "Choose a profile (add one first).";
  if (!values.extension) errors.extension = "Enter the extension.";
  else if (/[\s@:;]/.test(values.extension)) errors.extension = "The extension cannot contain spaces, @, : or ;.";
  else if (accounts.some((a) => a.profile === values.profile && String(a.extension) === values.extension)) {
    errors.extension = `Extension ${values.extension} is already set up in profile “${values.profile}”.`;
  }
  if (!values.password) errors.password = "Enter the SIP password.";
  if (accounts.length >= (config.maxAccounts || 6)) {
    errors._form = `At most ${config.maxAccounts || 6} accounts can be active at once; remove one first.`;
  }
  return errors;
}

export function clearErrors(form) {
  for (const slot of form.querySelectorAll("[data-error-for]")) slot.textContent = "";
  for (const f of form.querySelectorAll('[data-invalid="true"]')) f.removeAttribute("data-invalid");
  for (const i of form.querySelectorAll('[aria-invalid="true"]')) i.removeAttribute("aria-invalid");
  const formError = form.querySelector('[data-role="form-error"]');
  if (formError) formError.textContent = "";
}

export function setBusy(form, busy) {
  form.dataset.busy = String(busy);
  for (const b of form.querySelectorAll("button")) b.disabled = busy;
}

export function status(form, text) {
  const slot = form.querySelector('[data-role="form-status"]');
  if (slot) slot.textContent = text;
}

function value(form, name) {
  const el = form.querySelector(`[name="${name}"]`);
  const v = el ? String(el.value).trim() : "";
  return v === "" ? undefined : v;
}

/** add-profile values: {name, server, domain, stun: [...], turn?, turnUsername?, turnPassword?, default} */
export function readProfileValues(form) {
  return {
    name: value(form, "name") || "",
    server: value(form, "server") || "",
    domain: value(form, "domain") || "",
    stun: (value(form, "stun") || "").split(/[\s,]+/).filter(Boolean),
    turn: value(form, "turn"),
    turnUsername: value(form, "turnUsername"),
    turnPassword: form.querySelector('[name="turnPassword"]')?.value || undefined,
    default: Boolean(form.querySelector('[name="default"]')?.checked),
  };
}

/** add-account values: {profile, extension, displayName?, authUsername?, password} */
export function readAccountValues(form) {
  return {
    profile: value(form, "profile") || "",
    extension: value(form, "extension") || "",
    displayName: value(form, "displayName"),
    authUsername: value(form, "authUsername"),
    // Passwords are taken as typed: leading/trailing spaces may be part of them.
    password: form.querySelector('[name="password"]')?.value || "",
  };
}

export function cssEscape(name) {
  return String(name).replace(/["\\]/g, "\\$&");
}
