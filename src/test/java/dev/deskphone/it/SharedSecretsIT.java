package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.ExternalTools;
import dev.deskphone.testsupport.PrivateXvfb;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The system secrets as real Unix users meet them: root provisions a locked profile with a TURN
 * password, an agent in the sharing group can use it, an agent outside it is told why not and how the
 * administrator fixes it. The users and the group are made for the test and removed after it.
 */
class SharedSecretsIT {
    private final String suffix =
            HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
    private final String group = "dp-share-" + suffix;
    private final String member = "dp-in-" + suffix;
    private final String outsider = "dp-out-" + suffix;
    private final List<String[]> cleanUp = new ArrayList<>();
    private Path root;

    @BeforeEach
    void usersAndAGroup() throws Exception {
        ExternalTools.requireThat("root".equals(System.getProperty("user.name")), "creating Unix users needs root");
        for (String tool : List.of("groupadd", "useradd", "userdel", "groupdel", "runuser")) {
            ExternalTools.require(tool);
        }
        // Not a @TempDir: JUnit makes those 0700, and the agents must reach their homes and the system directory.
        root = Files.createTempDirectory("shared-secrets");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        run("groupadd", "--system", group);
        cleanUp.add(0, new String[] {"groupdel", group});
        for (String user : List.of(member, outsider)) {
            run(
                    "useradd",
                    "--no-create-home",
                    "--home-dir",
                    root.resolve(user).toString(),
                    "--shell",
                    "/usr/sbin/nologin",
                    user);
            cleanUp.add(0, new String[] {"userdel", user});
            Files.createDirectories(root.resolve(user));
            run("chown", user, root.resolve(user).toString());
        }
        run("usermod", "--append", "--groups", group, member);
    }

    @AfterEach
    void removeThem() throws Exception {
        for (String[] command : cleanUp) {
            run(command);
        }
        if (root != null) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void agentsInTheGroupUseTheTurnPasswordOthersAreToldHowToGetIt() throws Exception {
        Path passwordFile = Files.writeString(root.resolve("turn.pw"), "turn-secret\n");
        Path secrets = root.resolve("etc/secrets.json");

        Result added = deskphone(
                "root",
                "profile",
                "add",
                "hq",
                "--server",
                "wss://pbx.example.com/ws",
                "--domain",
                "example.com",
                "--turn",
                "turns:turn.example.com:5349",
                "--turn-username",
                "agents",
                "--turn-password-file",
                passwordFile.toString(),
                "--system",
                "--default");
        assertThat(added.exitCode()).as(added.toString()).isZero();
        assertThat(added.out())
                .contains("is root:" + group + ", mode 0640: members of group '" + group + "' can use them");
        assertSharedWithTheGroup(secrets);

        Result asMember = deskphone(member, "profile", "show", "hq");
        assertThat(asMember.exitCode()).as(asMember.toString()).isZero();
        assertThat(asMember.out()).contains("turn-password         stored");
        assertThat(asMember.err()).isEmpty();

        Result asOutsider = deskphone(outsider, "profile", "show", "hq");
        assertThat(asOutsider.exitCode()).as(asOutsider.toString()).isZero();
        assertThat(asOutsider.out()).contains("turn-password         missing, or not readable by this user");
        assertThat(asOutsider.err())
                .contains("deskphone: warning: TURN passwords in " + secrets
                        + " cannot be read by this user (" + outsider
                        + "): calls that need the administrator's TURN relay will fail;"
                        + " an administrator adds the user to group '" + group + "' (adduser " + outsider + " " + group
                        + "), then the user logs in again");

        // Another change by the administrator keeps the file shared, and the member still reads it.
        Result second = deskphone(
                "root",
                "profile",
                "add",
                "lab",
                "--server",
                "wss://lab.example.com/ws",
                "--domain",
                "lab.example.com",
                "--turn",
                "turn:turn.example.com:3478",
                "--turn-username",
                "lab",
                "--turn-password-file",
                passwordFile.toString(),
                "--system");
        assertThat(second.exitCode()).as(second.toString()).isZero();
        assertSharedWithTheGroup(secrets);
        assertThat(deskphone(member, "profile", "show", "lab").out()).contains("turn-password         stored");
    }

    @Test
    void aBackendTokenSharedWithTheGroupIsReadByItsMembersOnly() throws Exception {
        // As deployment.md has the administrator provision it: root:GROUP 0640, made before the token goes in.
        Path token = root.resolve("etc/desk.token");
        Files.createDirectories(token.getParent());
        run("install", "-m", "0640", "-o", "root", "-g", group, "/dev/null", token.toString());
        Files.writeString(token, "desk-token-0123456789\n");

        Result asMember = deskphone(
                member, "settings", "set", "--backend", "http://127.0.0.1:9", "--backend-token-file", token.toString());
        assertThat(asMember.exitCode()).as(asMember.toString()).isZero();

        Result asOutsider = deskphone(
                outsider,
                "settings",
                "set",
                "--backend",
                "http://127.0.0.1:9",
                "--backend-token-file",
                token.toString());
        assertThat(asOutsider.exitCode()).as(asOutsider.toString()).isEqualTo(2);
        assertThat(asOutsider.err())
                .contains(
                        "--backend-token-file: cannot read " + token + " (permission denied: a token"
                                + " the administrator shares is root:deskphone, mode 0640, and this user must be in group deskphone)");
    }

    @Test
    void theRunningAppOfAnAgentOutsideTheGroupSaysWhyInStatus() throws Exception {
        Path passwordFile = Files.writeString(root.resolve("turn.pw"), "turn-secret\n");
        Result added = deskphone(
                "root",
                "profile",
                "add",
                "hq",
                "--server",
                "ws://127.0.0.1:9/ws",
                "--domain",
                "example.com",
                "--turn",
                "turn:127.0.0.1:9",
                "--turn-username",
                "agents",
                "--turn-password-file",
                passwordFile.toString(),
                "--system",
                "--default");
        assertThat(added.exitCode()).as(added.toString()).isZero();

        // An X server any local user may use (no authorisation file), unlike xvfb-run's.
        try (PrivateXvfb display = PrivateXvfb.start()) {
            Process app = new ProcessBuilder(command(outsider, List.of("DISPLAY=" + display.display())))
                    .redirectErrorStream(true)
                    .redirectOutput(root.resolve(outsider).resolve("app.out").toFile())
                    .start();
            try {
                Result status = null;
                for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); System.nanoTime() < deadline; ) {
                    status = deskphone(outsider, "status");
                    if (status.exitCode() == 0 && status.out().contains("Warning: ")) {
                        break;
                    }
                    assertThat(app.isAlive())
                            .as("the app runs: "
                                    + Files.readString(root.resolve(outsider).resolve("app.out")))
                            .isTrue();
                    Thread.sleep(500);
                }
                assertThat(status.out())
                        .as(status.toString())
                        .contains("Warning: TURN passwords in " + root.resolve("etc/secrets.json")
                                + " cannot be read by this user (" + outsider + ")");
            } finally {
                app.descendants().forEach(ProcessHandle::destroy);
                app.destroy();
                app.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private void assertSharedWithTheGroup(Path secrets) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(secrets, PosixFileAttributes.class);
        assertThat(attributes.owner().getName()).isEqualTo("root");
        assertThat(attributes.group().getName()).isEqualTo(group);
        assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-r-----");
    }

    private record Result(int exitCode, String out, String err) {}

    /**
     * The app image's launcher run as {@code user}, with its own config, log, state and runtime
     * directories (the runtime directory made by the user, 0700, as the instance channel demands).
     */
    private List<String> command(String user, List<String> environment, String... args) throws Exception {
        Path home = root.resolve(user);
        Files.createDirectories(home);
        if (!Files.isDirectory(home.resolve("run"))) {
            run(
                    "runuser",
                    "-u",
                    user,
                    "--",
                    "mkdir",
                    "-m",
                    "700",
                    home.resolve("run").toString());
        }
        List<String> command = new ArrayList<>(List.of(
                "runuser",
                "-u",
                user,
                "--",
                "env",
                "HOME=" + home,
                "DESKPHONE_CONFIG_DIR=" + home.resolve("config"),
                "DESKPHONE_SYSTEM_CONFIG_DIR=" + root.resolve("etc"),
                "DESKPHONE_SYSTEM_SECRETS_GROUP=" + group,
                "DESKPHONE_LOG_DIR=" + home.resolve("logs"),
                "XDG_STATE_HOME=" + home.resolve("state"),
                "XDG_DATA_HOME=" + home.resolve("data"),
                "XDG_RUNTIME_DIR=" + home.resolve("run")));
        command.addAll(environment);
        command.add(DeskphoneProcess.launcher().toAbsolutePath().toString());
        command.addAll(List.of(args));
        return command;
    }

    private Result deskphone(String user, String... args) throws Exception {
        List<String> command = command(user, List.of(), args);
        Path out = Files.createTempFile("shared-secrets", ".out");
        Path err = Files.createTempFile("shared-secrets", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in 60 s");
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }
}
