// Settings' "Audio devices": which microphone and speaker calls use, and where incoming calls ring.
// Java owns the devices (media runs there, ADR 0001); this section renders its `audio-devices` lists
// and sends the agent's choice at once as `audio-select` (no Save button: calls in progress switch
// devices too). A choice is only taken as stored when Java's `audio-select-result` says ok;
// otherwise the previous one comes back and Java's error shows next to the select.
//
// At most one `audio-select` is in flight, carrying one change: every field is always sent (Java
// reads a missing microphone or speaker as the system default), the unchanged ones with Java's stored value. A second
// request sent before the first is answered would have to guess the first's outcome and could undo
// or repeat it. Changes made meanwhile wait (their selects disabled) and go one by one, in KINDS order.
//
// DOM hooks: section#audio-settings[data-available=true|false|unknown]; select#audio-microphone,
// select#audio-speaker and select#audio-ringer (value "" = system default) with [data-busy];
// [data-hint-for=microphone|speaker|ringer], [data-error-for=microphone|speaker|ringer],
// [data-role=form-error], [data-role=audio-status].

/**
 * One select per kind, in this order. `list`/`systemDefault` name the `audio-devices` fields it is
 * built from (any speaker can ring, so ringing offers the speakers); `noun` names the device in
 * messages; `whenUnplugged` says what happens while the stored device is not connected; `help`,
 * when there, is shown under the select.
 */
const KINDS = [
  {
    kind: "microphone",
    label: "Microphone",
    list: "microphones",
    systemDefault: "defaultMicrophone",
    noun: "microphone",
    whenUnplugged: "calls use the system default microphone",
  },
  {
    kind: "speaker",
    label: "Speaker",
    list: "speakers",
    systemDefault: "defaultSpeaker",
    noun: "speaker",
    whenUnplugged: "calls use the system default speaker",
  },
  {
    kind: "ringer",
    label: "Ringing",
    list: "speakers",
    systemDefault: "defaultSpeaker",
    noun: "ringing device",
    whenUnplugged: "calls ring on the system default speaker",
    help: "Where incoming calls ring, e.g. the laptop speakers while you talk on a headset.",
  },
];

/**
 * @param {object} o
 * @param {Function} o.h element builder
 * @param {(choice: {microphone: string|null, speaker: string|null, ringer: string|null}) => string} o.onSelect
 *   sends an audio-select, returns its requestId
 * @param {(text: string) => void} [o.onDetail] the sound server's own words, for the administrator (empty: none)
 */
export function createAudioSettings({ h, onSelect, onDetail = () => {} }) {
  /** The last `audio-devices` from Java, or null until the first arrives. */
  let devices = null;
  /** What Java has stored (device id, null = system default). */
  const stored = { microphone: null, speaker: null, ringer: null };
  /** What the select shows: `stored`, or the agent's choice while it waits for Java. */
  const wanted = { microphone: null, speaker: null, ringer: null };
  /** Kinds whose choice is in flight or waiting to be sent. */
  const pending = new Set();
  /** {requestId, kind} of the one audio-select Java has not answered yet. */
  let inFlight = null;
  /** Kinds whose select had the keyboard focus when the agent changed it (disabling takes it away). */
  const focusBack = new Set();

  const status = h("p", { class: "audio-status", dataset: { role: "audio-status" }, "aria-live": "polite" });
  const formError = h("p", { class: "form-error", dataset: { role: "form-error" }, "aria-live": "polite" });
  const fields = {};
  for (const spec of KINDS) fields[spec.kind] = buildField(spec);
  const element = h(
    "section",
    {
      id: "audio-settings",
      class: "audio-settings",
      "aria-labelledby": "audio-settings-title",
      dataset: { available: "unknown" },
    },
    h("h2", { id: "audio-settings-title" }, "Audio devices"),
    h("p", { class: "muted" }, "Changes apply at once, also to calls in progress."),
    status,
    h(
      "div",
      { class: "settings-form audio-form" },
      KINDS.map((spec) => fields[spec.kind].field),
      formError,
    ),
  );
  render();

  function buildField({ kind, label, help }) {
    const id = `audio-${kind}`;
    const described = [help ? `${id}-help` : null, `${id}-hint`, `${id}-error`].filter(Boolean).join(" ");
    const select = h("select", { id, name: kind, "aria-describedby": described });
    const helpText = help ? h("small", { id: `${id}-help`, class: "field-help" }, help) : null;
    const hint = h("small", { id: `${id}-hint`, class: "hint", dataset: { hintFor: kind }, "aria-live": "polite" });
    const error = h("small", {
      id: `${id}-error`,
      class: "field-error",
      dataset: { errorFor: kind },
      "aria-live": "polite",
    });
    select.addEventListener("change", () => choose(kind, select.value === "" ? null : select.value));
    const field = h(
      "div",
      { class: "field", dataset: { field: kind } },
      h("label", { for: id }, label),
      select,
      helpText,
      hint,
      error,
    );
    return { field, select, hint, error };
  }

  function choose(kind, id) {
    if (id === wanted[kind]) return;
    const { select } = fields[kind];
    if (select.ownerDocument.activeElement === select) focusBack.add(kind);
    clearError(kind);
    wanted[kind] = id;
    pending.add(kind);
    if (!inFlight) send(kind);
    render();
  }

  function send(kind) {
    // Every field, the others with Java's stored value: another kind may be waiting its turn, and its
    // choice must not ride along, or this request's answer would be taken for one change only.
    const choice = {};
    for (const spec of KINDS) choice[spec.kind] = spec.kind === kind ? wanted[kind] : stored[spec.kind];
    inFlight = { kind, requestId: onSelect(choice) };
  }

  function render() {
    const known = devices !== null;
    const available = known && devices.available !== false;
    element.dataset.available = known ? String(available) : "unknown";
    status.textContent = !known ? "Looking for audio devices…" : available ? "" : unavailableText(devices.reason);
    // What the sound server answered is for the administrator (Settings' details), not the agent.
    if (known) onDetail(typeof devices.detail === "string" && devices.detail ? `Sound server: ${devices.detail}` : "");
    for (const spec of KINDS) renderField(spec, available);
  }

  function renderField({ kind, list, systemDefault, whenUnplugged }, available) {
    const { select, hint } = fields[kind];
    const shown = Array.isArray(devices?.[list])
      ? devices[list].filter((d) => d && d.id !== undefined && d.id !== null)
      : [];
    const chosen = devices?.selected?.[kind] || null;
    const notConnected = Boolean(chosen) && chosen.connected === false;
    // The remembered device keeps its place even when it is unplugged, so the agent sees what is stored.
    const missing = Boolean(chosen) && (notConnected || !shown.some((d) => String(d.id) === String(chosen.id)));
    const defaultName = devices?.[systemDefault];
    const options = [h("option", { value: "" }, defaultName ? `System default (${defaultName})` : "System default")];
    for (const d of shown) {
      if (missing && String(d.id) === String(chosen.id)) continue;
      options.push(h("option", { value: String(d.id) }, d.name || String(d.id)));
    }
    if (missing) {
      const name = chosen.name || String(chosen.id);
      options.push(
        h(
          "option",
          { value: String(chosen.id), dataset: { notConnected: String(notConnected) } },
          notConnected ? `${name} (not connected)` : name,
        ),
      );
    }
    while (select.firstChild) select.removeChild(select.firstChild);
    select.append(...options);
    select.value = wanted[kind] ?? "";
    // A waiting choice whose device vanished from the list cannot be shown; show what is stored.
    if (select.value !== (wanted[kind] ?? "")) select.value = stored[kind] ?? "";

    const busy = pending.has(kind);
    select.disabled = !available || busy;
    select.dataset.busy = String(busy);
    hint.textContent =
      notConnected && available && wanted[kind] === String(chosen.id)
        ? `“${chosen.name || chosen.id}” is not connected: ${whenUnplugged} until it is plugged in.`
        : "";
  }

  function showErrors(kind, errors) {
    const list =
      errors && typeof errors === "object" && Object.keys(errors).length > 0
        ? errors
        : { [kind]: `The ${KINDS.find((spec) => spec.kind === kind).noun} was not changed.` };
    const formLevel = [];
    for (const [name, message] of Object.entries(list)) {
      const field = fields[name];
      if (field) {
        field.error.textContent = message;
        field.field.dataset.invalid = "true";
        field.select.setAttribute("aria-invalid", "true");
      } else {
        formLevel.push(name === "_form" ? message : `${name}: ${message}`);
      }
    }
    formError.textContent = formLevel.join(" ");
  }

  function clearError(kind) {
    const field = fields[kind];
    field.error.textContent = "";
    delete field.field.dataset.invalid;
    field.select.removeAttribute("aria-invalid");
    formError.textContent = "";
  }

  return {
    element,

    /** An `audio-devices` message: the lists, the system defaults and what is stored. */
    showDevices(message) {
      devices = message || { available: false };
      for (const { kind } of KINDS) {
        const chosen = devices.selected?.[kind];
        stored[kind] = chosen ? String(chosen.id) : null;
        if (!pending.has(kind)) wanted[kind] = stored[kind];
      }
      render();
    },

    /** An `audio-select-result`: keeps the choice or restores the stored one. False if unknown. */
    showResult(result) {
      if (!inFlight || !result || result.requestId !== inFlight.requestId) return false;
      const { kind } = inFlight;
      inFlight = null;
      pending.delete(kind);
      if (result.ok) {
        // Java's audio-devices confirms it too, maybe later; the agent should not see it flip back meanwhile.
        stored[kind] = wanted[kind];
        clearError(kind);
      } else {
        wanted[kind] = stored[kind];
        showErrors(kind, result.errors);
        if (typeof result.detail === "string" && result.detail) onDetail(`Sound server: ${result.detail}`);
      }
      const next = KINDS.find((spec) => pending.has(spec.kind));
      if (next) send(next.kind);
      render();
      // Disabling the select took the keyboard focus away; give it back unless the agent moved on.
      const { select } = fields[kind];
      const active = select.ownerDocument.activeElement;
      if (focusBack.delete(kind) && !select.disabled && (!active || active === select.ownerDocument.body))
        select.focus();
      return true;
    },
  };
}

/** Java's reason, plus what it means for calls unless the reason says so already. */
function unavailableText(reason) {
  let text = typeof reason === "string" ? reason.trim() : "";
  if (text === "") text = "The audio devices cannot be listed on this computer.";
  else if (!/[.!?…]$/.test(text)) text += ".";
  return /system default/i.test(text) ? text : `${text} Calls use the system default devices.`;
}
