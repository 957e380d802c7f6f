// UUID v4 (RFC 9562 §5.4) from crypto.getRandomValues: the WebView has no crypto.randomUUID.

/** @param {{getRandomValues(a: Uint8Array): Uint8Array}} crypto the window's (or node's) crypto */
export function uuidV4(crypto = globalThis.crypto) {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40; // version 4
  b[8] = (b[8] & 0x3f) | 0x80; // variant 10
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
