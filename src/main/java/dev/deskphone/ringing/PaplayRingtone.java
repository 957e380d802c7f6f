package dev.deskphone.ringing;

import dev.deskphone.media.PulseAudioTools;
import dev.deskphone.platform.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the ringtone on one PulseAudio sink with {@code paplay --device} (pulseaudio-utils, like
 * the call-audio routing: ADR 0009), looped until stopped. For agents who want calls announced on
 * the laptop's speakers while they talk on the headset. Its own thread starts and ends the player,
 * so the FX thread never waits for a process.
 */
public final class PaplayRingtone {
    private static final Logger log = LoggerFactory.getLogger(PaplayRingtone.class);

    private final Path paplay;
    private final Path wav;
    private final Map<String, String> environment;
    private final ExecutorService player = Executors.newSingleThreadExecutor(Threads.named("deskphone-ringer"));
    // Guarded by this.
    private Process playing;
    private long generation;

    private PaplayRingtone(Path paplay, Path wav, Map<String, String> environment) {
        this.paplay = paplay;
        this.wav = wav;
        this.environment = Map.copyOf(environment);
    }

    /**
     * The player, when {@code paplay} is on the environment's PATH; the bundled ringtone is copied
     * into {@code dataDir} (paplay reads files, not jar resources).
     */
    public static Optional<PaplayRingtone> find(Map<String, String> environment, Path dataDir) {
        Optional<Path> paplay = PulseAudioTools.find("paplay", environment);
        if (paplay.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream ring = PaplayRingtone.class.getResourceAsStream(ClipRingtone.RESOURCE)) {
            if (ring == null) {
                throw new IOException("missing from the build: " + ClipRingtone.RESOURCE);
            }
            Path wav = dataDir.resolve("ring.wav");
            Files.copy(ring, wav, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(new PaplayRingtone(paplay.get(), wav, environment));
        } catch (IOException e) {
            log.warn("No ringtone on a chosen device: {}", e.toString());
            return Optional.empty();
        }
    }

    /** Rings on {@code device} until {@link #stop()}; any thread. */
    void start(String device) {
        long ring;
        synchronized (this) {
            ring = ++generation;
        }
        player.execute(() -> loop(ring, device));
    }

    /** Stops ringing now; any thread. */
    void stop() {
        synchronized (this) {
            generation++;
            if (playing != null) {
                playing.destroy();
            }
        }
    }

    private void loop(long ring, String device) {
        while (true) {
            Process process;
            synchronized (this) {
                if (ring != generation) {
                    return;
                }
                try {
                    ProcessBuilder builder = new ProcessBuilder(paplay.toString(), "--device=" + device, wav.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
                    builder.environment().putAll(environment);
                    process = builder.start();
                    playing = process;
                } catch (IOException e) {
                    log.warn("Cannot ring on '{}': {}", device, e.toString());
                    return;
                }
            }
            try {
                if (process.waitFor() != 0 && ring == currentGeneration()) {
                    log.warn(
                            "Ringing on '{}' failed (paplay exit {}): is the device still connected?",
                            device,
                            process.exitValue());
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized long currentGeneration() {
        return generation;
    }
}
