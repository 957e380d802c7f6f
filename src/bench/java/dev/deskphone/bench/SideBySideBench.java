package dev.deskphone.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.PulseAudioFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Six accounts registered and idle, Deskphone and a browser softphone side by side on one Kamailio:
 * launch → window, launch → six registered, and the whole process tree's resident (RSS) and
 * proportional (PSS) memory from {@code /proc/PID/smaps_rollup} after 10 s idle. Each round launches,
 * one after the other: the packaged app with its embedded backend, the same app with a remote
 * {@code --backend} (a stub HTTP server here: only the app's side is measured), optionally a second
 * app image ({@code -Dbench.before=IMAGE/bin/deskphone}, the "before" of a change) and Chromium
 * running SIP.js with six user agents ({@code src/bench/browser/agents.html}, the same SIP.js bundle
 * as the app's page). One warm-up round, then {@code bench.runs} measured rounds; medians reported.
 * Then answering: a SIP.js caller in Chromium calls the app (auto-answer 0) and Chromium's agents in
 * turn, {@code bench.calls} times each (see {@link #answering}).
 *
 * <p>Run (after {@code ./mvnw package} and {@code src/bench/setup.sh}, which installs Chromium):
 * {@code xvfb-run -a -s "-screen 0 1280x1024x24" ./mvnw -B -o -Pbench verify -DskipTests
 * -Dbench.main=dev.deskphone.bench.SideBySideBench -Dbench.runs=5}
 */
public final class SideBySideBench {
    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final int CALLS = Integer.getInteger("bench.calls", 10);
    /** The launches' --log-level (debug: start-up steps for src/bench/startup-breakdown.py); empty for the default. */
    private static final String LOG_LEVEL = System.getProperty("bench.logLevel", "");
    private static final Duration IDLE_BEFORE_MEMORY = Duration.ofSeconds(10);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final String CHROMIUM = System.getProperty("bench.chromium", "chromium");
    private static final Path SIP_BUNDLE = Path.of(System.getProperty("bench.sipjs", "target/web-build/js/sip.js"));
    private static final Path AGENTS_PAGE = Path.of("src/bench/browser/agents.html");
    private static final Path CALLER_PAGE = Path.of("src/bench/browser/caller.html");
    /** Classes of the embedded backend: none of them may be loaded when a remote backend is configured. */
    private static final List<String> EMBEDDED_BACKEND_PACKAGES =
            List.of("io.javalin.", "org.eclipse.jetty.", "dev.deskphone.server.", "org.flywaydb.", "com.zaxxer.hikari.");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<Long>> samples = new LinkedHashMap<>();

    public static void main(String[] args) throws Exception {
        new SideBySideBench().run();
    }

    private void run() throws Exception {
        Path work = Files.createTempDirectory("deskphone-side-by-side");
        Map<String, String> users = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) {
            users.put(Integer.toString(1000 + i), "bench-secret-" + i);
            users.put(Integer.toString(2000 + i), "bench-secret-" + i);
        }
        users.put("2007", "bench-secret-caller");
        String before = System.getProperty("bench.before", "");
        boolean chromium = onPath(CHROMIUM);
        if (!chromium) {
            System.out.println("no '" + CHROMIUM + "' on the PATH (src/bench/setup.sh installs it): Deskphone only");
        }
        BlockingQueue<JsonNode> reports = new LinkedBlockingQueue<>();
        BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> serve(exchange, reports, commands));
        http.setExecutor(Executors.newCachedThreadPool()); // the caller's /command waits for the next call
        http.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        Path token = Files.writeString(work.resolve("backend-token"), "bench-token-0123456789abcdef");
        try (Kamailio pbx = Kamailio.start(work.resolve("pbx"), users)) {
            Path home = work.resolve("agent");
            try (DeskphoneProcess setup = new DeskphoneProcess(home)) {
                setup.cliOk("profile", "add", "pbx", "--server", pbx.wsUrl(), "--domain", Kamailio.DOMAIN, "--default");
                for (int i = 1; i <= 6; i++) {
                    String extension = Integer.toString(1000 + i);
                    Path pw = Files.writeString(work.resolve("pw"), users.get(extension));
                    setup.cliOk("account", "add", "--profile", "pbx", "--extension", extension, "--password-file", pw.toString());
                }
            }
            for (int round = 0; RUNS > 0 && round <= RUNS; round++) { // bench.runs=0: answering only
                boolean measured = round > 0;
                System.out.printf("%s (load average %s)%n", measured ? "round " + round : "warm-up round", loadAverage());
                deskphone("deskphone, embedded backend", DeskphoneProcess.launcher(), home, measured, false);
                deskphone("deskphone, remote backend", DeskphoneProcess.launcher(), home, measured, round == 1,
                        "--backend", base + "/backend", "--backend-token-file", token.toString());
                if (!before.isEmpty()) {
                    deskphone("before: deskphone, embedded backend", Path.of(before), home, measured, false);
                }
                if (chromium) {
                    chromium(work.resolve("chromium-" + round), base, pbx, users, reports, measured);
                }
            }
            if (chromium && CALLS > 0) {
                System.out.printf("answering the same caller, %d calls each after 3 warm-up calls (load average %s)%n",
                        CALLS, loadAverage());
                answering(work, base, pbx, users, home, reports, commands, CALLS);
            }
        } finally {
            http.stop(0);
        }
        if (!LOG_LEVEL.isEmpty()) {
            System.out.println("the launches' log (src/bench/startup-breakdown.py reads it): "
                    + work.resolve("agent").resolve("logs").resolve("deskphone.log"));
        }
        System.out.println();
        System.out.printf("medians of %d rounds (machine: %d cores, %s %s, Java %s; load average now %s)%n", RUNS,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("java.version"), loadAverage());
        samples.forEach((name, values) -> System.out.printf("  %-58s median %6d, min %6d, max %6d   %s%n", name,
                StartupBench.median(values), Collections.min(values), Collections.max(values), values));
    }

    private void deskphone(String name, Path launcher, Path home, boolean measured, boolean countClasses, String... args)
            throws Exception {
        try (DeskphoneProcess app = new DeskphoneProcess(home, launcher)) {
            List<String> launchArgs = new ArrayList<>(List.of(args));
            if (!LOG_LEVEL.isEmpty()) {
                launchArgs.addAll(List.of("--log-level", LOG_LEVEL));
            }
            long launchedAt = System.currentTimeMillis();
            app.start(launchArgs.toArray(String[]::new));
            JsonNode shown = app.awaitStatus("window shown", READY_TIMEOUT, s -> s.path("windowShownAt").asLong() > 0);
            app.awaitStatus("6 registered", READY_TIMEOUT, StartupBench::sixRegistered);
            long registeredAt = System.currentTimeMillis();
            Thread.sleep(IDLE_BEFORE_MEMORY.toMillis());
            long[] memory = treeMemoryKb(app.process().toHandle());
            long window = shown.path("windowShownAt").asLong() - launchedAt;
            System.out.printf("  %-38s window %5d ms, 6 registered %5d ms, RSS %4d MB, PSS %4d MB (%d processes, %d threads)%n",
                    name, window, registeredAt - launchedAt, memory[0] / 1024, memory[1] / 1024, memory[2], memory[3]);
            if (countClasses) {
                countEmbeddedBackendClasses(name, app.process().pid());
            }
            if (measured) {
                record(name + ": launch -> window (ms)", window);
                record(name + ": launch -> 6 registered (ms)", registeredAt - launchedAt);
                record(name + ": RSS, process tree (MB)", memory[0] / 1024);
                record(name + ": PSS, process tree (MB)", memory[1] / 1024);
            }
        }
    }

    private void chromium(Path profileDir, String base, Kamailio pbx, Map<String, String> users,
            BlockingQueue<JsonNode> reports, boolean measured) throws Exception {
        List<Map<String, String>> agents = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String extension = Integer.toString(2000 + i);
            agents.add(Map.of("extension", extension, "password", users.get(extension)));
        }
        String url = base + "/agents.html?server=" + encode(pbx.wsUrl()) + "&domain=" + encode(Kamailio.DOMAIN)
                + "&users=" + encode(JSON.writeValueAsString(agents));
        reports.clear();
        long launchedAt = System.currentTimeMillis();
        Process browser = startChromium(profileDir, url);
        try {
            long loadedAt = 0;
            long registeredAt = 0;
            long deadline = System.currentTimeMillis() + READY_TIMEOUT.toMillis();
            while (registeredAt == 0) {
                JsonNode report = reports.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
                if (report == null) {
                    throw new IllegalStateException("Chromium's agents did not all register within " + READY_TIMEOUT);
                }
                if (report.path("kind").asText().equals("loaded")) {
                    loadedAt = report.path("at").asLong();
                } else if (report.path("count").asInt() == 6) {
                    registeredAt = System.currentTimeMillis();
                }
            }
            Thread.sleep(IDLE_BEFORE_MEMORY.toMillis());
            long[] memory = treeMemoryKb(browser.toHandle());
            String name = "chromium + SIP.js";
            System.out.printf("  %-38s page    %5d ms, 6 registered %5d ms, RSS %4d MB, PSS %4d MB (%d processes, %d threads)%n",
                    name, loadedAt - launchedAt, registeredAt - launchedAt, memory[0] / 1024, memory[1] / 1024, memory[2],
                    memory[3]);
            if (measured) {
                record(name + ": launch -> page running (ms)", loadedAt - launchedAt);
                record(name + ": launch -> 6 registered (ms)", registeredAt - launchedAt);
                record(name + ": RSS, process tree (MB)", memory[0] / 1024);
                record(name + ": PSS, process tree (MB)", memory[1] / 1024);
            }
        } finally {
            stop(browser);
        }
    }

    /**
     * Answering the same caller: a SIP.js caller in Chromium ({@code caller.html}) calls Deskphone
     * (auto-answer 0) and Chromium's SIP.js agents (answering at once) in turn; invite → Established
     * as the caller's page measured it, and for Chromium the callee page's INVITE → accepted.
     */
    private void answering(Path work, String base, Kamailio pbx, Map<String, String> users, Path home,
            BlockingQueue<JsonNode> reports, BlockingQueue<String> commands, int calls) throws Exception {
        List<Map<String, String>> agents = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String extension = Integer.toString(2000 + i);
            agents.add(Map.of("extension", extension, "password", users.get(extension)));
        }
        String pbxQuery = "server=" + encode(pbx.wsUrl()) + "&domain=" + encode(Kamailio.DOMAIN);
        Process callee = null;
        Process caller = null;
        // The app's media engine needs a sound server: a private PulseAudio with a sine "microphone".
        try (PulseAudioFixture pulse = PulseAudioFixture.start(Files.createDirectories(work.resolve("pulse")),
                        List.of(new PulseAudioFixture.SineSource("mic", 440)), List.of("speaker"));
                DeskphoneProcess app = new DeskphoneProcess(home)) {
            reports.clear();
            app.env().putAll(pulse.clientEnvironment("mic", "speaker"));
            // Debug logging: each media request's time and ICE gathering, for the breakdown (benchmarks.md).
            app.start("--auto-answer", "0", "--wrapup-seconds", "1", "--log-level", "debug");
            System.out.println("  the answering app's log: " + app.home().resolve("app.out"));
            app.awaitStatus("6 registered", READY_TIMEOUT, StartupBench::sixRegistered);
            callee = startChromium(work.resolve("chromium-callee"),
                    base + "/agents.html?" + pbxQuery + "&users=" + encode(JSON.writeValueAsString(agents)));
            awaitReport(reports, r -> r.path("count").asInt() == 6, "Chromium's agents registered");
            caller = startChromium(work.resolve("chromium-caller"), base + "/caller.html?" + pbxQuery + "&user="
                    + encode(JSON.writeValueAsString(Map.of("extension", "2007", "password", users.get("2007")))));
            awaitReport(reports, r -> r.path("kind").asText().equals("caller-ready"), "the caller ready");
            int warmUp = 3;
            for (int i = 0; i < warmUp + calls; i++) {
                for (String target : List.of("1001", "2001")) {
                    reports.clear();
                    commands.add(target);
                    // The callee page's "answered" comes before the caller's "established": kept on the way.
                    JsonNode[] answeredHolder = new JsonNode[1];
                    JsonNode established = awaitReport(reports, r -> {
                        if (r.path("kind").asText().equals("answered")) {
                            answeredHolder[0] = r;
                        }
                        return r.path("kind").asText().matches("established|failed");
                    }, "the call to " + target);
                    if (established.path("kind").asText().equals("failed")) {
                        throw new IllegalStateException("the call to " + target + " failed: " + established);
                    }
                    awaitReport(reports, r -> {
                        if (r.path("kind").asText().equals("answered")) {
                            answeredHolder[0] = r;
                        }
                        return r.path("kind").asText().equals("hungup");
                    }, "the hang-up of the call to " + target);
                    JsonNode answered = answeredHolder[0];
                    long ms = Math.round(established.path("ms").asDouble());
                    String name = target.equals("1001") ? "deskphone answers" : "chromium + SIP.js answers";
                    System.out.printf("  call %2d %-26s caller's invite -> established %4d ms%s%n", i + 1, name, ms,
                            answered == null ? "" : ", callee's INVITE -> accepted "
                                    + (answered.path("answered").asLong() - answered.path("arrived").asLong()) + " ms");
                    if (i >= warmUp) {
                        record(name + ": caller's invite -> established (ms)", ms);
                        if (answered != null) {
                            record(name + ": callee's INVITE -> accepted, in the page (ms)",
                                    answered.path("answered").asLong() - answered.path("arrived").asLong());
                        }
                    }
                    Thread.sleep(1_500); // Deskphone's wrap-up (1 s) reaches its backend before the next call
                }
            }
        } finally {
            stop(caller);
            stop(callee);
        }
    }

    private static JsonNode awaitReport(BlockingQueue<JsonNode> reports, java.util.function.Predicate<JsonNode> wanted,
            String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT.toMillis();
        while (true) {
            JsonNode report = reports.poll(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            if (report == null) {
                throw new IllegalStateException("no report of " + what + " within " + READY_TIMEOUT);
            }
            if (wanted.test(report)) {
                return report;
            }
        }
    }

    /**
     * Chromium on the benchmark's display, its own profile, fake media devices; never throttled in the
     * background (two windows share the display, and an occluded one would otherwise run its timers slower).
     */
    private static Process startChromium(Path profileDir, String url) throws IOException {
        return new ProcessBuilder(CHROMIUM, "--no-sandbox", "--user-data-dir=" + profileDir,
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-sync",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows",
                "--disable-renderer-backgrounding", "--new-window", url)
                .redirectErrorStream(true)
                .redirectOutput(profileDir.resolveSibling(profileDir.getFileName() + ".out").toFile())
                .start();
    }

    private static void stop(Process browser) throws InterruptedException {
        if (browser == null) {
            return;
        }
        List<ProcessHandle> tree = browser.descendants().toList();
        browser.destroy();
        if (!browser.waitFor(10, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    /** Lists the running app's loaded classes (the JDK's jcmd) and counts those of the embedded backend. */
    private static void countEmbeddedBackendClasses(String name, long pid) throws Exception {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid), "VM.class_hierarchy")
                .redirectErrorStream(true)
                .start();
        List<String> lines = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        jcmd.waitFor();
        long all = lines.stream().filter(l -> l.contains("/")).count();
        long backend = lines.stream()
                .map(l -> l.replaceAll("^[|\\s-]*", "").replace('/', '.'))
                .filter(l -> EMBEDDED_BACKEND_PACKAGES.stream().anyMatch(l::startsWith))
                .count();
        System.out.printf("  %-38s %d classes loaded, %d of them the embedded backend's (%s)%n", name, all, backend,
                String.join(", ", EMBEDDED_BACKEND_PACKAGES));
    }

    private static void serve(HttpExchange exchange, BlockingQueue<JsonNode> reports, BlockingQueue<String> commands)
            throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type = "application/json";
            if (path.equals("/command")) {
                String target = commands.poll(20, TimeUnit.SECONDS);
                body = JSON.writeValueAsBytes(target == null ? Map.of() : Map.of("call", target));
            } else if (path.equals("/caller.html")) {
                body = Files.readAllBytes(CALLER_PAGE);
                type = "text/html; charset=utf-8";
            } else if (path.equals("/report")) {
                reports.add(JSON.readTree(exchange.getRequestBody()));
                body = "{}".getBytes(StandardCharsets.UTF_8);
            } else if (path.equals("/agents.html")) {
                body = Files.readAllBytes(AGENTS_PAGE);
                type = "text/html; charset=utf-8";
            } else if (path.equals("/sip.js")) {
                body = Files.readAllBytes(SIP_BUNDLE);
                type = "text/javascript; charset=utf-8";
            } else {
                // The remote backend's stand-in: every request (health, events) is accepted.
                exchange.getRequestBody().readAllBytes();
                body = "{}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** RSS and PSS (kB) summed over the process and its descendants, how many processes and threads that is. */
    static long[] treeMemoryKb(ProcessHandle root) throws IOException {
        long rss = 0;
        long pss = 0;
        long count = 0;
        long threads = 0;
        for (ProcessHandle process : Stream.concat(Stream.of(root), root.descendants()).toList()) {
            Path rollup = Path.of("/proc", Long.toString(process.pid()), "smaps_rollup");
            if (!Files.isReadable(rollup)) {
                continue; // ended meanwhile
            }
            for (String line : Files.readAllLines(rollup)) {
                if (line.startsWith("Rss:")) {
                    rss += Long.parseLong(line.replaceAll("[^0-9]", ""));
                } else if (line.startsWith("Pss:")) {
                    pss += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("Threads:")) {
                    threads += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            count++;
        }
        return new long[] {rss, pss, count, threads};
    }

    private void record(String name, long value) {
        samples.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static String loadAverage() throws IOException {
        return String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
