// Settings' audio devices (ui/audio-settings.js) on index.html in jsdom: what the agent sees for
// each `audio-devices` message, and the `audio-select` requests a change makes.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createAudioSettings } from "../src/ui/audio-settings.js";
import { createAppView } from "../src/ui/app-view.js";
import { elementBuilder } from "../src/ui/dom.js";
import { fakeTimers, pageWindow } from "./support/dom.js";
import { account } from "./support/harness.js";

const PROFILE = {
  name: "main",
  server: "wss://pbx.test:8443/ws",
  domain: "pbx.test",
  stun: [],
  turn: null,
  locked: false,
};

/** An audio-devices message: two microphones, two speakers (which also ring), system defaults stored. */
function devices(overrides = {}) {
  return {
    type: "audio-devices",
    available: true,
    microphones: [
      { id: "mic-builtin", name: "Built-in Audio Analog Stereo" },
      { id: "mic-usb", name: "Jabra Evolve2 40" },
    ],
    speakers: [
      { id: "spk-builtin", name: "Built-in Audio Analog Stereo" },
      { id: "spk-usb", name: "Jabra Evolve2 40" },
    ],
    defaultMicrophone: "Built-in Audio Analog Stereo",
    defaultSpeaker: "Built-in Audio Analog Stereo",
    selected: { microphone: null, speaker: null, ringer: null },
    ...overrides,
  };
}

/** The section alone, inside index.html's #settings, with a recording onSelect. */
function section() {
  const window = pageWindow();
  const doc = window.document;
  const sent = [];
  let seq = 0;
  const audio = createAudioSettings({
    h: elementBuilder(doc),
    onSelect: (choice) => {
      const requestId = `a${++seq}`;
      sent.push({ requestId, ...choice });
      return requestId;
    },
  });
  const settings = doc.getElementById("settings");
  settings.append(audio.element);
  settings.hidden = false;
  const mic = doc.getElementById("audio-microphone");
  const speaker = doc.getElementById("audio-speaker");
  const ringer = doc.getElementById("audio-ringer");
  const change = (select, value) => {
    select.value = value;
    select.dispatchEvent(new window.Event("change", { bubbles: true }));
  };
  const options = (select) => [...select.options].map((o) => [o.value, o.textContent]);
  const errorOf = (kind) => doc.querySelector(`[data-error-for="${kind}"]`).textContent;
  const hintOf = (kind) => doc.querySelector(`[data-hint-for="${kind}"]`).textContent;
  const statusText = () => doc.querySelector('#audio-settings [data-role="audio-status"]').textContent;
  return { window, doc, audio, sent, mic, speaker, ringer, change, options, errorOf, hintOf, statusText };
}

test("lists the devices by name with the system default first, named, and the stored choice selected", () => {
  const s = section();
  s.audio.showDevices(
    devices({ selected: { microphone: { id: "mic-usb", name: "Jabra Evolve2 40", connected: true }, speaker: null } }),
  );
  assert.deepEqual(s.options(s.mic), [
    ["", "System default (Built-in Audio Analog Stereo)"],
    ["mic-builtin", "Built-in Audio Analog Stereo"],
    ["mic-usb", "Jabra Evolve2 40"],
  ]);
  assert.equal(s.mic.value, "mic-usb");
  assert.equal(s.speaker.value, "", "null selected = System default");
  assert.equal(s.speaker.selectedOptions[0].textContent, "System default (Built-in Audio Analog Stereo)");
  assert.equal(s.mic.disabled, false);
  assert.equal(s.doc.getElementById("audio-settings").dataset.available, "true");
  assert.equal(s.statusText(), "");
  assert.equal(s.hintOf("microphone"), "");
  // Labels are bound to their selects, and hints/errors are read with them.
  assert.equal(s.doc.querySelector('label[for="audio-microphone"]').textContent, "Microphone");
  assert.equal(s.doc.querySelector('label[for="audio-speaker"]').textContent, "Speaker");
  assert.deepEqual(
    s.mic
      .getAttribute("aria-describedby")
      .split(" ")
      .map((id) => s.doc.getElementById(id)?.dataset.hintFor ?? s.doc.getElementById(id)?.dataset.errorFor),
    ["microphone", "microphone"],
  );
});

test("without a known default the first option is plain System default", () => {
  const s = section();
  s.audio.showDevices(devices({ defaultMicrophone: undefined, defaultSpeaker: "" }));
  assert.equal(s.mic.options[0].textContent, "System default");
  assert.equal(s.speaker.options[0].textContent, "System default");
  assert.equal(s.mic.value, "");
});

test("a remembered device that is unplugged stays selected, marked not connected, with a hint", () => {
  const s = section();
  s.audio.showDevices(
    devices({
      microphones: [{ id: "mic-builtin", name: "Built-in Audio Analog Stereo" }],
      selected: { microphone: { id: "mic-usb", name: "Jabra Evolve2 40", connected: false }, speaker: null },
    }),
  );
  assert.deepEqual(s.options(s.mic), [
    ["", "System default (Built-in Audio Analog Stereo)"],
    ["mic-builtin", "Built-in Audio Analog Stereo"],
    ["mic-usb", "Jabra Evolve2 40 (not connected)"],
  ]);
  assert.equal(s.mic.value, "mic-usb");
  assert.equal(
    s.hintOf("microphone"),
    "“Jabra Evolve2 40” is not connected: calls use the system default microphone until it is plugged in.",
  );
  assert.equal(s.doc.querySelector('[data-hint-for="microphone"]').getAttribute("aria-live"), "polite");
  assert.equal(s.hintOf("speaker"), "");

  // Plugged in again: Java's next list has it, connected; the mark and the hint go.
  s.audio.showDevices(
    devices({ selected: { microphone: { id: "mic-usb", name: "Jabra Evolve2 40", connected: true }, speaker: null } }),
  );
  assert.deepEqual(
    s
      .options(s.mic)
      .map(([, label]) => label)
      .filter((l) => /Jabra/.test(l)),
    ["Jabra Evolve2 40"],
  );
  assert.equal(s.mic.value, "mic-usb");
  assert.equal(s.hintOf("microphone"), "");
});

test("until Java answers, and when devices cannot be listed, the selects are disabled and say why", () => {
  const s = section();
  assert.equal(s.doc.getElementById("audio-settings").dataset.available, "unknown");
  assert.equal(s.statusText(), "Looking for audio devices…");
  assert.equal(s.mic.disabled, true);
  assert.equal(s.speaker.disabled, true);
  assert.equal(s.ringer.disabled, true);

  s.audio.showDevices({
    type: "audio-devices",
    available: false,
    reason: "pactl is not installed (package pulseaudio-utils)",
    microphones: [],
    speakers: [],
    selected: { microphone: { id: "mic-usb", name: "Jabra", connected: false }, speaker: null },
  });
  assert.equal(s.doc.getElementById("audio-settings").dataset.available, "false");
  assert.equal(
    s.statusText(),
    "pactl is not installed (package pulseaudio-utils). Calls use the system default devices.",
  );
  assert.equal(s.mic.disabled, true);
  assert.equal(s.speaker.disabled, true);
  assert.equal(s.ringer.disabled, true);
  assert.equal(s.mic.value, "mic-usb", "the stored choice is still shown");
  assert.equal(s.hintOf("microphone"), "", "the status already says the defaults are used");

  // Java's own wording may already say what happens to calls: not said twice.
  s.audio.showDevices({
    type: "audio-devices",
    available: false,
    microphones: [],
    speakers: [],
    selected: { microphone: null, speaker: null },
    reason: "Choosing devices needs PulseAudio's pactl; calls use the system default microphone and speaker.",
  });
  assert.equal(
    s.statusText(),
    "Choosing devices needs PulseAudio's pactl; calls use the system default microphone and speaker.",
  );
  s.audio.showDevices({
    type: "audio-devices",
    available: false,
    microphones: [],
    speakers: [],
    selected: { microphone: null, speaker: null },
  });
  assert.equal(
    s.statusText(),
    "The audio devices cannot be listed on this computer. Calls use the system default devices.",
  );

  s.audio.showDevices(devices());
  assert.equal(s.mic.disabled, false);
  assert.equal(s.ringer.disabled, false);
  assert.equal(s.statusText(), "");
});

test("a change is sent at once with every field, null for the system default, and locks its select until answered", () => {
  const s = section();
  s.audio.showDevices(
    devices({ selected: { microphone: null, speaker: { id: "spk-usb", name: "Jabra Evolve2 40", connected: true } } }),
  );
  s.change(s.mic, "mic-usb");
  assert.deepEqual(s.sent, [{ requestId: "a1", microphone: "mic-usb", speaker: "spk-usb", ringer: null }]);
  assert.equal(s.mic.disabled, true);
  assert.equal(s.mic.dataset.busy, "true");
  assert.equal(s.speaker.disabled, false, "only the changed select waits");
  assert.equal(s.ringer.disabled, false, "only the changed select waits");
  assert.equal(s.mic.value, "mic-usb");

  assert.equal(s.audio.showResult({ type: "audio-select-result", requestId: "a1", ok: true }), true);
  assert.equal(s.mic.disabled, false);
  assert.equal(s.mic.dataset.busy, "false");
  assert.equal(s.mic.value, "mic-usb", "kept before Java's audio-devices confirms it");

  s.change(s.speaker, "");
  assert.deepEqual(s.sent[1], { requestId: "a2", microphone: "mic-usb", speaker: null, ringer: null });
});

test("a refused change shows Java's error next to its select and puts the previous choice back", () => {
  const s = section();
  s.audio.showDevices(
    devices({
      selected: {
        microphone: { id: "mic-builtin", name: "Built-in Audio Analog Stereo", connected: true },
        speaker: null,
      },
    }),
  );
  s.change(s.mic, "mic-usb");
  s.audio.showResult({
    type: "audio-select-result",
    requestId: "a1",
    ok: false,
    errors: { microphone: "Jabra Evolve2 40 was unplugged.", _form: "Nothing was changed." },
  });
  assert.equal(s.mic.value, "mic-builtin");
  assert.equal(s.mic.disabled, false);
  assert.equal(s.errorOf("microphone"), "Jabra Evolve2 40 was unplugged.");
  assert.equal(s.mic.getAttribute("aria-invalid"), "true");
  assert.equal(s.doc.querySelector('[data-field="microphone"]').dataset.invalid, "true");
  assert.equal(s.doc.querySelector('#audio-settings [data-role="form-error"]').textContent, "Nothing was changed.");
  assert.equal(s.errorOf("speaker"), "");

  // Trying again clears the error.
  s.change(s.mic, "");
  assert.equal(s.errorOf("microphone"), "");
  assert.equal(s.mic.hasAttribute("aria-invalid"), false);
  assert.equal(s.doc.querySelector('#audio-settings [data-role="form-error"]').textContent, "");
  assert.deepEqual(s.sent[1], { requestId: "a2", microphone: null, speaker: null, ringer: null });

  // A refusal without field errors still says something, next to the select that changed.
  s.audio.showResult({ type: "audio-select-result", requestId: "a2", ok: false });
  assert.equal(s.errorOf("microphone"), "The microphone was not changed.");
  assert.equal(s.mic.value, "mic-builtin");
});

test("a change made while another is in flight waits for its answer, then goes with the stored value", () => {
  const s = section();
  s.audio.showDevices(devices());
  s.change(s.mic, "mic-usb");
  s.change(s.speaker, "spk-usb");
  assert.equal(s.sent.length, 1, "one audio-select at a time");
  assert.equal(s.speaker.disabled, true);
  assert.equal(s.speaker.value, "spk-usb");

  s.audio.showResult({
    type: "audio-select-result",
    requestId: "a1",
    ok: false,
    errors: { microphone: "Busy device" },
  });
  assert.deepEqual(
    s.sent[1],
    { requestId: "a2", microphone: null, speaker: "spk-usb", ringer: null },
    "the refused microphone is not resent",
  );
  assert.equal(s.mic.disabled, false);
  assert.equal(s.speaker.disabled, true);
  s.audio.showResult({ type: "audio-select-result", requestId: "a2", ok: true });
  assert.equal(s.speaker.disabled, false);
  assert.equal(s.speaker.value, "spk-usb");
});

test("a new device list while a choice is in flight keeps the agent's choice on screen", () => {
  const s = section();
  s.audio.showDevices(devices());
  s.change(s.speaker, "spk-usb");
  s.audio.showDevices(devices({ speakers: [...devices().speakers, { id: "spk-hdmi", name: "HDMI" }] }));
  assert.equal(s.speaker.value, "spk-usb");
  assert.equal(s.speaker.disabled, true);
  assert.equal(s.options(s.speaker).length, 4);
  assert.equal(
    s.audio.showResult({ type: "audio-select-result", requestId: "other", ok: true }),
    false,
    "unknown requestId",
  );
  assert.equal(s.speaker.disabled, true);
});

test("Ringing comes after Speaker, offers the speakers with their system default, and says what it is for", () => {
  const s = section();
  s.audio.showDevices(
    devices({
      selected: {
        microphone: null,
        speaker: { id: "spk-usb", name: "Jabra Evolve2 40", connected: true },
        ringer: { id: "spk-builtin", name: "Built-in Audio Analog Stereo", connected: true },
      },
    }),
  );
  assert.deepEqual(
    [...s.doc.querySelectorAll("#audio-settings select")].map((el) => el.id),
    ["audio-microphone", "audio-speaker", "audio-ringer"],
  );
  assert.equal(s.doc.querySelector('label[for="audio-ringer"]').textContent, "Ringing");
  assert.deepEqual(s.options(s.ringer), [
    ["", "System default (Built-in Audio Analog Stereo)"],
    ["spk-builtin", "Built-in Audio Analog Stereo"],
    ["spk-usb", "Jabra Evolve2 40"],
  ]);
  assert.equal(s.ringer.value, "spk-builtin");
  assert.equal(s.speaker.value, "spk-usb", "ringing and talking are chosen apart");
  assert.equal(s.ringer.disabled, false);
  assert.equal(s.hintOf("ringer"), "");
  assert.equal(s.errorOf("ringer"), "");
  // The help text is read with the select, before its hint and error.
  const described = s.ringer
    .getAttribute("aria-describedby")
    .split(" ")
    .map((id) => s.doc.getElementById(id));
  assert.equal(described.length, 3);
  assert.match(described[0].textContent, /incoming calls ring/);
  assert.match(described[0].textContent, /headset/);
  assert.deepEqual(
    described.slice(1).map((el) => el.dataset.hintFor ?? el.dataset.errorFor),
    ["ringer", "ringer"],
  );

  // An older Java without `selected.ringer`: the system default.
  s.audio.showDevices(devices({ selected: { microphone: null, speaker: null } }));
  assert.equal(s.ringer.value, "");
});

test("an unplugged ringing device stays selected and the hint says calls ring on the default speaker meanwhile", () => {
  const s = section();
  s.audio.showDevices(
    devices({
      speakers: [{ id: "spk-builtin", name: "Built-in Audio Analog Stereo" }],
      selected: {
        microphone: null,
        speaker: null,
        ringer: { id: "spk-usb", name: "Jabra Evolve2 40", connected: false },
      },
    }),
  );
  assert.deepEqual(s.options(s.ringer).at(-1), ["spk-usb", "Jabra Evolve2 40 (not connected)"]);
  assert.equal(s.ringer.value, "spk-usb");
  assert.equal(
    s.hintOf("ringer"),
    "“Jabra Evolve2 40” is not connected: calls ring on the system default speaker until it is plugged in.",
  );
  assert.equal(s.hintOf("speaker"), "", "the speaker is not the one unplugged");
  assert.equal(s.speaker.value, "");

  // The speaker unplugged too: its hint keeps saying what calls use.
  s.audio.showDevices(
    devices({
      speakers: [{ id: "spk-builtin", name: "Built-in Audio Analog Stereo" }],
      selected: {
        microphone: null,
        speaker: { id: "spk-usb", name: "Jabra Evolve2 40", connected: false },
        ringer: { id: "spk-usb", name: "Jabra Evolve2 40", connected: false },
      },
    }),
  );
  assert.equal(
    s.hintOf("speaker"),
    "“Jabra Evolve2 40” is not connected: calls use the system default speaker until it is plugged in.",
  );
  assert.match(s.hintOf("ringer"), /calls ring on the system default speaker/);
});

test("choosing where calls ring sends it with the stored microphone and speaker", () => {
  const s = section();
  s.audio.showDevices(
    devices({
      selected: {
        microphone: { id: "mic-usb", name: "Jabra Evolve2 40", connected: true },
        speaker: { id: "spk-usb", name: "Jabra Evolve2 40", connected: true },
        ringer: null,
      },
    }),
  );
  s.change(s.ringer, "spk-builtin");
  assert.deepEqual(s.sent, [{ requestId: "a1", microphone: "mic-usb", speaker: "spk-usb", ringer: "spk-builtin" }]);
  assert.equal(s.ringer.disabled, true);
  assert.equal(s.ringer.dataset.busy, "true");
  assert.equal(s.speaker.disabled, false);

  assert.equal(s.audio.showResult({ type: "audio-select-result", requestId: "a1", ok: true }), true);
  assert.equal(s.ringer.disabled, false);
  assert.equal(s.ringer.value, "spk-builtin", "kept before Java's audio-devices confirms it");

  // Back to the system default: null, not left out.
  s.change(s.ringer, "");
  assert.deepEqual(s.sent[1], { requestId: "a2", microphone: "mic-usb", speaker: "spk-usb", ringer: null });
});

test("a refused ringing device shows Java's error next to Ringing and puts the previous choice back", () => {
  const s = section();
  s.audio.showDevices(
    devices({
      selected: {
        microphone: null,
        speaker: null,
        ringer: { id: "spk-builtin", name: "Built-in Audio Analog Stereo", connected: true },
      },
    }),
  );
  s.change(s.ringer, "spk-usb");
  s.audio.showResult({
    type: "audio-select-result",
    requestId: "a1",
    ok: false,
    errors: { ringer: "ringer: no ringer 'spk-usb' is connected (connected: spk-builtin)" },
  });
  assert.equal(s.ringer.value, "spk-builtin");
  assert.equal(s.ringer.disabled, false);
  assert.equal(s.errorOf("ringer"), "ringer: no ringer 'spk-usb' is connected (connected: spk-builtin)");
  assert.equal(s.ringer.getAttribute("aria-invalid"), "true");
  assert.equal(s.doc.querySelector('[data-field="ringer"]').dataset.invalid, "true");
  assert.equal(s.errorOf("speaker"), "", "the error is not put under Speaker, whose list it shares");
  assert.equal(s.errorOf("microphone"), "");
  assert.equal(s.doc.querySelector('#audio-settings [data-role="form-error"]').textContent, "");

  // A refusal without field errors still says something, next to Ringing.
  s.change(s.ringer, "");
  assert.equal(s.errorOf("ringer"), "");
  s.audio.showResult({ type: "audio-select-result", requestId: "a2", ok: false });
  assert.equal(s.errorOf("ringer"), "The ringing device was not changed.");
  assert.equal(s.ringer.value, "spk-builtin");
});

test("with three changes queued, each goes alone, the others carrying what Java has stored", () => {
  const s = section();
  s.audio.showDevices(devices());
  s.change(s.mic, "mic-usb");
  s.change(s.speaker, "spk-usb");
  s.change(s.ringer, "spk-builtin");
  assert.equal(s.sent.length, 1);
  assert.deepEqual([s.mic.disabled, s.speaker.disabled, s.ringer.disabled], [true, true, true]);
  assert.deepEqual([s.speaker.value, s.ringer.value], ["spk-usb", "spk-builtin"], "the waiting choices stay on screen");

  s.audio.showResult({ type: "audio-select-result", requestId: "a1", ok: true });
  // The waiting ringer does not ride along with the speaker: the answer is taken for the speaker only.
  assert.deepEqual(s.sent[1], { requestId: "a2", microphone: "mic-usb", speaker: "spk-usb", ringer: null });
  assert.deepEqual([s.mic.disabled, s.speaker.disabled, s.ringer.disabled], [false, true, true]);

  s.audio.showResult({
    type: "audio-select-result",
    requestId: "a2",
    ok: false,
    errors: { speaker: "Device is busy" },
  });
  assert.deepEqual(
    s.sent[2],
    { requestId: "a3", microphone: "mic-usb", speaker: null, ringer: "spk-builtin" },
    "the refused speaker is not resent",
  );
  assert.equal(s.speaker.value, "");
  assert.equal(s.errorOf("speaker"), "Device is busy");
  assert.deepEqual([s.mic.disabled, s.speaker.disabled, s.ringer.disabled], [false, false, true]);

  s.audio.showResult({ type: "audio-select-result", requestId: "a3", ok: true });
  assert.equal(s.sent.length, 3);
  assert.equal(s.ringer.disabled, false);
  assert.deepEqual([s.mic.value, s.speaker.value, s.ringer.value], ["mic-usb", "", "spk-builtin"]);
  assert.equal(s.errorOf("speaker"), "Device is busy", "an answer for Ringing leaves Speaker's error");
});

test("the keyboard focus comes back to the select once its change is answered", () => {
  const s = section();
  s.audio.showDevices(devices());
  s.mic.focus();
  assert.equal(s.doc.activeElement, s.mic);
  s.change(s.mic, "mic-usb");
  // WebKit drops the focus of a control that gets disabled; jsdom does not, so do it here.
  s.mic.disabled = false;
  s.mic.blur();
  s.mic.disabled = true;
  assert.notEqual(s.doc.activeElement, s.mic);
  s.audio.showResult({ type: "audio-select-result", requestId: "a1", ok: true });
  assert.equal(s.doc.activeElement, s.mic);
});

function appView() {
  const window = pageWindow();
  const doc = window.document;
  const opened = [];
  const selects = [];
  const v = createAppView({
    document: doc,
    timers: fakeTimers(),
    onRegister: () => {},
    onUnregister: () => {},
    onSettings: () => "s1",
    onAudioSelect: (choice) => {
      selects.push(choice);
      return `a${selects.length}`;
    },
    onSettingsOpen: () => opened.push(doc.getElementById("settings").hidden),
  });
  return { doc, v, opened, selects };
}

test("the audio section is in Settings in every state, first of its sections", () => {
  for (const [config, state] of [
    [{ accounts: [], profiles: [], maxAccounts: 6 }, "first-run"],
    [{ accounts: [], profiles: [PROFILE], maxAccounts: 6 }, "no-accounts"],
    [{ accounts: [account(1)], profiles: [PROFILE], maxAccounts: 6 }, "ready"],
  ]) {
    const { doc, v } = appView();
    v.showConfig(config);
    assert.equal(doc.body.dataset.config, state);
    const audio = doc.getElementById("audio-settings");
    assert.equal(audio.parentElement.id, "settings", state);
    assert.equal(doc.getElementById("settings").firstElementChild, audio, state);
    v.showConfig(config); // a later config re-renders the profiles, not the audio section
    assert.equal(doc.querySelectorAll("#audio-settings").length, 1, state);
    assert.ok(
      doc.getElementById("audio-microphone") &&
        doc.getElementById("audio-speaker") &&
        doc.getElementById("audio-ringer"),
      state,
    );
  }
});

test("opening Settings, by the agent or by a first-run config, asks for the device list; closing does not", () => {
  const { doc, v, opened } = appView();
  const toggle = doc.getElementById("settings-toggle");
  toggle.click();
  assert.deepEqual(opened, [false], "asked once, with the panel open");
  toggle.click();
  assert.equal(opened.length, 1);
  toggle.click();
  assert.equal(opened.length, 2);
  toggle.click();

  v.showConfig({ accounts: [], profiles: [], maxAccounts: 6 });
  assert.equal(opened.length, 3, "first run opens Settings");
  v.showConfig({ accounts: [], profiles: [], maxAccounts: 6 });
  assert.equal(opened.length, 3, "already open: not asked again");
});

test("the app view passes audio-devices and audio-select-result through to the section", () => {
  const { doc, v, selects } = appView();
  v.showAudioDevices(devices());
  const mic = doc.getElementById("audio-microphone");
  mic.value = "mic-builtin";
  mic.dispatchEvent(new doc.defaultView.Event("change"));
  assert.deepEqual(selects, [{ microphone: "mic-builtin", speaker: null, ringer: null }]);
  assert.equal(v.showAudioSelectResult({ requestId: "a1", ok: false, errors: { microphone: "No such device" } }), true);
  assert.equal(doc.querySelector('[data-error-for="microphone"]').textContent, "No such device");
  assert.equal(mic.value, "");
});

test("the sound server's own words go to Settings' details for the administrator, not to the agent's message", () => {
  const window = pageWindow();
  const view = createAppView({
    document: window.document,
    onRegister: () => {},
    onUnregister: () => {},
    onSettings: () => "r1",
    onAudioSelect: () => "a1",
    timers: fakeTimers(),
  });
  view.showAudioDevices({
    type: "audio-devices",
    available: false,
    reason: "The sound server did not answer: calls use the system default devices.",
    detail: "Connection failure: Connection refused",
  });
  const doc = window.document;
  const status = doc.querySelector("[data-role=audio-status]").textContent;
  assert.match(status, /sound server did not answer/);
  assert.doesNotMatch(status, /Connection refused/);
  const details = doc.getElementById("admin-details");
  assert.equal(details.hidden, false);
  assert.equal(
    details.querySelector('[data-detail="audio"]').textContent,
    "Sound server: Connection failure: Connection refused",
  );
  view.showAudioDevices({ type: "audio-devices", available: true, microphones: [], speakers: [] });
  assert.equal(details.querySelector('[data-detail="audio"]'), null);
  assert.equal(details.hidden, true, "nothing left to tell");
  window.close();
});
