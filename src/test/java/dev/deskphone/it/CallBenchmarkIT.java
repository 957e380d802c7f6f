package dev.deskphone.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The calls benchmark (benchmarks.md, "Calls") on CallAudioIT's set-up: two packaged apps, Kamailio
 * and PulseAudio in a network namespace. Not part of CI (failsafe excludes *BenchmarkIT).
 */
class CallBenchmarkIT extends CallAudioIT {
    private static final Duration GARBAGE_SETTLE = Duration.ofSeconds(3);
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
     * handled), and the resident memory of both apps after 10 and after 100 calls (as found, and once garbage is collected).
     * Each call is wrapped up (the wrap-up timer) before the next one is dialled.
     */
    @Test
    @Order(50)
    void benchmarkSequentialCalls() throws Exception {
        int calls = Integer.getInteger("deskphone.benchmark.calls", 100);
        List<Long> setupMs = new ArrayList<>();
        Map<String, Long> rss = new java.util.LinkedHashMap<>();
        Map<String, Long> rssAfterGc = new java.util.LinkedHashMap<>();
        Map<String, String> threadsAndFiles = new java.util.LinkedHashMap<>();
        for (int i = 1; i <= calls; i++) {
            testStartedAt = System.currentTimeMillis();
            a.request("dial", "target", "1002");
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
            if (i == 10 || i % 50 == 0 || i == calls) {
                rss.put("A after " + i, rssKb(a));
                rss.put("B after " + i, rssKb(b));
                // Again once garbage is collected: the raw figure also holds however much garbage the
                // heaps happened to have, which alone moves a 10-call reading by ~10 MB.
                rssAfterGc.put("A after " + i, rssAfterFullGcKb(a));
                rssAfterGc.put("B after " + i, rssAfterFullGcKb(b));
                threadsAndFiles.put("A after " + i, threadsAndFiles(a));
                threadsAndFiles.put("B after " + i, threadsAndFiles(b));
            }
            if (i == 10 || i == calls) {
                memoryBreakdown(a, "a-after-" + i);
                memoryBreakdown(b, "b-after-" + i);
            }
        }
        List<Long> sorted = setupMs.stream().sorted().toList();
        List<Long> first20 = setupMs.subList(0, Math.min(20, setupMs.size())).stream()
                .sorted()
                .toList();
        String result = String.format(
                "calls: %d%ndial -> established, first 20 calls: median %d ms, p95 %d ms, max %d ms%n"
                        + "dial -> established, all calls: median %d ms, p95 %d ms%nresident memory (kB): %s%n"
                        + "resident memory once garbage is collected (Java GC, then JavaScript GC, 3 s) (kB): %s%n"
                        + "threads and open file descriptors: %s%n"
                        + "dial -> established of each call, in order (ms): %s%n",
                calls,
                percentile(first20, 50),
                percentile(first20, 95),
                first20.get(first20.size() - 1),
                percentile(sorted, 50),
                percentile(sorted, 95),
                rss,
                rssAfterGc,
                threadsAndFiles,
                setupMs);
        Files.writeString(LOGS.resolve("benchmark.txt"), result);
        numbers.add(result);
    }

    private static long percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /**
     * Where the resident memory is: Java heap (after a full GC), the JVM's native memory by category
     * when the app runs with {@code -Ddeskphone.app.jvmOptions=-XX:NativeMemoryTracking=summary}, the
     * JIT's compiled code, and the process's anonymous vs file-backed pages. Written next to benchmark.txt.
     */
    private static void memoryBreakdown(DeskphoneProcess app, String name) throws Exception {
        long pid = app.status().orElseThrow().path("pid").asLong();
        StringBuilder out = new StringBuilder();
        for (List<String> command : List.of(
                List.of("jcmd", Long.toString(pid), "GC.run"),
                List.of("jcmd", Long.toString(pid), "GC.heap_info"),
                List.of("jcmd", Long.toString(pid), "VM.native_memory", "summary"),
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

    /** What a call could leave behind besides memory: the app's threads and open file descriptors. */
    private static String threadsAndFiles(DeskphoneProcess app) throws Exception {
        long pid = app.status().orElseThrow().path("pid").asLong();
        String threads = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("Threads:"))
                .map(line -> line.replaceAll("[^0-9]", ""))
                .findFirst()
                .orElseThrow();
        try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return threads + " threads, " + fds.count() + " fds";
        }
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
        long pid = app.status().orElseThrow().path("pid").asLong();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new AssertionError("no VmRSS for " + pid);
    }
}
