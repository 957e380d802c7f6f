package dev.deskphone.media;

import dev.deskphone.media.PulseStreams.Direction;
import dev.deskphone.media.PulseStreams.Event;
import dev.deskphone.media.PulseStreams.Stream;
import dev.deskphone.platform.Threads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the call audio on the microphone and speaker the agent chose (ADR 0009). libwebrtc always
 * opens PulseAudio's default devices, so this moves its streams, the way the desktop's sound
 * settings would: at once when the choice changes (a call in progress switches), and whenever a
 * new stream of ours appears or the chosen device is plugged in. An empty choice leaves the
 * system default alone.
 *
 * <p>It also wires three-way calls ({@link #threeWayMix()}, ADR 0015): the merged calls' streams go
 * to the mix's null sinks, not to the chosen devices, and the mix's loopbacks use those devices.
 *
 * <p>Talks to the sound server with {@code pactl} on its own thread, never the FX or media
 * thread: a slow or missing sound server costs only routing, never a call.
 */
public final class AudioRouter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AudioRouter.class);
    /** Events come in bursts (a stream's new, change, change...): one look after the burst. */
    private static final Duration SETTLE = Duration.ofMillis(30);
    /**
     * Device events come in longer bursts: a headset's sink and source, a three-way call's four null
     * sinks and their monitors. Listeners (the page's device list, the spare media stack) each ask the
     * sound server again, so they hear once, this long after the last event of a burst.
     */
    static final Duration DEVICES_SETTLE = Duration.ofMillis(300);

    private static final Duration RESUBSCRIBE_MIN = Duration.ofSeconds(1);
    private static final Duration RESUBSCRIBE_MAX = Duration.ofSeconds(30);

    private final Optional<Pactl> pactl;
    private final String unavailableReason;
    private final long pid;
    private final List<Runnable> devicesChanged = new CopyOnWriteArrayList<>();
    private final List<Runnable> routeChanged = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService worker;
    private final PactlBatch pactlBatch = new PactlBatch();
    private final Optional<MixWiring> mix;
    private final ThreeWayMix threeWayMix;

    // Worker thread only.
    private final Set<String> reportedMissing = new HashSet<>();
    private AudioRoute route = AudioRoute.SYSTEM_DEFAULT;
    private ScheduledFuture<?> pendingApply;
    private ScheduledFuture<?> pendingDevicesChanged;
    private Process subscription;
    private Duration resubscribeDelay = RESUBSCRIBE_MIN;
    private volatile boolean closed;

    private AudioRouter(Optional<Pactl> pactl, String unavailableReason, long pid, Runnable devicesChanged) {
        this.pactl = pactl;
        this.unavailableReason = unavailableReason;
        this.pid = pid;
        this.devicesChanged.add(devicesChanged);
        this.worker = Executors.newSingleThreadScheduledExecutor(Threads.named("deskphone-audio-routing"));
        this.mix = pactl.map(p -> new MixWiring(p, pactlBatch, pid));
        this.threeWayMix = new SoundServerMix(mix, this::onWorker, () -> closed, () -> route, this::apply);
    }

    /**
     * Starts routing the streams of process {@code pid} (this one, in the app) with {@code pactl}
     * from {@code environment}'s PATH; without pactl the router reports itself unavailable and
     * calls use the system default devices.
     *
     * @param devicesChanged called (on the router's thread) when a microphone or speaker comes or goes
     */
    public static AudioRouter start(long pid, Map<String, String> environment, Runnable devicesChanged) {
        Optional<java.nio.file.Path> executable = Pactl.find(environment);
        if (executable.isEmpty()) {
            String reason = "Choosing devices needs PulseAudio's pactl (Debian package pulseaudio-utils); "
                    + "calls use the system default microphone and speaker.";
            log.warn("Audio routing unavailable: {}", reason);
            return new AudioRouter(Optional.empty(), reason, pid, devicesChanged);
        }
        AudioRouter router =
                new AudioRouter(Optional.of(new Pactl(executable.get(), environment)), null, pid, devicesChanged);
        router.worker.execute(router::subscribe);
        return router;
    }

    /**
     * Starts routing as {@link #start(long, Map, Runnable)}, telling nobody yet of device changes:
     * whoever shows the devices subscribes with {@link #onDevicesChanged}.
     */
    public static AudioRouter start(long pid, Map<String, String> environment) {
        return start(pid, environment, () -> {});
    }

    /** Also calls {@code listener} (on the router's thread) when a microphone or speaker comes or goes. */
    public void onDevicesChanged(Runnable listener) {
        devicesChanged.add(listener);
    }

    /** Also calls {@code listener} (on the router's thread) when the agent chooses other devices. */
    public void onRouteChanged(Runnable listener) {
        routeChanged.add(listener);
    }

    /** Three-way calls, mixed in the sound server on this router's thread. */
    public ThreeWayMix threeWayMix() {
        return threeWayMix;
    }

    /** Why devices cannot be chosen here, or empty when they can. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailableReason);
    }

    /**
     * The microphones and speakers the sound server offers now (they change when headsets are
     * plugged); none when devices cannot be chosen here. Fails when the server does not answer.
     */
    public CompletableFuture<AudioDevices> devices() {
        if (pactl.isEmpty()) {
            return CompletableFuture.completedFuture(AudioDevices.NONE);
        }
        CompletableFuture<AudioDevices> devices = new CompletableFuture<>();
        onWorker(() -> {
            try {
                devices.complete(PulseStreams.devices(
                        pactl.get().list("sinks"),
                        pactl.get().list("sources"),
                        pactl.get().info()));
            } catch (IOException | RuntimeException e) {
                devices.completeExceptionally(e);
            }
        });
        if (closed) {
            devices.completeExceptionally(new IllegalStateException("audio routing is closed"));
        }
        return devices;
    }

    /** Uses these devices from now on; calls in progress move at once. Any thread. */
    public void route(AudioRoute next) {
        if (pactl.isEmpty() || closed) {
            return;
        }
        onWorker(() -> {
            AudioRoute previous = route;
            route = next;
            if (!next.equals(previous)) {
                routeChanged.forEach(Runnable::run);
            }
            for (Direction direction : Direction.values()) {
                if (wanted(previous, direction).isPresent()
                        && wanted(next, direction).isEmpty()) {
                    // Back to the system default: what we moved goes back (and PulseAudio forgets
                    // the stream's preferred device when it is moved to the default one).
                    moveOurs(direction, direction.systemDefault);
                }
            }
            apply();
        });
    }

    private static Optional<String> wanted(AudioRoute route, Direction direction) {
        return direction == Direction.SPEAKER ? route.speaker() : route.microphone();
    }

    private void scheduleApply() {
        if (pendingApply == null || pendingApply.isDone()) {
            pendingApply = worker.schedule(this::apply, SETTLE.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Tells the device listeners once, {@link #DEVICES_SETTLE} after the last device event of a burst. */
    private void scheduleDevicesChanged() {
        if (pendingDevicesChanged != null) {
            pendingDevicesChanged.cancel(false);
        }
        pendingDevicesChanged = worker.schedule(
                () -> devicesChanged.forEach(Runnable::run), DEVICES_SETTLE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Moves each stream of ours that is not on the chosen device, when that device is there. */
    private void apply() {
        if (closed) {
            return;
        }
        mix.ifPresent(MixWiring::moveLegs);
        for (Direction direction : Direction.values()) {
            Optional<String> wanted = wanted(route, direction);
            if (wanted.isEmpty()) {
                continue;
            }
            try {
                Map<Long, String> devices = PulseStreams.deviceNames(pactl.get().list("short", direction.devices));
                if (!devices.containsValue(wanted.get())) {
                    if (reportedMissing.add(direction.field + ":" + wanted.get())) {
                        log.info(
                                "The chosen {} '{}' is not connected: calls use the system default until it is",
                                direction.field,
                                wanted.get());
                    }
                    continue;
                }
                reportedMissing.remove(direction.field + ":" + wanted.get());
                for (Stream stream : PulseStreams.callStreams(pactl.get().list(direction.streams), direction, pid)) {
                    if (!merged(stream) && !wanted.get().equals(devices.get(stream.device()))) {
                        pactl.get().command(direction.moveCommand, Long.toString(stream.index()), wanted.get());
                        log.info("Call audio: {} moved to '{}'", direction.field, wanted.get());
                    }
                }
            } catch (IOException e) {
                log.warn("Call audio: could not route the {}: {}", direction.field, e.getMessage());
            }
        }
    }

    private void moveOurs(Direction direction, String device) {
        try {
            for (Stream stream : PulseStreams.callStreams(pactl.get().list(direction.streams), direction, pid)) {
                if (!merged(stream)) {
                    pactl.get().command(direction.moveCommand, Long.toString(stream.index()), device);
                }
            }
        } catch (IOException e) {
            log.warn("Call audio: could not move the {} to {}: {}", direction.field, device, e.getMessage());
        }
    }

    /** A stream of a merged call: the mix places it, not the route. */
    private boolean merged(Stream stream) {
        return mix.map(m -> m.merged(stream.client())).orElse(false);
    }

    /**
     * This process's sound-server clients, asked synchronously (the media engine asks around opening
     * a call's device module); none without pactl or when the server does not answer.
     */
    public SoundClients soundClients() {
        if (pactl.isEmpty()) {
            return SoundClients.NONE;
        }
        Pactl client = pactl.get();
        return () -> {
            try {
                return PulseStreams.clients(client.list("clients"), pid);
            } catch (IOException e) {
                log.warn("Call audio: could not list the sound server's clients: {}", e.getMessage());
                return Set.of();
            }
        };
    }

    /** Follows the sound server's events; when it goes away (restarted), subscribes again with backoff. */
    private void subscribe() {
        if (closed) {
            return;
        }
        try {
            subscription = pactl.get().subscribe();
        } catch (IOException e) {
            log.warn(
                    "Call audio: cannot follow the sound server ({}); retrying in {} s",
                    e.getMessage(),
                    resubscribeDelay.toSeconds());
            resubscribeLater();
            return;
        }
        Process process = subscription;
        Threads.start("deskphone-audio-events", () -> readEvents(process));
        // Streams opened before we listened (or while the server was away) get routed too.
        apply();
    }

    private void readEvents(Process process) {
        boolean sawEvent = false;
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                sawEvent = true;
                Event event = Event.of(line);
                if (event == Event.NEW_STREAM) {
                    onWorker(this::scheduleApply);
                } else if (event == Event.DEVICES_CHANGED) {
                    onWorker(() -> {
                        scheduleApply();
                        scheduleDevicesChanged();
                    });
                }
            }
        } catch (IOException e) {
            log.debug("Sound server events ended: {}", e.toString());
        }
        if (!closed) {
            boolean stable = sawEvent;
            onWorker(() -> {
                if (stable) {
                    resubscribeDelay = RESUBSCRIBE_MIN;
                }
                log.warn(
                        "Call audio: lost the sound server's events; following again in {} s",
                        resubscribeDelay.toSeconds());
                resubscribeLater();
            });
        }
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("Audio routing closed; event dropped");
        }
    }

    private void resubscribeLater() {
        if (!closed) {
            worker.schedule(this::subscribe, resubscribeDelay.toMillis(), TimeUnit.MILLISECONDS);
            Duration doubled = resubscribeDelay.multipliedBy(2);
            resubscribeDelay = doubled.compareTo(RESUBSCRIBE_MAX) > 0 ? RESUBSCRIBE_MAX : doubled;
        }
    }

    /** Completes once the work queued so far (routing, moves) is done: for tests. */
    CompletableFuture<Void> idle() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onWorker(() -> done.complete(null));
        return done;
    }

    @Override
    public void close() {
        // Modules we loaded would outlive us in the sound server.
        mix.ifPresent(m -> onWorker(m::split));
        closed = true;
        onWorker(() -> {
            if (subscription != null) {
                subscription.destroy();
            }
        });
        worker.shutdown();
        try {
            worker.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pactlBatch.close();
    }
}
