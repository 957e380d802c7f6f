package dev.deskphone.media;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import java.util.concurrent.CompletableFuture;

/** Adapts libwebrtc's create/set description callbacks to futures; failures become {@link MediaException}s. */
final class SessionDescriptionObservers {
    private SessionDescriptionObservers() {}

    /** Completes {@code result} with the created offer or answer. */
    static CreateSessionDescriptionObserver created(CompletableFuture<RTCSessionDescription> result) {
        return new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription description) {
                result.complete(description);
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new MediaException("creating the session description failed: " + error));
            }
        };
    }

    /** Completes {@code result} once the description is set; {@code what} names the step in the failure. */
    static SetSessionDescriptionObserver set(CompletableFuture<Void> result, String what) {
        return new SetSessionDescriptionObserver() {
            @Override
            public void onSuccess() {
                result.complete(null);
            }

            @Override
            public void onFailure(String error) {
                result.completeExceptionally(new MediaException(what + " failed: " + error));
            }
        };
    }
}
