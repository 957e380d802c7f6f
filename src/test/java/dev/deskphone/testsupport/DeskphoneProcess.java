package dev.deskphone.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.instance.InstanceAddress;
import dev.deskphone.instance.InstanceClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The packaged app (target/deskphone/bin/deskphone, built by {@code ./mvnw package}) driven as an
 * admin and an agent would: CLI commands to provision it, then the app itself, observed through its
 * local instance channel ({@code deskphone status --json} uses the same channel).
 *
 * <p>{@link #close} ends a running app as the desktop does (SIGTERM) and fails the test unless it
 * exits 0; it also fails the test when a JVM crash report ({@code hs_err_pid*.log}) of any process
 * it ran appeared in the app's working directory, its log directory, the test's working directory
 * or /tmp, unless the test {@linkplain #expectCrashReport() expects one}.
 */
public final class DeskphoneProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CRASH_REPORT = Pattern.compile("hs_err_pid(\\d+)\\.log");
    private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(20);

    private final Path home;
    private final Path launcher;
    private final Path configDir;
    private final Map<String, String> env = new HashMap<>();
    private Process app;
    /** Every process this harness started (launcher, CLI runs, the app's children): their crash reports count. */
    private final Set<Long> pids = new HashSet<>();

    private final Set<Path> crashReportsBefore;
    private boolean crashReportExpected;

    /** A user with its own config, system config, data and log directories under {@code home}. */
    public DeskphoneProcess(Path home) throws IOException {
        this(home, launcher());
    }

    /** The same, running another launcher (the installed /opt/deskphone/bin/deskphone). */
    public DeskphoneProcess(Path home, Path launcher) throws IOException {
        this.home = home;
        this.launcher = launcher;
        this.configDir = home.resolve("config");
        Files.createDirectories(home.resolve("etc"));
        env.put("DESKPHONE_SYSTEM_CONFIG_DIR", home.resolve("etc").toString());
        env.put("DESKPHONE_LOG_DIR", home.resolve("logs").toString());
        env.put("XDG_DATA_HOME", home.resolve("data").toString());
        env.put("XDG_STATE_HOME", home.resolve("state").toString());
        env.put("XDG_RUNTIME_DIR", home.resolve("run").toString());
        env.put("HOME", home.toString());
        crashReportsBefore = crashReports();
    }

    public static Path launcher() {
        String path = System.getProperty("deskphone.launcher", "target/deskphone/bin/deskphone");
        Path launcher = Path.of(path);
        if (!Files.isExecutable(launcher)) {
            throw new AssertionError("the app image is missing at " + launcher + ": run ./mvnw package first");
        }
        return launcher;
    }

    public Path configDir() {
        return configDir;
    }

    public Map<String, String> env() {
        return env;
    }

    /** Runs a CLI command with --config-dir; returns its result (exit code, stdout, stderr). */
    public CliResult cli(String... args) throws IOException, InterruptedException {
        return cliWithInput(null, args);
    }

    public CliResult cliWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "--config-dir", configDir.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Path out = Files.createTempFile(home, "cli", ".out");
        Path err = Files.createTempFile(home, "cli", ".err");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        pids.add(process.pid());
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("deskphone " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new CliResult(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Runs a CLI command and fails the test unless it exits 0. */
    public CliResult cliOk(String... args) throws IOException, InterruptedException {
        CliResult result = cli(args);
        if (result.exitCode() != 0) {
            throw new AssertionError("deskphone " + String.join(" ", args) + " exited " + result.exitCode() + ": "
                    + result.stderr() + result.stdout());
        }
        return result;
    }

    /** Starts the app window (a display must be available: the suite runs under xvfb-run). */
    public void start(String... extraArgs) throws IOException {
        start(null, extraArgs);
    }

    /**
     * Starts the app inside a test network namespace (so its media can flow: libwebrtc ignores
     * loopback); the X display is reached through its socket file, which the namespace shares.
     */
    public void start(NetworkNamespace namespace, String... extraArgs) throws IOException {
        ExternalTools.requireThat(System.getenv("DISPLAY") != null, "no X display: run the tests under xvfb-run");
        List<String> command =
                new ArrayList<>(List.of(launcher.toAbsolutePath().toString(), "--config-dir", configDir.toString()));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = namespace != null ? namespace.command(command) : new ProcessBuilder(command);
        builder.environment().putAll(env);
        // As from the desktop, whose launches start in the user's home: tests see what lands there.
        builder.directory(home.toFile());
        builder.redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(home.resolve("app.out").toFile()));
        app = builder.start();
        pids.add(app.pid());
    }

    /**
     * Launches the app once more for this user and configuration, as a second double-click or link
     * does, without making it {@link #process()}; its output goes to {@code out}. The caller ends it.
     */
    public Process launchAnother(Path out, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "--config-dir", configDir.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process another =
                builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        pids.add(another.pid());
        return another;
    }

    /** Waits for the app to exit (after a quit); false if it is still running after the timeout. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return app.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Path home() {
        return home;
    }

    public Process process() {
        return app;
    }

    /** The running app's status reply, or empty while it is not (yet) answering. */
    public Optional<JsonNode> status() throws IOException {
        InstanceAddress address = InstanceAddress.forConfigDir(configDir, env);
        return new InstanceClient(address, JSON).request(JSON.createObjectNode().put("command", "status"));
    }

    /** Sends one request over the instance channel (what `deskphone dial`/`status` do); fails if none runs. */
    public JsonNode request(String command, String... fields) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode request =
                JSON.createObjectNode().put("command", command);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            request.put(fields[i], fields[i + 1]);
        }
        InstanceAddress address = InstanceAddress.forConfigDir(configDir, env);
        return new InstanceClient(address, JSON)
                .request(request)
                .orElseThrow(() -> new AssertionError("the app is not running (no instance channel)"));
    }

    /** Polls the status until the condition holds; fails with the last status and the app's log. */
    public JsonNode awaitStatus(String description, Duration timeout, Predicate<JsonNode> condition)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            if (app != null && !app.isAlive()) {
                throw new AssertionError("the app exited with " + app.exitValue() + " while waiting for " + description
                        + "\n" + appOutput());
            }
            Optional<JsonNode> status = status();
            if (status.isPresent()) {
                last = status.get();
                if (last.has("pid")) {
                    pids.add(last.path("pid").asLong());
                }
                if (condition.test(last)) {
                    return last;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + description + "; last status: " + last
                + "\n" + appOutput());
    }

    /** The app's log file (deskphone.log in its log directory). */
    public Path log() {
        return Path.of(env.get("DESKPHONE_LOG_DIR")).resolve("deskphone.log");
    }

    /** Polls the app's log until the condition holds; returns the log then, fails with the app's output. */
    public String awaitLog(String description, Duration timeout, Predicate<String> condition)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            String log = Files.exists(log()) ? Files.readString(log()) : "";
            if (condition.test(log)) {
                return log;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for the app's log to show " + description
                + "\n" + appOutput());
    }

    /** How often {@code text} occurs in {@code log}. */
    public static int occurrences(String log, String text) {
        int count = 0;
        for (int at = log.indexOf(text); at >= 0; at = log.indexOf(text, at + text.length())) {
            count++;
        }
        return count;
    }

    /** The calls of a status reply that have not ended. */
    public static List<JsonNode> activeCalls(JsonNode status) {
        List<JsonNode> calls = new ArrayList<>();
        status.path("calls").forEach(call -> {
            if (!"ended".equals(call.path("state").asText())) {
                calls.add(call);
            }
        });
        return calls;
    }

    /** Waits for an active call matching the condition and returns it. */
    public JsonNode awaitCall(String description, Duration timeout, Predicate<JsonNode> condition)
            throws IOException, InterruptedException {
        JsonNode status =
                awaitStatus(description, timeout, s -> activeCalls(s).stream().anyMatch(condition));
        return activeCalls(status).stream().filter(condition).findFirst().orElseThrow();
    }

    /** Waits until no call is active and one ended at or after {@code sinceEpochMs}; returns the newest such. */
    public JsonNode awaitEnded(long sinceEpochMs, Duration timeout) throws IOException, InterruptedException {
        JsonNode status = awaitStatus(
                "the call ended",
                timeout,
                s -> activeCalls(s).isEmpty() && endedSince(s, sinceEpochMs).isPresent());
        return endedSince(status, sinceEpochMs).orElseThrow();
    }

    private static Optional<JsonNode> endedSince(JsonNode status, long sinceEpochMs) {
        JsonNode newest = null;
        for (JsonNode call : status.path("calls")) {
            if ("ended".equals(call.path("state").asText())
                    && call.path("sinceEpochMs").asLong() >= sinceEpochMs) {
                newest = call;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** The embedded backend's database (the app runs without --backend). */
    public Path embeddedBackendDb() {
        return Path.of(env.get("XDG_DATA_HOME"), "deskphone", "backend.db");
    }

    /** The embedded backend's row for a call (column name to value), or empty while it has none or is busy. */
    public Optional<Map<String, Object>> embeddedBackendRow(String callId) {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + embeddedBackendDb());
                PreparedStatement query = db.prepareStatement("SELECT * FROM calls WHERE id = ?")) {
            query.setString(1, callId);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                ResultSetMetaData meta = rs.getMetaData();
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = rs.getObject(i);
                    row.put(meta.getColumnName(i), value instanceof Integer n ? Long.valueOf(n) : value);
                }
                return Optional.of(row);
            }
        } catch (SQLException e) {
            return Optional.empty(); // not created yet, or busy: asked again
        }
    }

    /**
     * Waits until the embedded backend has a call's wrap-up and nothing waits in this app's outbox;
     * returns the call's row.
     */
    public Map<String, Object> awaitWrappedUp(String callId, Duration timeout)
            throws IOException, InterruptedException {
        awaitStatus(
                "call " + callId + " wrapped up at the backend",
                timeout,
                s -> s.path("backend").path("pending").asInt(-1) == 0
                        && embeddedBackendRow(callId)
                                .map(row -> row.get("wrapup_ended_at") != null)
                                .orElse(false));
        return embeddedBackendRow(callId).orElseThrow();
    }

    /** Account states from a status reply: account id to state. */
    public static Map<String, String> states(JsonNode status) {
        Map<String, String> states = new HashMap<>();
        status.path("accounts")
                .forEach(a ->
                        states.put(a.path("account").asText(), a.path("state").asText()));
        return states;
    }

    public String appOutput() throws IOException {
        StringBuilder text = new StringBuilder();
        Path out = home.resolve("app.out");
        if (Files.exists(out)) {
            text.append("--- app stdout/stderr ---\n").append(Files.readString(out));
        }
        Path log = home.resolve("logs").resolve("deskphone.log");
        if (Files.exists(log)) {
            String content = Files.readString(log);
            text.append("--- app log (tail) ---\n").append(content.substring(Math.max(0, content.length() - 20_000)));
        }
        return text.toString();
    }

    /** The test makes the JVM crash on purpose (and checks the report itself): {@link #close} accepts one. */
    public void expectCrashReport() {
        crashReportExpected = true;
    }

    /**
     * Ends the app if it still runs, with SIGTERM as a session manager does, and fails unless it
     * quits with exit status 0 in time; then fails if a JVM crash report appeared (see the class
     * comment). An app the test already saw exit keeps the exit status the test asserted.
     */
    @Override
    public void close() throws InterruptedException {
        try {
            String ending = null;
            if (app != null && app.isAlive()) {
                app.descendants().forEach(child -> pids.add(child.pid()));
                app.destroy();
                if (!app.waitFor(QUIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    app.descendants().forEach(ProcessHandle::destroyForcibly);
                    app.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    ending = "the app did not quit within " + QUIT_TIMEOUT + " of SIGTERM";
                } else if (app.exitValue() != 0) {
                    ending = "the app exited " + app.exitValue() + " on SIGTERM, not 0";
                }
            }
            List<Path> reports = newCrashReports();
            if (!reports.isEmpty() && !crashReportExpected) {
                throw new AssertionError(
                        "JVM crash report(s) appeared: " + reports + "\n" + readAll(reports) + appOutput());
            }
            if (ending != null) {
                throw new AssertionError(ending + "\n" + appOutput());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Crash reports that were not there when this harness was made and belong to its processes. */
    private List<Path> newCrashReports() throws IOException {
        List<Path> reports = new ArrayList<>();
        for (Path report : crashReports()) {
            if (!crashReportsBefore.contains(report) && (isPrivate(report) || pids.contains(reportPid(report)))) {
                reports.add(report);
            }
        }
        return reports;
    }

    /** The app's home and log directory are this test's alone: any crash report there is one of ours. */
    private boolean isPrivate(Path report) {
        return report.startsWith(home.toAbsolutePath());
    }

    private Set<Path> crashReports() {
        Set<Path> reports = new HashSet<>();
        Path logDir = Path.of(env.get("DESKPHONE_LOG_DIR"));
        for (Path dir : List.of(
                home,
                logDir,
                Path.of("").toAbsolutePath(),
                Path.of(System.getProperty("java.io.tmpdir")),
                Path.of("/tmp"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f ->
                                CRASH_REPORT.matcher(f.getFileName().toString()).matches())
                        .forEach(f -> reports.add(f.toAbsolutePath()));
            } catch (IOException e) {
                throw new UncheckedIOException("listing " + dir + " for JVM crash reports", e);
            }
        }
        return reports;
    }

    private static long reportPid(Path report) {
        Matcher matcher = CRASH_REPORT.matcher(report.getFileName().toString());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static String readAll(List<Path> reports) throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path report : reports) {
            String content = Files.readString(report);
            text.append("--- ")
                    .append(report)
                    .append(" ---\n")
                    .append(content, 0, Math.min(content.length(), 4000))
                    .append('\n');
        }
        return text.toString();
    }

    public record CliResult(int exitCode, String stdout, String stderr) {}
}
