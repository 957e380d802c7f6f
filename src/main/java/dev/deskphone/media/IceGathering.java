package dev.deskphone.media;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a call's local description is ready to send: SIP carries one complete SDP (no trickle ICE),
 * so an offer or answer waits for ICE gathering to complete, bounded by the call's gathering
 * timeout. Touched on the media thread only.
 */
final class IceGathering {
    private static final Logger log = LoggerFactory.getLogger(CallMedia.class);
    /**
     * Without STUN or TURN servers a call has host candidates only, and libwebrtc finds all its UDP
     * ones at once; "gathering complete" comes only after its later allocation phases (~100 ms),
     * which would hold every offer back for nothing. So then the description is ready once
     * candidates have stopped coming for this long.
     */
    static final Duration HOST_CANDIDATES_SETTLE = Duration.ofMillis(20);

    private final String id;
    private final MediaThread media;
    private final Duration timeout;
    private CompletableFuture<Void> gathering = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> candidatesSettled;

    IceGathering(String id, MediaThread media, Duration timeout) {
        this.id = id;
        this.media = media;
        this.timeout = timeout;
    }

    /** A new round of gathering starts: called just before a local description is set. */
    void restart() {
        gathering = new CompletableFuture<>();
    }

    /** Gathering is over (libwebrtc said so, or the call closed): whoever waits goes on. */
    void complete() {
        gathering.complete(null);
    }

    /** With host candidates only, gathering is done once they stop coming. */
    void candidateArrived() {
        if (gathering.isDone()) {
            return;
        }
        if (candidatesSettled != null) {
            candidatesSettled.cancel(false);
        }
        CompletableFuture<Void> waitingFor = gathering;
        candidatesSettled = media.schedule(HOST_CANDIDATES_SETTLE, () -> waitingFor.complete(null));
    }

    /** Completes when this round of gathering is over, or after the timeout with the candidates so far. */
    CompletableFuture<Void> awaitBounded() {
        CompletableFuture<Void> waitFor = gathering;
        ScheduledFuture<?> timer = media.schedule(timeout, () -> {
            if (!waitFor.isDone()) {
                log.info(
                        "Call {}: ICE gathering still running after {} ms; using candidates so far",
                        id,
                        timeout.toMillis());
                waitFor.complete(null);
            }
        });
        return waitFor.whenComplete((v, e) -> timer.cancel(false));
    }
}
