package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.ExternalTools;
import dev.deskphone.testsupport.ServerProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server-only package (built by {@code ./mvnw -Pserver-package package}; this test builds
 * nothing): installed with apt, its systemd unit verified, then run as systemd would run it. No
 * systemd runs as PID 1 here, so the test reads {@code User=}, {@code EnvironmentFile=} and
 * {@code ExecStart=} from the installed unit and runs that command line as that user; an admin's
 * flags in /etc/default/deskphone-server reach it. A token made with the installed command, a call
 * event posted and read back, SIGTERM ends it with exit 0; removal leaves the data.
 */
class ServerPackageIT {
    private static final String PACKAGE = "deskphone-server";
    private static final Path UNIT = Path.of("/lib/systemd/system/deskphone-server.service");
    private static final Path COMMAND = Path.of("/usr/bin/deskphone-server");
    private static final Path DEFAULTS = Path.of("/etc/default/deskphone-server");
    private static final Path STATE = Path.of("/var/lib/deskphone-server");
    /** apt waits this long for dpkg's lock: InstallerIT, or another build on the machine, may hold it. */
    private static final String LOCK_WAIT = "DPkg::Lock::Timeout=600";

    private static Path deb;

    @TempDir
    Path tmp;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void needsTheDebAndRoot() throws IOException {
        ExternalTools.require("apt-get");
        ExternalTools.require("runuser");
        ExternalTools.require("systemd-analyze");
        ExternalTools.requireThat("root".equals(System.getProperty("user.name")), "installing a package needs root");
        deb = ServerProcesses.requireBuilt(
                Path.of(System.getProperty("deskphone.installer.dir", "target/installer")),
                "deskphone-server_.*\\.deb",
                "build it with ./mvnw -Pserver-package package (CI: ./mvnw -B -Pinstaller,server-package verify)");
    }

    @Test
    void installRunAsTheUnitSaysStopAndRemove() throws Exception {
        purgeIfInstalled();
        run(
                Duration.ofMinutes(5),
                "apt-get",
                "install",
                "-y",
                "-o",
                LOCK_WAIT,
                "--no-install-recommends",
                deb.toAbsolutePath().toString());

        assertThat(COMMAND).isExecutable();
        assertThat(Files.readString(COMMAND)).contains("dev.deskphone.cli.ServerMain");
        assertThat(run(Duration.ofSeconds(60), COMMAND.toString(), "--version").strip())
                .startsWith("Deskphone ");
        assertThat(Path.of("/usr/share/deskphone-server/lib"))
                .isDirectoryNotContaining("glob:**/*{javafx,webrtc,okhttp}*");
        assertThat(run(Duration.ofSeconds(30), "dpkg", "-L", PACKAGE).lines())
                .as("the desktop app is not part of it")
                .noneMatch(file -> file.startsWith("/opt"));
        // systemd's own check of the unit: directives, the binary, the user; warnings count as failures.
        assertThat(run(Duration.ofSeconds(60), "systemd-analyze", "verify", UNIT.toString()))
                .isEmpty();

        SystemdUnit unit = SystemdUnit.read(UNIT);
        assertThat(unit.get("User")).isEqualTo("deskphone-server");
        assertThat(unit.get("StateDirectory")).isEqualTo("deskphone-server");
        assertThat(unit.get("ProtectSystem")).isEqualTo("strict");
        assertThat(unit.get("NoNewPrivileges")).isEqualTo("yes");
        assertThat(unit.get("EnvironmentFile")).isEqualTo("-" + DEFAULTS);
        PosixFileAttributes state = Files.readAttributes(STATE, PosixFileAttributes.class);
        assertThat(state.owner().getName()).isEqualTo("deskphone-server");

        // The admin makes a token with the installed command, as the service's user, in its state.
        String token = run(
                        Duration.ofSeconds(60),
                        "runuser",
                        "-u",
                        unit.get("User"),
                        "--",
                        COMMAND.toString(),
                        "token",
                        "create",
                        "it",
                        "--role",
                        "admin",
                        "--data-dir",
                        STATE.toString())
                .lines()
                .findFirst()
                .orElseThrow()
                .strip();
        assertThat(token).startsWith("dpk_");

        // ... and sets the service's flags in its EnvironmentFile: a free port for this test.
        Files.writeString(
                DEFAULTS,
                Files.readString(DEFAULTS)
                        .replace("DESKPHONE_SERVER_OPTS=\"\"", "DESKPHONE_SERVER_OPTS=\"--port 0 --bind 127.0.0.1\""));
        Map<String, String> environment = unit.environment();
        List<String> execStart = unit.execStart(environment);
        assertThat(execStart).startsWith(COMMAND.toString()).contains("--port", "0");

        List<String> command = new ArrayList<>(List.of("runuser", "-u", unit.get("User"), "--"));
        command.addAll(execStart);
        ProcessBuilder builder = new ProcessBuilder(command);
        // The service's environment: systemd's (PATH, HOME of User=, STATE_DIRECTORY) and the file's.
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        builder.environment().put("HOME", STATE.toString());
        builder.environment().put("STATE_DIRECTORY", STATE.toString());
        builder.environment().putAll(environment);
        Path out = tmp.resolve("service.out");
        Process service =
                builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            URI base = ServerProcesses.awaitListening(service, out, Duration.ofSeconds(90));
            assertThat(get(base.resolve("/health"), null).statusCode()).isEqualTo(200);

            String id = UUID.randomUUID().toString();
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(base.resolve("/internal/calls"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", UUID.randomUUID().toString())
                            .POST(
                                    HttpRequest.BodyPublishers.ofString(
                                            "{\"id\":\"" + id + "\",\"direction\":\"outbound\","
                                                    + "\"account\":\"1001\",\"profile\":\"main\",\"local_uri\":\"sip:1001@pbx.test\","
                                                    + "\"remote_uri\":\"sip:+15550100@pbx.test\",\"started_at\":\"2025-03-01T10:00:00.000Z\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> read = get(base.resolve("/internal/calls/" + id), token);
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.body()).contains(id).contains("outbound");

            // systemd stops the service with SIGTERM to its main process, the JVM (runuser's child).
            ProcessHandle java = service.toHandle()
                    .descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("java"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no java process under runuser"));
            assertThat(java.info().user().orElse("")).isEqualTo("deskphone-server");
            java.destroy();
            assertThat(service.waitFor(60, TimeUnit.SECONDS))
                    .as("stopped within 60 s of SIGTERM")
                    .isTrue();
            assertThat(service.exitValue()).as(Files.readString(out)).isZero();
        } finally {
            service.descendants().forEach(ProcessHandle::destroyForcibly);
            service.destroyForcibly();
        }
        List<String> log = Files.readAllLines(out);
        assertThat(log)
                .anyMatch(line -> line.contains("status=201") && line.contains("token=it"))
                .anyMatch(line -> line.contains("backend stopped"))
                .noneMatch(line -> line.indexOf('\u001b') >= 0);
        assertThat(STATE.resolve("backend.db")).exists();
        assertThat(Files.readAttributes(STATE.resolve("backend.db"), PosixFileAttributes.class)
                        .owner()
                        .getName())
                .isEqualTo("deskphone-server");

        run(Duration.ofMinutes(5), "apt-get", "purge", "-y", "-o", LOCK_WAIT, PACKAGE);
        assertThat(COMMAND).doesNotExist();
        assertThat(UNIT).doesNotExist();
        assertThat(DEFAULTS).doesNotExist();
        assertThat(STATE.resolve("backend.db"))
                .as("the team's call history outlives the package")
                .exists();
        deleteState();
    }

    private HttpResponse<String> get(URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Left by an earlier run: the package (installed or only its conffiles) and its data. */
    private static void purgeIfInstalled() throws Exception {
        String status = run(Duration.ofSeconds(30), List.of("dpkg-query", "-W", "-f=${Status}", PACKAGE), true);
        if (status.startsWith("install ") || status.startsWith("deinstall ")) {
            run(Duration.ofMinutes(5), "apt-get", "purge", "-y", "-o", LOCK_WAIT, PACKAGE);
        }
        deleteState();
    }

    private static void deleteState() throws IOException {
        if (Files.exists(STATE)) {
            try (Stream<Path> files = Files.walk(STATE)) {
                for (Path file :
                        files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static String run(Duration timeout, String... command) throws Exception {
        return run(timeout, List.of(command), false);
    }

    /** Runs a command; stdout is returned, stderr only shown when it fails (or kept, for systemd-analyze). */
    private static String run(Duration timeout, List<String> command, boolean mayFail) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Path output = Files.createTempFile("server-package-it", ".out");
        Path errors = Files.createTempFile("server-package-it", ".err");
        Process process = builder.redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeout + ":\n"
                        + Files.readString(output) + Files.readString(errors));
            }
            String text = Files.readString(output);
            String stderr = Files.readString(errors);
            if (process.exitValue() != 0 && !mayFail) {
                throw new AssertionError(
                        String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text + stderr);
            }
            return command.get(0).equals("systemd-analyze") ? text + stderr : text;
        } finally {
            Files.deleteIfExists(output);
            Files.deleteIfExists(errors);
        }
    }
}
