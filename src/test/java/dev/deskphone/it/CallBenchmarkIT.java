package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.ExternalTools;
import dev.deskphone.testsupport.Processes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls benchmark (benchmarks.md, "Calls") on CallAudioIT's set-up: two packaged apps, Kamailio
 * and PulseAudio in a network namespace. Not part of CI (failsafe excludes *BenchmarkIT).
 */
class CallBenchmarkIT extends CallAudioIT {
    private static final Logger log = LoggerFactory.getLogger(CallBenchmarkIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GARBAGE_SETTLE = Duration.ofSeconds(3);
    /** After the last call, before the last reading: long enough for the call's own threads to end. */
    private static final Duration IDLE_AFTER_LAST_CALL = Duration.ofSeconds(10);
    /** The curve as a table, also printed. */
    private static final Path CURVE = LOGS.resolve("benchmark-curve.md");
    /**
     * Each call's wrap-up ends on its own this long after the call, as with an agent who presses Done: without
     * it every call would leave its wrap-up form open, and the pages would measure 100 open forms.
     */
    private static final int WRAPUP_SECONDS = 1;

    @Override
    String[] launchOptions() {
        return new String[] {"--wrapup-seconds", String.valueOf(WRAPUP_SECONDS)};
    }

    /**
     * Benchmark, run on request ({@code -Dit.test=CallBenchmarkIT}), after the call tests: sequential calls A -> B (B
     * auto-answers); dial -> established as the caller's page measured it (INVITE sent to 200 OK
     * handled), and each app's resident memory (as found, and once garbage is collected), threads, open
     * file descriptors and sound-server clients at call 10, every 50 calls, and once idle after the last.
     * Each call is wrapped up (the wrap-up timer) before the next one is dialled. Fails when the calls
     * left threads, descriptors, sound-server clients or peer connections behind.
     */
    @Test
    @Order(50)
    // Not the failsafe default of 5 minutes: 1,000 calls take about 50 (and need -Dfailsafe.forkTimeout, pom.xml).
    @Timeout(value = 3, unit = TimeUnit.HOURS)
    void benchmarkSequentialCalls() throws Exception {
        int calls = Integer.getInteger("deskphone.benchmark.calls", 100);
        List<Long> setupMs = new ArrayList<>();
        BenchmarkCurve curve = new BenchmarkCurve(List.of("A", "B"));
        Map<String, String> serverClients = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= calls; i++) {
            testStartedAt = System.currentTimeMillis();
            // What `deskphone dial 1002` sends: the agent typed it, so the page dials without asking.
            JsonNode dialled = a.request("dial", "target", "1002", "origin", "cli");
            assertThat(dialled.path("ok").asBoolean())
                    .as("dial reply %s", dialled)
                    .isTrue();
            awaitCall(b, "B answered", c -> "established".equals(c.path("state").asText()));
            awaitCall(
                    a,
                    "A established",
                    c -> "established".equals(c.path("state").asText()));
            a.request("call", "action", "hangup");
            JsonNode ended = awaitEnded(a);
            JsonNode endedAtB = awaitEnded(b);
            // The agent's next call comes once this one is wrapped up (an ACD routes none before).
            a.awaitWrappedUp(ended.path("callId").asText(), CALL_TIMEOUT.plusSeconds(WRAPUP_SECONDS));
            b.awaitWrappedUp(endedAtB.path("callId").asText(), CALL_TIMEOUT.plusSeconds(WRAPUP_SECONDS));
            for (DeskphoneProcess app : List.of(a, b)) {
                app.awaitStatus(
                        "no live peer connection",
                        CALL_TIMEOUT,
                        s -> s.path("livePeerConnections").asInt() == 0);
            }
            setupMs.add(
                    ended.path("answeredAt").asLong() - ended.path("createdAt").asLong());
            if (i == 10 || (i % 50 == 0 && i < calls)) {
                read(curve, i, serverClients);
                // As it goes: a run that is stopped keeps the curve so far.
                Files.writeString(CURVE, curve.table());
            }
            if (i == 10) {
                memoryBreakdown(a, "a-after-" + i, "baseline");
                memoryBreakdown(b, "b-after-" + i, "baseline");
            }
        }
        // Once idle: what is still there now stays for good.
        Thread.sleep(IDLE_AFTER_LAST_CALL.toMillis());
        read(curve, calls, serverClients);
        memoryBreakdown(a, "a-after-" + calls, "summary.diff");
        memoryBreakdown(b, "b-after-" + calls, "summary.diff");
        JsonNode statusA = a.status().orElseThrow();
        JsonNode statusB = b.status().orElseThrow();
        List<Long> sorted = setupMs.stream().sorted().toList();
        List<Long> first20 = setupMs.subList(0, Math.min(20, setupMs.size())).stream()
                .sorted()
                .toList();
        String table = String.format(
                "Each app at call 10, every 50 calls, and (last row) %d s idle after call %d; \"once collected\": "
                        + "Java GC, then JavaScript GC, %d s; sound clients: the app's own clients of the sound server%n%n%s%n%s"
                        + "sound server's clients in all (both apps, the test's recorders): %s%n"
                        + "idle after the last call: live peer connections A %d, B %d; call media A %d, B %d%n",
                IDLE_AFTER_LAST_CALL.toSeconds(),
                calls,
                GARBAGE_SETTLE.toSeconds(),
                curve.table(),
                curve.summary(),
                serverClients,
                statusA.path("livePeerConnections").asInt(),
                statusB.path("livePeerConnections").asInt(),
                statusA.path("mediaCalls").asInt(),
                statusB.path("mediaCalls").asInt());
        String result = String.format(
                "calls: %d%ndial -> established, first 20 calls: median %d ms, p95 %d ms, max %d ms%n"
                        + "dial -> established, all calls: median %d ms, p95 %d ms%n%s"
                        + "dial -> established of each call, in order (ms): %s%n",
                calls,
                percentile(first20, 50),
                percentile(first20, 95),
                first20.get(first20.size() - 1),
                percentile(sorted, 50),
                percentile(sorted, 95),
                table,
                setupMs);
        Files.writeString(LOGS.resolve("benchmark.txt"), result);
        Files.writeString(CURVE, table);
        log.info("Calls benchmark (also in {}):\n{}", CURVE.toAbsolutePath(), table);
        numbers.add(result);
        assertThat(curve.leftBehind()).as("what the calls left behind").isEmpty();
        for (JsonNode status : List.of(statusA, statusB)) {
            assertThat(status.path("livePeerConnections").asInt())
                    .as("live peer connections")
                    .isZero();
            assertThat(status.path("mediaCalls").asInt()).as("open call media").isZero();
        }
    }

    /** One reading of both apps after {@code call} calls, the server's client count beside it. */
    private void read(BenchmarkCurve curve, int call, Map<String, String> serverClients) throws Exception {
        JsonNode clients = soundServerClients();
        serverClients.put(Integer.toString(call), Integer.toString(clients.size()));
        for (DeskphoneProcess app : List.of(a, b)) {
            long pid = app.status().orElseThrow().path("pid").asLong();
            long raw = rssKb(app);
            // Again once garbage is collected: the raw figure also holds however much garbage the
            // heaps happened to have, which alone moves a 10-call reading by ~10 MB.
            long collected = rssAfterFullGcKb(app);
            curve.add(new BenchmarkCurve.Reading(
                    call,
                    app == a ? "A" : "B",
                    raw,
                    collected,
                    (int) statusField(pid, "Threads:"),
                    openFds(pid),
                    clientsOf(clients, pid)));
        }
    }

    /** The sound server's clients ({@code pactl -f json list clients}), reached the way the apps reach it. */
    private JsonNode soundServerClients() throws Exception {
        ProcessBuilder pactl = new ProcessBuilder(
                        ExternalTools.require("pactl").toString(), "-f", "json", "list", "clients")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pactl.environment().put("PULSE_SERVER", a.env().get("PULSE_SERVER"));
        Process process = pactl.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError("pactl list clients failed");
        }
        return JSON.readTree(out);
    }

    /** Clients whose process is the app itself: its calls' device modules (pactl runs as a child). */
    private static int clientsOf(JsonNode clients, long pid) {
        int count = 0;
        for (JsonNode client : clients) {
            if (Long.toString(pid)
                    .equals(client.path("properties")
                            .path("application.process.id")
                            .asText())) {
                count++;
            }
        }
        return count;
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /**
     * Where the resident memory is: Java heap (after a full GC), the JVM's native memory by category
     * when the app runs with {@code -Ddeskphone.app.jvmOptions=-XX:NativeMemoryTracking=summary}, the
     * JIT's compiled code, and the process's anonymous vs file-backed pages. Written next to benchmark.txt.
     *
     * @param nativeMemory {@code baseline} at the first breakdown, {@code summary.diff} (growth since then,
     *     by category) at the last
     */
    private static void memoryBreakdown(DeskphoneProcess app, String name, String nativeMemory) throws Exception {
        long pid = app.status().orElseThrow().path("pid").asLong();
        StringBuilder out = new StringBuilder();
        for (List<String> command : List.of(
                List.of("jcmd", Long.toString(pid), "GC.run"),
                List.of("jcmd", Long.toString(pid), "GC.heap_info"),
                List.of("jcmd", Long.toString(pid), "VM.native_memory", "summary"),
                List.of("jcmd", Long.toString(pid), "VM.native_memory", nativeMemory),
                List.of("jcmd", Long.toString(pid), "Compiler.codecache"),
                // Every compiled method with its code's address range: what was compiled between two breakdowns.
                List.of("jcmd", Long.toString(pid), "Compiler.codelist"),
                List.of("cat", "/proc/" + pid + "/smaps_rollup"),
                // Every mapping: what grew between two breakdowns (diff them) says whose memory it is.
                List.of("cat", "/proc/" + pid + "/smaps"))) {
            out.append("$ ")
                    .append(String.join(" ", command))
                    .append('\n')
                    .append(Processes.run(command).output());
        }
        Files.writeString(LOGS.resolve("memory-" + name + ".txt"), out);
    }

    private static int openFds(long pid) throws Exception {
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        }
    }

    /** A number from /proc/PID/status, e.g. {@code Threads:} or {@code VmRSS:} (kB). */
    private static long statusField(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no " + field + " for " + pid);
    }

    private static long rssAfterFullGcKb(DeskphoneProcess app) throws Exception {
        long pid = app.status().orElseThrow().path("pid").asLong();
        if (Processes.run(List.of("jcmd", Long.toString(pid), "GC.run")).exitCode() != 0) {
            throw new AssertionError("jcmd GC.run failed for " + pid);
        }
        // JavaFX runs a JavaScript GC after each Java GC (WebPage.collectJSCGarbages), on the FX
        // thread; WebKit's allocator gives freed pages back to the system a moment later.
        Thread.sleep(GARBAGE_SETTLE.toMillis());
        return rssKb(app);
    }

    private static long rssKb(DeskphoneProcess app) throws Exception {
        return statusField(app.status().orElseThrow().path("pid").asLong(), "VmRSS:");
    }
}
