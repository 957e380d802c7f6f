// The controls an established call's Keypad button opens: the DTMF keypad, and the transfer field
// with its blind Transfer and attended Consult (hold this call and call the target first).

const KEYPAD = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "0", "#"];

/**
 * @param {Function} h element builder
 * @param {string} callId
 * @param {(intent: string, callId?: string, value?: string) => void} onIntent
 * @returns {HTMLElement[]} the keypad and the transfer controls
 */
export function keypadAndTransfer(h, callId, onIntent) {
  const transferTarget = h("input", {
    name: "transfer-target",
    type: "text",
    placeholder: "Transfer to",
    "aria-label": "Transfer to",
  });
  return [
    h(
      "div",
      { class: "keypad", dataset: { role: "keypad" } },
      KEYPAD.map((digit) =>
        h(
          "button",
          {
            type: "button",
            class: "button key",
            dataset: { digit },
            onclick: () => onIntent("dtmf", callId, digit),
          },
          digit,
        ),
      ),
    ),
    h(
      "div",
      { class: "transfer" },
      transferTarget,
      h(
        "button",
        {
          type: "button",
          class: "button",
          dataset: { action: "transfer" },
          onclick: () => transferTarget.value.trim() && onIntent("transfer", callId, transferTarget.value.trim()),
        },
        "Transfer",
      ),
      h(
        "button",
        {
          type: "button",
          class: "button",
          dataset: { action: "consult" },
          title: "Hold this call and call the target first",
          onclick: () => transferTarget.value.trim() && onIntent("consult", callId, transferTarget.value.trim()),
        },
        "Consult",
      ),
    ),
  ];
}
