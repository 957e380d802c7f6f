// Every control readable in every state: the text colour against the background of each button
// variant in each state (rest, hover, pressed, focus, disabled), and of every rule that sets both,
// worked out from deskphone.css itself (its custom properties resolved, a small cascade by
// specificity and order) and held to WCAG 2.x's 4.5:1 for text.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const CSS = readFileSync(new URL("../css/deskphone.css", import.meta.url), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
const MIN = 4.5;

/** Top-level rules (and those inside @media) as {selectors, decls}, in source order. */
function rules(css) {
  const out = [];
  const re = /([^{}]+)\{([^{}]*)\}/g;
  for (const m of css.matchAll(re)) {
    const head = m[1]
      .trim()
      .replace(/^@media[^{]*\{/, "")
      .trim();
    if (head.startsWith("@") || /^\d+%|^(from|to)$/.test(head)) continue;
    const decls = {};
    for (const d of m[2].split(";")) {
      const i = d.indexOf(":");
      if (i > 0) decls[d.slice(0, i).trim()] = d.slice(i + 1).trim();
    }
    out.push({ selectors: head.split(",").map((s) => s.trim()), decls });
  }
  return out;
}

const RULES = rules(CSS);
const ROOT = Object.assign({}, ...RULES.filter((r) => r.selectors.includes(":root")).map((r) => r.decls));

function resolve(value) {
  let v = value;
  for (let i = 0; i < 5 && /var\(/.test(v); i++) v = v.replace(/var\((--[\w-]+)\)/g, (_, name) => ROOT[name] ?? "");
  return v.trim();
}

function rgb(value) {
  const v = resolve(value);
  if (v === "transparent") return null;
  let m = /^#([0-9a-f]{6})$/i.exec(v);
  if (m) return [0, 2, 4].map((i) => parseInt(m[1].slice(i, i + 2), 16));
  m = /^#([0-9a-f]{3})$/i.exec(v);
  if (m) return [...m[1]].map((c) => parseInt(c + c, 16));
  m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(v);
  if (m) return m.slice(1, 4).map(Number);
  return undefined;
}

function luminance([r, g, b]) {
  const lin = (c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Whether a simple compound selector (".button.primary:hover:not(:disabled)") matches an element
 * with these classes in these states; selectors with combinators or other parts never match.
 */
function matches(selector, classes, states) {
  if (!/^(\.[\w-]+|:[\w-]+(\(:[\w-]+\))?)+$/.test(selector)) return null;
  for (const part of selector.match(/\.[\w-]+|:not\(:[\w-]+\)|:[\w-]+/g)) {
    if (part.startsWith(".") && !classes.includes(part.slice(1))) return null;
    if (part.startsWith(":not(")) {
      if (states.includes(part.slice(6, -1))) return null;
    } else if (part.startsWith(":") && !states.includes(part.slice(1))) return null;
  }
  return selector.match(/\.[\w-]+|:not\(:[\w-]+\)|:[\w-]+/g).length;
}

/** The cascaded value of a property for the element (specificity, then source order). */
function cascaded(property, classes, states) {
  let best = null;
  RULES.forEach((rule, order) => {
    if (!(property in rule.decls)) return;
    for (const selector of rule.selectors) {
      const specificity = matches(selector, classes, states);
      if (specificity === null) continue;
      if (!best || specificity > best.specificity || (specificity === best.specificity && order >= best.order))
        best = { value: rule.decls[property], specificity, order };
    }
  });
  return best?.value;
}

function background(classes, states) {
  const value = cascaded("background", classes, states) ?? cascaded("background-color", classes, states);
  return value === undefined ? undefined : rgb(value);
}

// Where the buttons sit: cards and panels (surface), the page, and a ringing call's card.
const GROUNDS = { surface: rgb("var(--surface)"), page: rgb("var(--bg)"), ringing: rgb("var(--warn-bg)") };
const VARIANTS = [[], ["primary"], ["danger"], ["ghost"], ["subtle"], ["key"], ["icon"], ["ghost", "icon"]];
const STATES = {
  rest: [],
  hover: ["hover"],
  pressed: ["hover", "active"],
  focus: ["focus-visible"],
  disabled: ["disabled"],
};

test("every button variant keeps 4.5:1 between its label and its background in every state", () => {
  const failures = [];
  let checked = 0;
  for (const variant of VARIANTS) {
    const classes = ["button", ...variant];
    for (const [stateName, states] of Object.entries(STATES)) {
      const color = rgb(cascaded("color", classes, states) ?? "var(--text)");
      assert.ok(color, `${classes.join(".")} ${stateName}: a colour the test can read`);
      assert.equal(cascaded("opacity", classes, states), undefined, `${classes.join(".")} ${stateName}: no opacity`);
      const own = background(classes, states);
      for (const [groundName, ground] of Object.entries(GROUNDS)) {
        const bg = own || ground;
        const ratio = contrast(color, bg);
        checked++;
        if (ratio < MIN) failures.push(`.${classes.join(".")} ${stateName} on ${groundName}: ${ratio.toFixed(2)}:1`);
      }
    }
  }
  assert.ok(checked >= 100, `checked ${checked} pairs`);
  assert.deepEqual(failures, []);
});

test("the danger button's label stays on hover (it vanished against a light hover background)", () => {
  const hover = ["hover"];
  const color = rgb(cascaded("color", ["button", "danger"], hover));
  const bg = background(["button", "danger"], hover);
  assert.ok(contrast(color, bg) >= MIN, `hang up on hover: ${contrast(color, bg).toFixed(2)}:1`);
});

test("every rule that sets both a text colour and a background keeps 4.5:1", () => {
  const failures = [];
  let checked = 0;
  for (const rule of RULES) {
    const color = rule.decls.color && rgb(rule.decls.color);
    const bgValue = rule.decls.background ?? rule.decls["background-color"];
    const bg = bgValue && rgb(bgValue);
    if (!color || !bg) continue;
    checked++;
    const ratio = contrast(color, bg);
    if (ratio < MIN) failures.push(`${rule.selectors.join(", ")}: ${ratio.toFixed(2)}:1`);
  }
  assert.ok(checked >= 10, `checked ${checked} rules`);
  assert.deepEqual(failures, []);
});

test("tinted text (state labels, notices, muted text) keeps 4.5:1 on the backgrounds it sits on", () => {
  const pairs = [
    ["--ok", "--ok-bg"],
    ["--busy", "--busy-bg"],
    ["--warn", "--warn-bg"],
    ["--error", "--error-bg"],
    ["--off", "--off-bg"],
    ["--muted", "--bg"],
    ["--muted", "--surface"],
    ["--muted", "--warn-bg"],
    ["--text", "--bg"],
    ["--accent", "--surface"],
    ["--warn", "--surface"],
    ["--error", "--surface"],
    ["--ok", "--surface"],
  ];
  const failures = pairs
    .map(([fg, bg]) => [fg, bg, contrast(rgb(`var(${fg})`), rgb(`var(${bg})`))])
    .filter(([, , ratio]) => ratio < MIN)
    .map(([fg, bg, ratio]) => `${fg} on ${bg}: ${ratio.toFixed(2)}:1`);
  assert.deepEqual(failures, []);
});

test("the contrast formula gives WCAG's reference values", () => {
  assert.equal(contrast([0, 0, 0], [255, 255, 255]).toFixed(1), "21.0");
  assert.equal(contrast([119, 119, 119], [255, 255, 255]).toFixed(2), "4.48");
});
