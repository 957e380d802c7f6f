package dev.deskphone.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A private PulseAudio daemon for one test: null sinks as speakers and sine tones as
 * microphones, reachable only through a unix socket in the test's temp directory. Give each client
 * process {@link #clientEnvironment} to pick its microphone and speaker (libpulse reads PULSE_SOURCE
 * and PULSE_SINK as the defaults, which is what webrtc-java's audio module opens).
 */
public final class PulseAudioFixture implements AutoCloseable {
    /** A sine-wave microphone. */
    public record SineSource(String name, int frequencyHz) {}

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Process daemon;
    private final Path socket;
    private final Path log;

    private PulseAudioFixture(Process daemon, Path socket, Path log) {
        this.daemon = daemon;
        this.socket = socket;
        this.log = log;
    }

    /** Starts the daemon (as root it needs --system=false and its own HOME/runtime dirs). */
    public static PulseAudioFixture start(Path dir, List<SineSource> microphones, List<String> speakers)
            throws IOException, InterruptedException {
        Path pulseaudio = ExternalTools.require("pulseaudio");
        Path pactl = ExternalTools.require("pactl");
        Path socket = dir.resolve("pulse.sock");
        Path log = dir.resolve("pulseaudio.log");
        List<String> command = new ArrayList<>(List.of(
                pulseaudio.toString(),
                "--system=false",
                "--exit-idle-time=-1",
                "-n",
                "--daemonize=no",
                "--use-pid-file=false",
                "--disallow-exit",
                "--log-target=stderr",
                "--load=module-native-protocol-unix socket=" + socket + " auth-anonymous=1"));
        for (String speaker : speakers) {
            command.add(
                    "--load=module-null-sink sink_name=" + speaker + " sink_properties=device.description=" + speaker);
        }
        for (SineSource mic : microphones) {
            // Not module-sine-source: it hands out audio in 2-second blocks, so a call would carry
            // bursts and gaps. A sine played into a null sink, whose monitor is remapped to the
            // microphone's name, delivers steady 10 ms blocks like a real capture device.
            String generator = mic.name() + "_tone";
            command.add("--load=module-null-sink sink_name=" + generator + " sink_properties=device.description="
                    + generator);
            command.add("--load=module-sine sink=" + generator + " frequency=" + mic.frequencyHz());
            command.add("--load=module-remap-source source_name=" + mic.name() + " master=" + generator + ".monitor"
                    + " source_properties=device.description=" + mic.name());
        }
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        Path home = Files.createDirectories(dir.resolve("pulse-home"));
        env.put("HOME", home.toString());
        env.put("XDG_RUNTIME_DIR", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("config").toString());
        env.remove("PULSE_SERVER");
        PulseAudioFixture fixture = new PulseAudioFixture(builder.start(), socket, log);
        fixture.awaitReady(pactl, 3 * microphones.size() + speakers.size());
        return fixture;
    }

    private void awaitReady(Path pactl, int expectedDevices) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!daemon.isAlive()) {
                throw new IllegalStateException(
                        "pulseaudio exited with " + daemon.exitValue() + ": " + Files.readString(log));
            }
            if (Files.exists(socket)) {
                ProcessBuilder list =
                        new ProcessBuilder(pactl.toString(), "list", "short", "modules").redirectErrorStream(true);
                list.environment().put("PULSE_SERVER", serverAddress());
                Process p = list.start();
                String out = new String(p.getInputStream().readAllBytes());
                if (p.waitFor() == 0
                        && out.lines()
                                        .filter(l -> l.contains("module-null-sink")
                                                || l.contains("module-sine")
                                                || l.contains("module-remap-source"))
                                        .count()
                                == expectedDevices) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        close();
        throw new IllegalStateException(
                "pulseaudio did not start within " + START_TIMEOUT + ": " + Files.readString(log));
    }

    /** The value of PULSE_SERVER for clients. */
    public String serverAddress() {
        return "unix:" + socket;
    }

    /** Environment for a client process that records from {@code microphone} and plays to {@code speaker}. */
    public Map<String, String> clientEnvironment(String microphone, String speaker) {
        Map<String, String> env = new HashMap<>();
        env.put("PULSE_SERVER", serverAddress());
        env.put("PULSE_SOURCE", microphone);
        env.put("PULSE_SINK", speaker);
        return env;
    }

    public Path log() {
        return log;
    }

    @Override
    public void close() {
        Processes.stop(daemon);
    }
}
