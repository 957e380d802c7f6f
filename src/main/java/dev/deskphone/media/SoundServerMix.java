package dev.deskphone.media;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The three-way mix of {@link AudioRouter} (ADR 0015): {@link MixWiring}'s steps, run on the router's
 * thread so that they never race its device routing, with the agent's chosen devices for the
 * loopbacks. pactl's own words stay in the log; the agent gets what they mean.
 */
final class SoundServerMix implements ThreeWayMix {
    private static final Logger log = LoggerFactory.getLogger(SoundServerMix.class);

    private final Optional<MixWiring> mix;
    private final Consumer<Runnable> onRouterThread;
    private final BooleanSupplier closed;
    private final Supplier<AudioRoute> route;
    private final Runnable backOnTheDevices;

    /**
     * @param mix the wiring, or empty without pactl
     * @param onRouterThread queues a task on the router's thread (drops it once the router is closed)
     * @param closed whether the router is closed
     * @param route the agent's devices (read on the router's thread)
     * @param backOnTheDevices routes the streams to the chosen devices again (router's thread)
     */
    SoundServerMix(
            Optional<MixWiring> mix,
            Consumer<Runnable> onRouterThread,
            BooleanSupplier closed,
            Supplier<AudioRoute> route,
            Runnable backOnTheDevices) {
        this.mix = mix;
        this.onRouterThread = onRouterThread;
        this.closed = closed;
        this.route = route;
        this.backOnTheDevices = backOnTheDevices;
    }

    @Override
    public CompletableFuture<Void> merge(CallMediaControl first, CallMediaControl second) {
        if (mix.isEmpty()) {
            return CompletableFuture.failedFuture(new MediaException("Merging calls needs PulseAudio's pactl."));
        }
        if (first.soundClient().isEmpty() || second.soundClient().isEmpty()) {
            return CompletableFuture.failedFuture(
                    new MediaException("the sound server did not say which audio streams are each call's"));
        }
        long a = first.soundClient().getAsLong();
        long b = second.soundClient().getAsLong();
        return step(() -> {
            mix.get().merge(a, b, route.get().microphone(), route.get().speaker());
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> split() {
        return mix.isEmpty()
                ? CompletableFuture.completedFuture(null)
                : step(() -> {
                    mix.get().split();
                    // Back on the devices: the chosen ones, when chosen.
                    backOnTheDevices.run();
                    return null;
                });
    }

    @Override
    public CompletableFuture<Boolean> muteLeg(CallMediaControl leg, boolean muted) {
        if (mix.isEmpty() || leg.soundClient().isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        long client = leg.soundClient().getAsLong();
        return step(() -> mix.get().muteLeg(client, muted));
    }

    private interface Step<T> {
        T run() throws IOException;
    }

    private <T> CompletableFuture<T> step(Step<T> step) {
        CompletableFuture<T> done = new CompletableFuture<>();
        onRouterThread.accept(() -> {
            try {
                done.complete(step.run());
            } catch (IOException | RuntimeException e) {
                log.warn("Three-way call: {}", e.getMessage());
                done.completeExceptionally(
                        e instanceof MediaException
                                ? e
                                : new MediaException("The sound server could not mix the calls.", e));
            }
        });
        if (closed.getAsBoolean()) {
            done.completeExceptionally(new IllegalStateException("audio routing is closed"));
        }
        return done;
    }
}
