package dev.deskphone.calls;

import dev.deskphone.media.CallMediaControl;
import dev.deskphone.media.ThreeWayMix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The three-way call, if any, and the agent's mute per call (ADR 0015): while two calls are merged
 * the mix mutes the microphone towards a call, not its track, since that track also carries the
 * other far end.
 */
final class MergedCalls {
    private final ThreeWayMix mix;
    /** A call's media, or null when it has none: the open calls of {@link MediaRequests}. */
    private final Function<String, CompletableFuture<CallMediaControl>> media;
    /** Calls whose microphone the agent muted; while merged the mix mutes them, not their track. */
    private final Set<String> muted = ConcurrentHashMap.newKeySet();
    /** The two calls merged into a three-way call, or none. */
    private volatile List<String> merged = List.of();

    MergedCalls(ThreeWayMix mix, Function<String, CompletableFuture<CallMediaControl>> media) {
        this.mix = mix;
        this.media = media;
    }

    /** Merged: the mix stops the microphone towards this call only, so it still hears the other far end. */
    CompletableFuture<Void> mute(String call, CallMediaControl callMedia, boolean mute) {
        if (mute) {
            muted.add(call);
        } else {
            muted.remove(call);
        }
        if (merged.contains(call)) {
            return mix.muteLeg(callMedia, mute).thenApply(v -> null);
        }
        return callMedia.setMuted(mute);
    }

    /**
     * Merges two calls' audio. A muted call's track must send again (it carries the other far end
     * too): the mix mutes the microphone towards it instead.
     */
    CompletableFuture<Object> merge(String call, String other) {
        if (call.equals(other)) {
            throw new IllegalArgumentException("params.other: a call cannot be merged with itself");
        }
        if (!merged.isEmpty()) {
            throw new IllegalArgumentException("call: calls " + merged + " are merged already; split them first");
        }
        CompletableFuture<CallMediaControl> first = existing(call, "call");
        CompletableFuture<CallMediaControl> second = existing(other, "params.other");
        return first.thenCombine(second, List::of)
                .thenCompose(legs -> mix.merge(legs.get(0), legs.get(1))
                        .thenCompose(v -> {
                            merged = List.of(call, other);
                            List<CompletableFuture<?>> steps = new ArrayList<>();
                            for (int i = 0; i < 2; i++) {
                                if (muted.contains(merged.get(i))) {
                                    CallMediaControl leg = legs.get(i);
                                    steps.add(mix.muteLeg(leg, true).thenCompose(done -> leg.setMuted(false)));
                                }
                            }
                            return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new));
                        })
                        .thenApply(v -> (Object) Map.of("merged", merged)));
    }

    /** Splits the three-way call {@code call} is in; its muted legs mute their own track again. */
    CompletableFuture<Object> split(String call) {
        List<String> legs = merged;
        if (!legs.contains(call)) {
            throw new IllegalArgumentException("call: '" + call + "' is not in a three-way call");
        }
        return unmerge(legs).thenApply(v -> Map.of());
    }

    /**
     * The call is closing: it is no longer muted, and a merged call ending leaves the other one a
     * call of its own again. Completes when that is done, failed or not.
     */
    CompletableFuture<Void> leave(String call) {
        muted.remove(call);
        List<String> legs = merged;
        return legs.contains(call) ? unmerge(legs).exceptionally(e -> null) : CompletableFuture.completedFuture(null);
    }

    private CompletableFuture<Void> unmerge(List<String> legs) {
        merged = List.of();
        return mix.split().thenCompose(v -> {
            List<CompletableFuture<?>> steps = new ArrayList<>();
            for (String leg : legs) {
                CompletableFuture<CallMediaControl> legMedia = media.apply(leg);
                if (legMedia != null && muted.contains(leg)) {
                    steps.add(legMedia.thenCompose(m -> m.setMuted(true)));
                }
            }
            return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new));
        });
    }

    private CompletableFuture<CallMediaControl> existing(String call, String field) {
        CompletableFuture<CallMediaControl> legMedia = media.apply(call);
        if (legMedia == null) {
            throw new IllegalArgumentException(field + ": no media for '" + call + "'");
        }
        return legMedia;
    }
}
