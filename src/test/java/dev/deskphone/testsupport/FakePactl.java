package dev.deskphone.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for PulseAudio's {@code pactl} on a PATH of its own: it answers the listings the
 * router reads from JSON files the test writes, logs every call, numbers loaded modules from 100 up
 * (one at a time, also when loaded at once), and prints the events the test gives it
 * ({@code subscribe} prints them until it is stopped). For the routing logic without a sound server;
 * the real one is exercised by CallAudioIT.
 */
public final class FakePactl {
    private final Path dir;

    public FakePactl(Path dir) throws IOException {
        this.dir = dir;
        Path script = dir.resolve("pactl");
        Files.writeString(script, """
                #!/bin/sh
                echo "$*" >> "$FAKE_PACTL_DIR/calls.log"
                case "$*" in
                  subscribe) exec /usr/bin/tail -n +1 -f "$FAKE_PACTL_DIR/events.log" ;;
                  "-f json list short sinks"|"-f json list sinks") /bin/cat "$FAKE_PACTL_DIR/sinks.json" ;;
                  "-f json list short sources"|"-f json list sources") /bin/cat "$FAKE_PACTL_DIR/sources.json" ;;
                  "-f json info") /bin/cat "$FAKE_PACTL_DIR/info.json" ;;
                  "-f json list sink-inputs") /bin/cat "$FAKE_PACTL_DIR/sink-inputs.json" ;;
                  "-f json list source-outputs") /bin/cat "$FAKE_PACTL_DIR/source-outputs.json" ;;
                  "-f json list clients") /bin/cat "$FAKE_PACTL_DIR/clients.json" ;;
                  move-*|unload-module*) ;;
                  load-module*)
                    want=$(/bin/sed -n "s/^$2 //p" "$FAKE_PACTL_DIR/together")
                    if [ -n "$want" ]; then
                      /bin/mkdir -p "$FAKE_PACTL_DIR/arrived/$2"
                      : > "$FAKE_PACTL_DIR/arrived/$2/$$"
                      tries=0
                      while [ "$(/bin/ls "$FAKE_PACTL_DIR/arrived/$2" | /usr/bin/wc -l)" -lt "$want" ]; do
                        tries=$((tries + 1))
                        if [ "$tries" -gt 80 ]; then echo "Failure: $2 loaded alone" >&2; exit 1; fi
                        /bin/sleep 0.05
                      done
                    fi
                    exec 9> "$FAKE_PACTL_DIR/next-module.lock"
                    /usr/bin/flock 9
                    n=$(/bin/cat "$FAKE_PACTL_DIR/next-module")
                    echo $((n + 1)) > "$FAKE_PACTL_DIR/next-module"
                    echo "$n $*" >> "$FAKE_PACTL_DIR/modules.log"
                    echo "$n" ;;
                  *) echo "Failure: unknown command $*" >&2; exit 1 ;;
                esac
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("next-module"), "100\n");
        Files.writeString(dir.resolve("together"), "");
        for (String file : List.of("sinks", "sources", "sink-inputs", "source-outputs", "clients")) {
            write(file, "[]");
        }
        write("info", "{}");
        Files.writeString(dir.resolve("calls.log"), "");
        Files.writeString(dir.resolve("modules.log"), "");
        Files.writeString(dir.resolve("events.log"), "");
    }

    /** What {@code pactl subscribe} prints next, one event per line ("Event 'new' on sink #5"). */
    public void event(String... lines) throws IOException {
        Files.writeString(
                dir.resolve("events.log"), String.join("\n", lines) + "\n", java.nio.file.StandardOpenOption.APPEND);
    }

    /** The index the fake gave the module loaded by {@code load} (a logged call, e.g. "load-module module-null-sink ..."). */
    public long moduleIndex(String load) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("modules.log"))) {
            int space = line.indexOf(' ');
            if (line.substring(space + 1).equals(load)) {
                return Long.parseLong(line.substring(0, space));
            }
        }
        throw new AssertionError("not loaded: " + load);
    }

    /** The environment to give the router: this pactl first on PATH. */
    public Map<String, String> environment() {
        return Map.of("PATH", dir.toString(), "FAKE_PACTL_DIR", dir.toString());
    }

    /** Sets what {@code pactl -f json list [short] NAME} (or {@code info}) prints. */
    public void write(String listing, String json) throws IOException {
        Files.writeString(dir.resolve(listing + ".json"), json);
    }

    /**
     * From now on each {@code load-module MODULE} waits (up to 4 s) until {@code count} loads of
     * that module have started, and fails if they never do: loads run one after the other fail.
     */
    public void requireLoadedTogether(String module, int count) throws IOException {
        Files.writeString(
                dir.resolve("together"), module + " " + count + "\n", java.nio.file.StandardOpenOption.APPEND);
    }

    /** Every call so far, one per line, without the program name. */
    public List<String> calls() throws IOException {
        return Files.readAllLines(dir.resolve("calls.log"));
    }

    public List<String> moves() throws IOException {
        return calls().stream().filter(call -> call.startsWith("move-")).toList();
    }
}
