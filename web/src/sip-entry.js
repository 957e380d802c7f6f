// Entry for js/sip.js: the whole SIP.js API under the global `SIP`, as the seed's page expects.
export * from "sip.js";
