// Bundles the softphone page with esbuild: SIP.js 0.21.2 as an IIFE exposing `SIP`
// (no CDN, nothing fetched at run time), the account manager, and the page's own app script.
import { build } from "esbuild";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { outdir: { type: "string", default: "dist/js" } } });

const common = {
  bundle: true,
  format: "iife",
  // JavaFX 21's WebKit understands ES2020; keep output within it.
  target: ["es2020"],
  legalComments: "linked",
  logLevel: "warning",
};

await Promise.all([
  build({ ...common, entryPoints: ["src/sip-entry.js"], globalName: "SIP", outfile: `${values.outdir}/sip.js` }),
  build({
    ...common,
    entryPoints: ["src/sip-account-manager.js"],
    globalName: "DeskphoneAccounts",
    outfile: `${values.outdir}/sip-account-manager.js`,
  }),
  build({ ...common, entryPoints: ["src/main.js"], outfile: `${values.outdir}/app.js` }),
]);
