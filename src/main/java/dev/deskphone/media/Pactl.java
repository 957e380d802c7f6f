package dev.deskphone.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * PulseAudio's own command-line client, {@code pactl} (package pulseaudio-utils; PipeWire's
 * pipewire-pulse serves it too). Version 16 prints JSON ({@code -f json}), which is what we read.
 * Runs with the environment it is given, so it reaches the same server as libwebrtc does
 * ({@code PULSE_SERVER}, {@code XDG_RUNTIME_DIR}).
 */
class Pactl {
    static final long TIMEOUT_SECONDS = 5;

    private final Path executable;
    private final Map<String, String> environment;
    private final ObjectMapper json = new ObjectMapper();

    Pactl(Path executable, Map<String, String> environment) {
        this.executable = executable;
        this.environment = Map.copyOf(environment);
    }

    /** {@code pactl} from the environment's PATH, if there is one. */
    static Optional<Path> find(Map<String, String> environment) {
        return PulseAudioTools.find("pactl", environment);
    }

    /** {@code pactl -f json list ARGS}: an array of objects. */
    JsonNode list(String... what) throws IOException {
        List<String> args = new ArrayList<>(List.of("-f", "json", "list"));
        args.addAll(List.of(what));
        String out = run(args);
        JsonNode node = json.readTree(out.isBlank() ? "[]" : out);
        if (!node.isArray()) {
            throw new IOException("pactl list " + String.join(" ", what) + " did not print a JSON array");
        }
        return node;
    }

    /** {@code pactl -f json info}: the server, its default sink and source. */
    JsonNode info() throws IOException {
        JsonNode node = json.readTree(run(List.of("-f", "json", "info")));
        if (!node.isObject()) {
            throw new IOException("pactl info did not print a JSON object");
        }
        return node;
    }

    /** {@code pactl move-sink-input N SINK} and the like; fails with pactl's own message. */
    void command(String... args) throws IOException {
        run(List.of(args));
    }

    /** {@code pactl load-module ...} and the like: what it prints (a module's index). */
    String output(String... args) throws IOException {
        return run(List.of(args));
    }

    /** {@code pactl subscribe}: one line per server event, until the server goes away or it is destroyed. */
    Process subscribe() throws IOException {
        return builder(List.of("subscribe"))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private String run(List<String> args) throws IOException {
        // Output goes to a file, not a pipe: a sound server that hangs cannot block the reading
        // thread past the timeout, and a long listing cannot fill a pipe nobody reads yet.
        Path output = Files.createTempFile("deskphone-pactl", ".out");
        Process process = null;
        try {
            process = builder(args)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(
                        "pactl " + String.join(" ", args) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException("pactl " + String.join(" ", args) + ": " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for pactl", e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private ProcessBuilder builder(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        // pactl's messages are read by us, not shown: keep them in one language.
        builder.environment().put("LC_ALL", "C");
        return builder;
    }
}
