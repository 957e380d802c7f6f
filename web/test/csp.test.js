// The bundled page declares a Content-Security-Policy that lets it load only its own files and run
// no inline script: the page holds the SIP passwords, so nothing from elsewhere may run beside it.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const HTML = readFileSync(new URL("../index.html", import.meta.url), "utf8");

/** The page's CSP as {directive: [sources]}, with the elements it must come before. */
function policyOf(html) {
  const { document } = new JSDOM(html).window;
  const metas = [...document.querySelectorAll("meta[http-equiv]")].filter(
    (m) => m.getAttribute("http-equiv").toLowerCase() === "content-security-policy",
  );
  assert.equal(metas.length, 1, "exactly one Content-Security-Policy <meta>");
  const meta = metas[0];
  assert.equal(meta.parentElement.tagName, "HEAD", "the policy <meta> is in <head>");
  const policy = {};
  for (const part of meta.getAttribute("content").split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) policy[name.toLowerCase()] = sources;
  }
  return { policy, meta, document };
}

/** Problems that let anything other than the page's own files in, one line each. */
function weaknesses(policy) {
  const problems = [];
  if (!policy["default-src"]) problems.push("no default-src");
  for (const [directive, sources] of Object.entries(policy)) {
    for (const source of sources) {
      if (source !== "'self'" && source !== "'none'") problems.push(`${directive} allows ${source}`);
    }
  }
  for (const directive of ["connect-src", "object-src", "base-uri", "form-action"]) {
    if ((policy[directive] || []).join(" ") !== "'none'") problems.push(`${directive} is not 'none'`);
  }
  return problems;
}

/** Script that would run from the document itself rather than from the page's own files. */
function inlineScript(document) {
  const found = [];
  for (const script of document.querySelectorAll("script")) {
    const src = script.getAttribute("src");
    if (!src) found.push("a <script> without src");
    else if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src)) found.push(`a <script> from elsewhere: ${src}`);
  }
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) found.push(`an ${attribute.name} handler on <${element.tagName.toLowerCase()}>`);
      if (/^\s*javascript:/i.test(attribute.value)) found.push(`a javascript: URL in ${attribute.name}`);
    }
  }
  for (const link of document.querySelectorAll("link[href]")) {
    if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(link.getAttribute("href")))
      found.push(`a <link> to elsewhere: ${link.getAttribute("href")}`);
  }
  if (document.querySelector("style, [style]")) found.push("inline style");
  return found;
}

test("index.html's policy allows only the page's own files and no network", () => {
  assert.deepEqual(weaknesses(policyOf(HTML).policy), []);
});

test("the policy comes before every script and stylesheet, so it covers them", () => {
  const { meta, document } = policyOf(HTML);
  for (const element of document.querySelectorAll("script, link, style")) {
    assert.ok(
      meta.compareDocumentPosition(element) & 4 /* FOLLOWING */,
      `<${element.tagName.toLowerCase()}> precedes the policy`,
    );
  }
});

test("index.html has no inline script, handler, style or remote file", () => {
  assert.deepEqual(inlineScript(policyOf(HTML).document), []);
});

test("the checks above catch a weak policy and inline script", () => {
  const weak = HTML.replace("script-src 'self'", "script-src 'self' 'unsafe-inline' https://cdn.example")
    .replace("connect-src 'none'", "connect-src *")
    .replace(
      "</body>",
      '<script>alert(1)</script><button onclick="x()"></button><script src="https://cdn.example/x.js"></script></body>',
    );
  const { policy, document } = policyOf(weak);
  assert.deepEqual(weaknesses(policy), [
    "script-src allows 'unsafe-inline'",
    "script-src allows https://cdn.example",
    "connect-src allows *",
    "connect-src is not 'none'",
  ]);
  assert.deepEqual(inlineScript(document), [
    "a <script> without src",
    "a <script> from elsewhere: https://cdn.example/x.js",
    "an onclick handler on <button>",
  ]);
  assert.throws(() => policyOf(HTML.replace(/<meta http-equiv[^>]*>/, "")), /exactly one/);
});
