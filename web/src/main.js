// Entry of js/app.js: starts the page once its skeleton is parsed.
import { startPage } from "./page.js";

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", () => startPage(window), { once: true });
} else {
  startPage(window);
}
