// Entry for js/sip.js: the whole SIP.js API under the global `SIP`, as the page's modules expect (they take it injected, never imported).
export * from "sip.js";
