// The status bar's backend part: a dot, and a short word when something is wrong (Offline, Refused);
// the full sentence, with the events waiting and refused, in its title and label (the top bar keeps
// one line at the narrowest window), and
// notices that tell the agent what it means for them; the administrator's side (what failed, which
// command resends) goes to Settings' details (architecture.md `backend-status`).

/** From this share of the outbox's capacity on, the agent is warned. */
export const NEAR_FULL = 0.8;

const LABELS = { online: "Backend online", offline: "Backend offline", unauthorized: "Backend refuses the token" };
/** What the top bar shows beside the dot: nothing while all is well. */
const SHORT = { online: "", offline: "Offline", unauthorized: "Refused" };
const EXPLAINED = {
  online: "The call records backend is reachable.",
  offline: "The call records backend cannot be reached; call events wait on this computer and are sent later.",
  unauthorized: "The call records backend refuses this computer's token; call events wait on this computer.",
};

/**
 * @param {object} o
 * @param {HTMLElement} o.element the status bar's backend slot
 * @param {(key: string, text: string, kind?: string) => void} o.showNotice the app view's notices
 * @param {(key: string, text: string) => void} [o.showDetail] Settings' details for the administrator
 */
export function createBackendStatusView({ element, showNotice, showDetail = () => {} }) {
  return {
    /** Java's `outbox-status`: writes failing (events held in memory), or an unreadable file moved aside. */
    outbox({ state, held = 0, error, warning }) {
      if (state === "failing") {
        showNotice(
          "outbox-write",
          `Call events cannot be saved on this computer right now; ${held} ` +
            `${held === 1 ? "is" : "are"} kept in memory until they can. Keep Deskphone running and tell your` +
            " administrator (details in Settings).",
          "error",
        );
        showDetail("outbox-write", `Writing the call-event outbox fails: ${error || "write failed"}.`);
      } else {
        showNotice("outbox-write", "");
        showDetail("outbox-write", "");
      }
      showNotice("outbox-file", warning || "", "warn");
    },

    show({ state, pending = 0, dead = 0, capacity = 0 }) {
      const parts = [LABELS[state] || `Backend ${state}`];
      if (pending > 0) parts.push(`${pending} event${pending === 1 ? "" : "s"} waiting`);
      if (dead > 0) parts.push(`${dead} refused`);
      element.textContent = state in SHORT ? SHORT[state] : state;
      element.setAttribute("aria-label", parts.join(" · "));
      element.title = [
        EXPLAINED[state] || `Call records backend: ${state}.`,
        pending > 0 ? `${pending} call event${pending === 1 ? "" : "s"} waiting to be sent.` : "",
        dead > 0 ? `${dead} refused by the backend (see Settings).` : "",
      ]
        .filter(Boolean)
        .join(" ");
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
          `${dead} call event${dead === 1 ? " was" : "s were"} not accepted into the call records. Calls still` +
            " work; your administrator can fix this (details in Settings).",
          "warn",
        );
        showDetail(
          "dead-events",
          `The backend refused ${dead} call event${dead === 1 ? "" : "s"}; they are kept. ` +
            "'deskphone events list --dead' shows why; 'deskphone events retry' resends them once the cause is fixed.",
        );
      } else {
        showNotice("dead-events", "");
        showDetail("dead-events", "");
      }
    },
  };
}
