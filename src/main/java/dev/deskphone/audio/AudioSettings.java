package dev.deskphone.audio;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.media.AudioDevices;
import dev.deskphone.media.AudioEndpoint;
import dev.deskphone.media.AudioRouter;
import dev.deskphone.state.AudioChoices;
import dev.deskphone.state.DesktopStateStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's choice of microphone and speaker for calls: offered to the page's settings (the
 * {@code audio-devices} message), changed by it ({@code audio-select}) or by the instance
 * channel's {@code audio} command, remembered in desktop.json, and handed to the
 * {@link AudioRouter}, which moves the call audio (calls in progress included).
 *
 * <p>Page messages arrive on the FX thread and are answered asynchronously; nothing here blocks it.
 */
public final class AudioSettings {
    private static final Logger log = LoggerFactory.getLogger(AudioSettings.class);
    private static final Duration INSTANCE_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<CompletableFuture<AudioDevices>> devices;
    private final AudioRouter router;
    private final DesktopStateStore store;
    private final Consumer<Map<String, Object>> page;

    /**
     * @param devices lists the devices now (the router's; fails when the sound server does not answer)
     * @param page sends a message to the page (PageApi.post; any thread)
     */
    public AudioSettings(
            Supplier<CompletableFuture<AudioDevices>> devices,
            AudioRouter router,
            DesktopStateStore store,
            Consumer<Map<String, Object>> page) {
        this.devices = devices;
        this.router = router;
        this.store = store;
        this.page = page;
    }

    /** Routes calls to the remembered devices (from launch on, before any call). */
    public void start() {
        AudioChoices remembered = store.get().audioChoices();
        router.route(remembered.route());
        log.info(
                "Audio: microphone {}, speaker {}, ringing {}",
                describe(remembered.microphone()),
                describe(remembered.speaker()),
                describe(remembered.ringer()));
    }

    /** The page's {@code audio-devices-request} and {@code audio-select} (FX thread). */
    public void pageMessage(String type, JsonNode message) {
        switch (type) {
            case "audio-devices-request" -> publish();
            case "audio-select" -> {
                String requestId = message.path("requestId").asText("");
                // null (or "") is the system default; a field left out stays as it is.
                select(field(message, "microphone"), field(message, "speaker"), field(message, "ringer"))
                        .whenComplete((errors, failure) -> {
                            Map<String, Object> result = new LinkedHashMap<>();
                            result.put("type", "audio-select-result");
                            result.put("requestId", requestId);
                            // The sound server's own words (pactl's output) are for the administrator:
                            // the agent reads a sentence, Settings' details and the log have the rest.
                            Map<String, String> problems = failure != null
                                    ? Map.of("_form", "The sound server did not answer, so the device was not changed.")
                                    : errors;
                            result.put("ok", problems.isEmpty());
                            if (!problems.isEmpty()) {
                                result.put("errors", problems);
                            }
                            if (failure != null) {
                                log.warn("Choosing an audio device failed: {}", rootMessage(failure));
                                result.put("detail", rootMessage(failure));
                            }
                            page.accept(result);
                            publish();
                        });
            }
            default -> throw new IllegalArgumentException("unknown message type '" + type + "'");
        }
    }

    /** A microphone or speaker came or went: the page's lists follow. */
    public void devicesChanged() {
        publish();
    }

    /**
     * The instance channel's {@code audio} command: with {@code microphone}, {@code speaker} and/or {@code ringer}
     * (a device id, or "" for the system default) it chooses them; it always answers with the
     * devices and the choice. Blocks (the instance channel's thread, bounded).
     *
     * @throws IllegalArgumentException naming the field when a device is not connected
     */
    public Map<String, Object> instanceCommand(JsonNode request) {
        String microphone = field(request, "microphone");
        String speaker = field(request, "speaker");
        String ringer = field(request, "ringer");
        if (microphone != null || speaker != null || ringer != null) {
            Map<String, String> errors = await(select(microphone, speaker, ringer));
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", errors.values()));
            }
            publish();
        }
        return await(message());
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(INSTANCE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("audio: interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("audio: " + rootMessage(e));
        }
    }

    /** For the status report: what is chosen, and whether it can be routed here. */
    public Map<String, Object> status() {
        AudioChoices chosen = store.get().audioChoices();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("microphone", chosen.route().microphone().orElse(null));
        status.put("speaker", chosen.route().speaker().orElse(null));
        status.put("ringer", chosen.ringerId().orElse(null));
        status.put("routing", router.unavailableReason().isPresent() ? "unavailable" : "pulseaudio");
        return status;
    }

    /**
     * Checks the choice against the devices connected now, then remembers and routes it. Each
     * argument: null leaves that device as it is, an empty one means the system default.
     *
     * @return field → error; empty when the choice was taken
     */
    private CompletableFuture<Map<String, String>> select(String microphone, String speaker, String ringer) {
        if (router.unavailableReason().isPresent()) {
            return CompletableFuture.completedFuture(
                    Map.of("_form", router.unavailableReason().get()));
        }
        return devices.get().thenApply(available -> {
            AudioChoices current = store.get().audioChoices();
            Map<String, String> errors = new LinkedHashMap<>();
            AudioChoices.Device mic = microphone == null
                    ? current.microphone()
                    : resolve("microphone", microphone, current.microphone(), available.microphones(), errors);
            AudioChoices.Device spk = speaker == null
                    ? current.speaker()
                    : resolve("speaker", speaker, current.speaker(), available.speakers(), errors);
            AudioChoices.Device ring = ringer == null
                    ? current.ringer()
                    : resolve("ringer", ringer, current.ringer(), available.speakers(), errors);
            if (errors.isEmpty()) {
                AudioChoices next = new AudioChoices(mic, spk, ring);
                store.update(state -> state.withAudio(next));
                router.route(next.route());
                log.info(
                        "Audio chosen: microphone {}, speaker {}, ringing {}",
                        describe(mic),
                        describe(spk),
                        describe(ring));
            }
            return errors;
        });
    }

    /** The device for {@code wanted}: null for the default, the remembered one if unchanged, else a connected one. */
    static AudioChoices.Device resolve(
            String field,
            String wanted,
            AudioChoices.Device current,
            List<AudioEndpoint> connected,
            Map<String, String> errors) {
        String id = wanted.trim();
        if (id.isEmpty()) {
            return null;
        }
        if (current != null && current.id().equals(id)) {
            return current; // unchanged, even while it is unplugged
        }
        Optional<AudioEndpoint> device =
                connected.stream().filter(d -> d.id().equals(id)).findFirst();
        if (device.isEmpty()) {
            errors.put(
                    field,
                    field + ": no " + field + " '" + id + "' is connected (connected: "
                            + (connected.isEmpty()
                                    ? "none"
                                    : String.join(
                                            ", ",
                                            connected.stream()
                                                    .map(AudioEndpoint::id)
                                                    .toList()))
                            + ")");
            return current;
        }
        return new AudioChoices.Device(device.get().id(), device.get().name());
    }

    /** Sends the devices and the choice to the page. */
    private void publish() {
        message().whenComplete((message, failure) -> {
            if (failure != null) {
                log.warn("Could not list the audio devices: {}", rootMessage(failure));
            } else {
                page.accept(message);
            }
        });
    }

    private CompletableFuture<Map<String, Object>> message() {
        return devices.get().handle((available, failure) -> {
            if (failure != null) {
                log.warn("Audio devices unknown: {}", rootMessage(failure));
            }
            Map<String, Object> message = AudioDevicesMessage.of(
                    failure == null ? available : AudioDevices.NONE,
                    store.get().audioChoices(),
                    failure == null
                            ? router.unavailableReason()
                            : Optional.of("The sound server did not answer: calls use the system default devices."));
            if (failure != null) {
                // What it answered (pactl's error) goes to Settings' details for the administrator.
                message.put("detail", rootMessage(failure));
            }
            return message;
        });
    }

    /** A device id, "" for the system default (JSON null too), or null when the field is left out. */
    private static String field(JsonNode message, String name) {
        return message.has(name) ? message.path(name).asText("") : null;
    }

    private static String describe(AudioChoices.Device device) {
        return device == null ? "system default" : "'" + device.name() + "' (" + device.id() + ")";
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null
                && (cause instanceof java.util.concurrent.CompletionException
                        || cause instanceof java.util.concurrent.ExecutionException)) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
