package dev.deskphone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.JavaProcess;
import dev.deskphone.testsupport.ServerProcesses;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server in its own JVM, as the server-only distribution runs it: {@link ServerMain} on a class
 * path without JavaFX, WebKit, libwebrtc or OkHttp (the jars the server .deb and image leave out),
 * logging to stdout only; and {@code deskphone server} from the full command line logging the same
 * way, without touching the app's log directory.
 */
class ServerProcessTest {
    /** Maven repository paths of what the server distribution does not carry: the groups the pom's server-package profile excludes. */
    static final List<String> DESKTOP_ONLY =
            List.of("/org/openjfx/", "/dev/onvoid/webrtc/", "/com/squareup/okhttp3/", "/com/squareup/okio/");

    private static final Pattern LOG_LINE = Pattern.compile(
            "^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* (INFO |WARN |ERROR|DEBUG|TRACE) \\[.*");

    @TempDir
    Path root;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<Process, Path> outputs = new java.util.HashMap<>();

    @Test
    void theServerCommandTreeRunsWithoutJavaFxWebrtcOrOkHttp() throws Exception {
        String classPath = serverClassPath();
        assertThat(classPath).doesNotContain("javafx").doesNotContain("webrtc").doesNotContain("okhttp");
        Path data = root.resolve("data");

        Process create = start(
                classPath,
                ServerMain.class,
                List.of("token", "create", "ci", "--role", "admin", "--data-dir", data.toString()));
        assertThat(create.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String token = String.join("", stdout(create)).strip();
        assertThat(create.exitValue()).as(stderr(create)).isZero();
        assertThat(token).matches("\\S+");

        Process server = start(classPath, ServerMain.class, List.of("--port", "0", "--data-dir", data.toString()));
        URI base = awaitListening(server);
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(base.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        String id = java.util.UUID.randomUUID().toString();
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(base.resolve("/internal/calls"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(createdCall(id)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> read = http.send(
                HttpRequest.newBuilder(base.resolve("/internal/calls/" + id))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.body()).contains(id);

        server.destroy(); // SIGTERM, as systemd and container runtimes stop it
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> stdout = stdout(server);
        assertThat(server.exitValue()).as(stderr(server)).isZero();
        assertThat(stderr(server)).doesNotContain("NoClassDefFoundError").doesNotContain("ClassNotFoundException");
        assertOneLinePerEvent(stdout);
        assertThat(stdout)
                .anyMatch(line -> line.contains("dev.deskphone.server.access") && line.contains("status=201"))
                .anyMatch(line -> line.contains("backend stopped"));
    }

    @Test
    void deskphoneServerLogsToStdoutAndLeavesTheAppLogAlone() throws Exception {
        Path logs = root.resolve("app-logs");
        Process server = start(
                JavaProcess.testClassPath(),
                Main.class,
                List.of(
                        "server",
                        "--port",
                        "0",
                        "--data-dir",
                        root.resolve("data").toString()),
                Map.of(
                        "DESKPHONE_LOG_DIR",
                        logs.toString(),
                        "HOME",
                        root.resolve("home").toString()));
        awaitListening(server);
        server.destroy();
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> stdout = stdout(server);
        assertThat(server.exitValue()).as(stderr(server)).isZero();
        assertOneLinePerEvent(stdout);
        assertThat(stdout).anyMatch(line -> line.contains("backend listening on"));
        assertThat(logs).doesNotExist();
        assertThat(root.resolve("home/.local/state")).doesNotExist();
    }

    /** Log lines: each starts with its timestamp and level, none carries a terminal escape sequence. */
    private static void assertOneLinePerEvent(List<String> stdout) {
        List<String> logLines = stdout.stream()
                .filter(line -> !line.startsWith("Deskphone backend listening"))
                .toList();
        assertThat(logLines)
                .isNotEmpty()
                .allMatch(line -> LOG_LINE.matcher(line).matches(), "starts with time and level")
                .noneMatch(line -> line.indexOf('\u001b') >= 0);
    }

    static String serverClassPath() {
        return Arrays.stream(JavaProcess.testClassPath().split(File.pathSeparator))
                .filter(entry -> DESKTOP_ONLY.stream().noneMatch(entry.replace(File.separatorChar, '/')::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private Process start(String classPath, Class<?> main, List<String> args) throws IOException {
        return start(classPath, main, args, Map.of());
    }

    private Process start(String classPath, Class<?> main, List<String> args, Map<String, String> env)
            throws IOException {
        Path output = root.resolve("process-" + outputs.size());
        ProcessBuilder builder = new ProcessBuilder(JavaProcess.command(classPath, main, List.of(), args))
                .redirectOutput(Path.of(output + ".out").toFile())
                .redirectError(Path.of(output + ".err").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        outputs.put(process, output);
        return process;
    }

    private String stderr(Process process) throws IOException {
        return Files.readString(Path.of(outputs.get(process) + ".err"));
    }

    private URI awaitListening(Process server) throws Exception {
        return ServerProcesses.awaitListening(
                server, Path.of(outputs.get(server) + ".out"), java.time.Duration.ofSeconds(90));
    }

    private List<String> stdout(Process process) throws IOException {
        return Files.readAllLines(Path.of(outputs.get(process) + ".out"));
    }

    private static String createdCall(String id) {
        return "{\"id\":\"" + id + "\",\"direction\":\"inbound\",\"account\":\"1001\",\"profile\":\"main\","
                + "\"local_uri\":\"sip:1001@pbx.test\",\"remote_uri\":\"sip:+15550100@pbx.test\","
                + "\"started_at\":\"2025-03-01T10:00:00.000Z\"}";
    }
}
