// What an established call's media can be asked directly (call-manager.js checks the call first):
// its stats now, for the live quality indicator, and DTMF, by RFC 4733 in the media or, when that
// was not negotiated, by SIP INFO (application/dtmf-relay).

const SIP_INFO_DTMF_MS = 160;

/**
 * The session's media stats now (jitter, loss, RTT, codec, MOS); undefined when its media is not
 * open. Not kept as the call's quality: the one its `ended` event carries is read when it ends.
 */
export async function liveStats(session) {
  const handler = session?.sessionDescriptionHandler;
  if (!handler || handler.closed || typeof handler.stats !== "function") return undefined;
  return handler.stats();
}

/**
 * Sends DTMF tones on an established session: RFC 4733 when the media handler could, else one SIP
 * INFO per tone.
 * @param {{toneMs?: number, gapMs?: number}} [lengths] tone and gap lengths; defaults when absent
 * @returns {Promise<{via: "rfc4733"|"info"}>}
 */
export async function sendDtmfTones(session, tones, { toneMs, gapMs } = {}) {
  const options = {};
  if (toneMs !== undefined) options.duration = toneMs;
  if (gapMs !== undefined) options.interToneGap = gapMs;
  const { sent } = await session.sessionDescriptionHandler.dtmf(tones, options);
  if (sent) return { via: "rfc4733" };
  for (const tone of tones) {
    await session.info({
      requestOptions: {
        body: {
          contentDisposition: "render",
          contentType: "application/dtmf-relay",
          content: `Signal=${tone}\r\nDuration=${toneMs ?? SIP_INFO_DTMF_MS}`,
        },
      },
    });
  }
  return { via: "info" };
}
