// Re-INVITEs of an established call and how a call gets its media back: a re-INVITE that meets the
// far end's (491 Request Pending) is retried after the RFC 3261 §14.1 delay; an ICE-restart
// re-INVITE restores a call once its account is registered again after a transport loss; lost media
// gets one ICE restart and MEDIA_RECOVERY_MS to come back before the call ends.
//
// The call manager owns the calls; this works on its call objects (session, state, held, wantHeld,
// media, reinviteRetry, mediaTimer) and reports through the hooks it is given.

import { CallState, reasonPhrase } from "./call-rules.js";
import { systemClock } from "./clock.js";

/** How long a call with lost media waits for an ICE restart to bring it back. */
export const MEDIA_RECOVERY_MS = 10_000;

/**
 * The wait before retrying a re-INVITE refused with 491 (RFC 3261 §14.1): 2.1-4 s when this side
 * made the Call-ID (it called), 0-2 s otherwise, in units of 10 ms.
 * @param {boolean} ownsCallId this side sent the dialog's first INVITE
 * @param {() => number} random uniform in [0, 1)
 */
export function glareDelayMs(ownsCallId, random) {
  const [min, max] = ownsCallId ? [2100, 4000] : [0, 2000];
  const steps = Math.floor((max - min) / 10);
  return min + 10 * Math.floor(random() * (steps + 1));
}

export class MediaRecovery {
  #clock;
  #random;
  #log;
  #update;
  #fail;
  #transportUp;

  /**
   * @param {object} o
   * @param {(call: object, changes: object) => void} o.update applies changes to a call and reports them
   * @param {(call: object, detail: string, sipStatus?: number, byMedia?: boolean) => void} o.fail ends a call as failed
   * @param {(call: object) => boolean} o.transportUp the call's account has a connected transport
   */
  constructor({ clock = systemClock, random = Math.random, logger, update, fail, transportUp }) {
    this.#clock = clock;
    this.#random = random;
    this.#log = logger;
    this.#update = update;
    this.#fail = fail;
    this.#transportUp = transportUp;
  }

  /**
   * Sends a re-INVITE; on 491 Request Pending retries after glareDelayMs with the hold the user wants
   * by then. Any other refusal leaves the call as agreed before (SIP.js rolled the offer back through
   * the handler); 408 or 481 mean the dialog is gone (RFC 3261 §12.2.1.2) and end the call.
   */
  reinvite(call, { hold, iceRestart = false }) {
    this.#clearRetry(call);
    const session = call.session;
    return new Promise((resolve, reject) => {
      const done = (ok, error) => {
        // SIP.js keeps the last re-INVITE's options for the re-INVITEs the far end sends: keep them true.
        session.sessionDescriptionHandlerOptionsReInvite = { hold: call.held };
        if (ok) resolve();
        else reject(error);
      };
      const options = {
        sessionDescriptionHandlerOptions: { hold, iceRestart, offerOptions: { iceRestart } },
        requestDelegate: {
          onAccept: () => {
            this.#update(call, { held: hold, notice: undefined });
            done(true);
          },
          onReject: (response) => {
            const status = response?.message?.statusCode;
            if (status === 491) {
              const delay = glareDelayMs(call.direction === "outbound", this.#random);
              this.#log?.info(`re-INVITE for ${call.id} met another (491): retrying in ${delay} ms`);
              call.reinviteRetry = this.#clock.setTimeout(() => {
                call.reinviteRetry = null;
                if (call.state !== CallState.ESTABLISHED) return;
                const wanted = call.wantHeld ?? call.held;
                this.reinvite(call, { hold: wanted, iceRestart }).then(resolve, reject);
              }, delay);
              return;
            }
            this.#update(call, {
              notice: `${hold ? "Hold" : "Resume"} refused: ${status} ${reasonPhrase(response)}`.trim(),
            });
            if (status === 408 || status === 481) {
              this.#fail(call, `The far end lost the call (${status})`, status);
            }
            done(false, new Error(`re-INVITE refused with ${status}`));
          },
        },
      };
      session.invite(options).catch((error) => done(false, error));
    });
  }

  /** The account is registered again after a transport loss: bring its established calls' media back. */
  restore(calls) {
    for (const call of calls) {
      if (call.state !== CallState.ESTABLISHED) continue;
      this.#log?.info(`restoring ${call.id} after the connection came back (ICE restart)`);
      this.#update(call, { signalling: "restoring" });
      this.reinvite(call, { hold: call.held, iceRestart: true })
        .then(() => this.#update(call, { signalling: "ok", restores: call.restores + 1 }))
        .catch((error) => this.#log?.warn(`restoring ${call.id}: ${error.message}`));
    }
  }

  /** The call's media handler reports its ICE state: "connected", "disconnected" or "failed". */
  onMediaEvent(call, event) {
    if (call.state === CallState.ENDED) return;
    if (event === "connected") {
      this.#clearMediaTimer(call);
      if (call.media !== "connected") this.#update(call, { media: "connected" });
      return;
    }
    if (call.state !== CallState.ESTABLISHED) {
      if (event === "failed") this.#fail(call, "No media path to the other side (ICE failed)");
      return;
    }
    this.#update(call, { media: event });
    if (call.mediaTimer) return;
    // Lost media: try an ICE restart now if signalling works (else when the account is back),
    // and end the call if nothing is heard for MEDIA_RECOVERY_MS.
    if (this.#transportUp(call)) {
      this.reinvite(call, { hold: call.held, iceRestart: true }).catch(() => {});
    }
    call.mediaTimer = this.#clock.setTimeout(() => {
      call.mediaTimer = null;
      if (call.state === CallState.ESTABLISHED && call.media !== "connected") {
        this.#fail(call, "The call's audio connection was lost", undefined, true);
      }
    }, MEDIA_RECOVERY_MS);
  }

  /** The call ended: no retry or media deadline may fire for it any more. */
  forget(call) {
    this.#clearRetry(call);
    this.#clearMediaTimer(call);
  }

  #clearRetry(call) {
    if (call.reinviteRetry) this.#clock.clearTimeout(call.reinviteRetry);
    call.reinviteRetry = null;
  }

  #clearMediaTimer(call) {
    if (call.mediaTimer) this.#clock.clearTimeout(call.mediaTimer);
    call.mediaTimer = null;
  }
}
