// The page's stylesheet stays cheap to paint. Without a GPU (virtual desktops, Xvfb) the WebView
// paints on the CPU, on the render thread the FX thread waits for: shadows and filters are drawn
// through an offscreen blur, and a blurred card shadow doubled the cost of each repaint and added
// ~35 ms to call set-up (benchmarks.md, "Calls", session 5).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

const CSS = readFileSync(new URL("../css/deskphone.css", import.meta.url), "utf8");

/** Every `property: value` declaration outside comments. */
function declarations(css) {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, "");
  return [...withoutComments.matchAll(/([-\w]+)\s*:\s*([^;{}]+)/g)].map(([, property, value]) => ({
    property: property.toLowerCase(),
    value: value.trim(),
  }));
}

test("no declaration paints through a blur: box-shadow, text-shadow, filter, backdrop-filter", () => {
  const blurred = declarations(CSS)
    .filter(({ property }) => ["box-shadow", "text-shadow", "filter", "backdrop-filter"].includes(property))
    .filter(({ value }) => value !== "none");
  assert.deepEqual(blurred, []);
});

test("the declarations reader finds shadows, so the check above can fail", () => {
  const found = declarations(".card { color: red; box-shadow: 0 1px 3px #0002; } /* filter: blur(2px); */");
  assert.deepEqual(
    found.map((d) => d.property),
    ["color", "box-shadow"],
  );
});
