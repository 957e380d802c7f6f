package dev.deskphone.media;

import java.util.concurrent.CompletableFuture;

/**
 * Merges two calls into a three-way call in the sound server (ADR 0015): each far end hears the
 * agent and the other far end, the agent hears both. The futures fail with a message for the agent
 * when the sound server cannot do it.
 */
public interface ThreeWayMix {
    /** Merges the two calls' audio; fails when a merge is in place already or a call's client is unknown. */
    CompletableFuture<Void> merge(CallMediaControl first, CallMediaControl second);

    /** Undoes the merge: each call hears and sends only its own audio again. Nothing to do when not merged. */
    CompletableFuture<Void> split();

    /**
     * While merged, mutes or unmutes the agent's microphone towards one call only: the call still hears
     * the other far end. Completes with false, changing nothing, when the call is not merged.
     */
    CompletableFuture<Boolean> muteLeg(CallMediaControl leg, boolean muted);

    /** No sound server to mix in: merging fails with the reason. */
    static ThreeWayMix unavailable(String reason) {
        return new ThreeWayMix() {
            @Override
            public CompletableFuture<Void> merge(CallMediaControl first, CallMediaControl second) {
                return CompletableFuture.failedFuture(new MediaException(reason));
            }

            @Override
            public CompletableFuture<Void> split() {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Boolean> muteLeg(CallMediaControl leg, boolean muted) {
                return CompletableFuture.completedFuture(false);
            }
        };
    }
}
