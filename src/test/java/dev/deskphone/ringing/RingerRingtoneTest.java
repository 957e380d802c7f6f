package dev.deskphone.ringing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RingerRingtoneTest {
    @TempDir
    Path dir;

    private final List<String> systemDefault = new ArrayList<>();
    private final IncomingCallAlerts.Ringtone clip = new IncomingCallAlerts.Ringtone() {
        @Override
        public void start() {
            systemDefault.add("start");
        }

        @Override
        public void stop() {
            systemDefault.add("stop");
        }
    };

    /** A paplay that logs its arguments and plays for 10 s (or until killed). */
    private Map<String, String> fakePaplay() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path script = bin.resolve("paplay");
        Files.writeString(script, "#!/bin/sh\necho \"$@\" >> \"$RING_LOG\"\nexec /bin/sleep 10\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return Map.of(
                "PATH", bin.toString(), "RING_LOG", dir.resolve("ring.log").toString());
    }

    @Test
    void withNoRingingDeviceChosenTheSystemDefaultRings() throws Exception {
        Optional<PaplayRingtone> paplay = PaplayRingtone.find(fakePaplay(), dir);
        RingerRingtone ringtone = new RingerRingtone(Optional::empty, clip, paplay);

        ringtone.start();
        ringtone.stop();

        assertThat(systemDefault).containsExactly("start", "stop");
        assertThat(dir.resolve("ring.log")).doesNotExist();
    }

    @Test
    void aChosenDeviceRingsThroughPaplayWithTheBundledToneUntilStopped() throws Exception {
        AtomicReference<Optional<String>> chosen = new AtomicReference<>(Optional.of("laptop-speakers"));
        Optional<PaplayRingtone> paplay = PaplayRingtone.find(fakePaplay(), dir);
        assertThat(paplay).isPresent();
        RingerRingtone ringtone = new RingerRingtone(chosen::get, clip, paplay);

        ringtone.start();
        Path log = dir.resolve("ring.log");
        awaitLine(log);
        assertThat(Files.readString(log)).startsWith("--device=laptop-speakers " + dir.resolve("ring.wav"));
        assertThat(Files.size(dir.resolve("ring.wav")))
                .as("the bundled WAV, copied for paplay")
                .isGreaterThan(1000);
        ringtone.stop();
        assertThat(systemDefault).isEmpty();

        assertThat(ProcessHandle.current()
                        .descendants()
                        .filter(p -> p.info().commandLine().orElse("").contains("sleep 10"))
                        .map(p -> p.onExit())
                        .toList())
                .allSatisfy(exit -> assertThat(exit).succeedsWithin(Duration.ofSeconds(5)));
    }

    @Test
    void withoutPaplayAChosenDeviceFallsBackToTheSystemDefault() {
        RingerRingtone ringtone = new RingerRingtone(
                () -> Optional.of("laptop-speakers"),
                clip,
                PaplayRingtone.find(Map.of("PATH", dir.resolve("none").toString()), dir));

        ringtone.start();

        assertThat(systemDefault).containsExactly("start");
    }

    /** Waits for the fake paplay's whole line: the shell creates the file before it writes to it. */
    private static void awaitLine(Path file) throws Exception {
        Instant deadline = Instant.now().plusSeconds(10);
        while (!(Files.exists(file) && Files.readString(file).endsWith("\n"))
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
    }
}
