// ESLint for the page's own code: browser modules in src/, Node scripts and tests elsewhere.
// Formatting is Prettier's (`npm run lint` checks both); SIP.js and the bundles are not ours to lint.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["dist/", "node_modules/", "patches/"] },
  js.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: "module" },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-var": "error",
      "prefer-const": "error",
      "object-shorthand": ["error", "always"],
      "no-throw-literal": "error",
      "no-self-compare": "error",
      "no-template-curly-in-string": "error",
      "no-unmodified-loop-condition": "error",
      "no-unreachable-loop": "error",
      "no-use-before-define": ["error", { functions: false, classes: false, variables: false }],
      "no-unused-vars": ["error", { args: "after-used", argsIgnorePattern: "^_", caughtErrors: "none" }],
      "no-implicit-globals": "error",
      "no-new-wrappers": "error",
      "no-useless-return": "error",
      "no-lonely-if": "error",
      "prefer-promise-reject-errors": "error",
    },
  },
  // The page runs in the WebView (WebKit, ES2020 after esbuild): browser globals only.
  { files: ["src/**/*.js"], languageOptions: { globals: { ...globals.browser } } },
  // Tests, benchmarks and the build run on Node; tests build pages with jsdom.
  {
    files: ["test/**/*.js", "bench/**/*.mjs", "*.mjs", "eslint.config.js"],
    languageOptions: { globals: { ...globals.node } },
  },
];
