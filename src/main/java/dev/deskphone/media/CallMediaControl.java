package dev.deskphone.media;

import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What a SIP.js session description handler asks of one call's media (see {@link CallMedia}, the
 * implementation): the seam the page's media requests are served through, so that their
 * validation and routing can be tested without native media.
 */
public interface CallMediaControl {
    CompletableFuture<String> createOffer(OfferOptions options);

    CompletableFuture<String> createAnswer(boolean hold);

    CompletableFuture<Void> setRemoteDescription(SdpType type, String sdp);

    CompletableFuture<Void> rollback();

    CompletableFuture<Void> setMuted(boolean muted);

    CompletableFuture<Boolean> sendDtmf(DtmfTones tones);

    CompletableFuture<CallStats> stats();

    /** Connection state changes (e.g. FAILED for an ICE failure), on the media thread. */
    void addStateListener(Consumer<MediaConnectionState> listener);

    CompletableFuture<Void> close();

    /**
     * The sound-server client that plays and records this call's audio (its own device module, ADR
     * 0015); empty when it is not known, and then the call cannot be merged with another.
     */
    default OptionalLong soundClient() {
        return OptionalLong.empty();
    }
}
