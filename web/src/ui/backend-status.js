// The status bar's backend part: online / offline / token refused, events waiting, dead events,
// and a warning when the outbox is nearly full (architecture.md `backend-status`).

/** From this share of the outbox's capacity on, the agent is warned. */
export const NEAR_FULL = 0.8;

/**
 * @param {object} o
 * @param {HTMLElement} o.element the status bar's backend slot
 * @param {(key: string, text: string, kind?: string) => void} o.showNotice the app view's notices
 */
export function createBackendStatusView({ element, showNotice }) {
  return {
    /** Java's `outbox-status`: writes failing (events held in memory), or an unreadable file moved aside. */
    outbox({ state, held = 0, error, warning }) {
      if (state === "failing") {
        showNotice(
          "outbox-write",
          `Call events cannot be saved to disk (${error || "write failed"}). ${held} event` +
            `${held === 1 ? " is" : "s are"} kept in memory and saved when the disk works again; keep Deskphone` +
            " running and tell your administrator.",
          "error",
        );
      } else {
        showNotice("outbox-write", "");
      }
      showNotice("outbox-file", warning || "", "warn");
    },

    show({ state, pending = 0, dead = 0, capacity = 0 }) {
      const label =
        { online: "Backend online", offline: "Backend offline", unauthorized: "Backend refuses the token" }[state] ||
        `Backend ${state}`;
      const parts = [label];
      if (pending > 0) parts.push(`${pending} event${pending === 1 ? "" : "s"} waiting`);
      if (dead > 0) parts.push(`${dead} refused`);
      element.textContent = parts.join(" · ");
      element.dataset.state = state;
      element.dataset.pending = String(pending);
      element.dataset.dead = String(dead);

      const used = pending + dead;
      if (capacity > 0 && used >= capacity) {
        showNotice(
          "outbox",
          `Call events can no longer be stored: the outbox is full (${used} of ${capacity}).` +
            " New call events are lost until the backend is reachable again.",
          "error",
        );
      } else if (capacity > 0 && used >= capacity * NEAR_FULL) {
        showNotice(
          "outbox",
          `The call-event outbox is nearly full (${used} of ${capacity}): the backend has been` +
            " unreachable for long. Calls still work; tell your administrator.",
          "warn",
        );
      } else {
        showNotice("outbox", "");
      }
      if (dead > 0) {
        showNotice(
          "dead-events",
          `${dead} call event${dead === 1 ? " was" : "s were"} refused by the backend and kept;` +
            " an administrator can resend them with 'deskphone events retry'.",
          "warn",
        );
      } else {
        showNotice("dead-events", "");
      }
    },
  };
}
