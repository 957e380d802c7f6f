package dev.deskphone.it;

import static dev.deskphone.it.AccountRegistrationIT.addAccount;
import static dev.deskphone.it.AccountRegistrationIT.allIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.ExternalTools;
import dev.deskphone.testsupport.Kamailio;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .deb an agent's machine gets (built by {@code ./mvnw -Pinstaller package}; this test builds
 * nothing): installed with apt, the installed launcher provisions a system profile as root and
 * registers against Kamailio under Xvfb; an upgrade to a newer package keeps the user's and the
 * admin's files; removal leaves nothing in /opt.
 */
class InstallerIT {
    private static final Path INSTALL_DIR = Path.of("/opt/deskphone");
    private static final Path LAUNCHER = INSTALL_DIR.resolve("bin/deskphone");
    private static final Path ON_PATH = Path.of("/usr/bin/deskphone");
    private static final String APP_ID = "dev.deskphone.Deskphone";
    private static final Path DESKTOP_ENTRY = Path.of("/usr/share/applications/" + APP_ID + ".desktop");
    private static final Path METAINFO = Path.of("/usr/share/metainfo/" + APP_ID + ".metainfo.xml");
    private static final Path BASH_COMPLETION = Path.of("/usr/share/bash-completion/completions/deskphone");
    /** Every file the desktop, shells and man find; all of them the package's own. */
    private static final List<Path> DESKTOP_FILES = List.of(
            DESKTOP_ENTRY,
            METAINFO,
            BASH_COMPLETION,
            Path.of("/usr/share/zsh/vendor-completions/_deskphone"),
            Path.of("/usr/share/man/man1/deskphone.1.gz"),
            Path.of("/usr/share/man/man1/deskphone-profile-add.1.gz"),
            Path.of("/usr/share/icons/hicolor/16x16/apps/" + APP_ID + ".png"),
            Path.of("/usr/share/icons/hicolor/32x32/apps/" + APP_ID + ".png"),
            Path.of("/usr/share/icons/hicolor/48x48/apps/" + APP_ID + ".png"),
            Path.of("/usr/share/icons/hicolor/128x128/apps/" + APP_ID + ".png"),
            Path.of("/usr/share/icons/hicolor/256x256/apps/" + APP_ID + ".png"),
            Path.of("/usr/share/icons/hicolor/scalable/apps/" + APP_ID + ".svg"));

    private static Path deb;

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsTheDebAndRoot() throws IOException {
        ExternalTools.require("apt-get");
        ExternalTools.require("dpkg-deb");
        ExternalTools.requireThat("root".equals(System.getProperty("user.name")), "installing a package needs root");
        Path dir = Path.of(System.getProperty("deskphone.installer.dir", "target/installer"));
        Optional<Path> found = Files.isDirectory(dir) ? findDeb(dir) : Optional.empty();
        ExternalTools.requireThat(
                found.isPresent(),
                "no deskphone_*.deb in " + dir
                        + ": build it with ./mvnw -Pinstaller package (CI: ./mvnw -B -Pinstaller verify)");
        deb = found.get();
    }

    @Test
    void installProvisionRegisterUpgradeAndRemove() throws Exception {
        removeIfInstalled();
        run(
                Duration.ofMinutes(3),
                "apt-get",
                "-o",
                "DPkg::Lock::Timeout=600",
                "install",
                "-y",
                "--no-install-recommends",
                deb.toAbsolutePath().toString());

        // Installed where the desktop and admins look for it.
        assertThat(LAUNCHER).isExecutable();
        assertThat(ON_PATH).isSymbolicLink();
        assertThat(Files.readSymbolicLink(ON_PATH)).isEqualTo(LAUNCHER);
        assertThat(Files.readString(DESKTOP_ENTRY))
                .contains("Exec=/opt/deskphone/bin/deskphone %u")
                .contains("MimeType=x-scheme-handler/sip;x-scheme-handler/sips;x-scheme-handler/tel;")
                .contains("Icon=" + APP_ID + "\n");
        assertThat(Files.readString(Path.of("/usr/share/applications/mimeinfo.cache")))
                .contains("x-scheme-handler/sip=" + APP_ID + ".desktop")
                .contains("x-scheme-handler/tel=" + APP_ID + ".desktop");
        assertDesktopIntegration();
        assertThat(run(Duration.ofSeconds(30), "getent", "group", "deskphone"))
                .as("the group sharing the system secrets")
                .startsWith("deskphone:");
        String version =
                run(Duration.ofSeconds(30), LAUNCHER.toString(), "--version").strip();
        assertThat(version)
                .startsWith("Deskphone ")
                .isEqualTo("Deskphone " + packageField(deb, "Version").replaceFirst("-\\d+$", ""));

        Map<String, String> users = AccountRegistrationIT.subscribers(1);
        try (Kamailio pbx = Kamailio.start(tmp.resolve("pbx"), users)) {
            DeskphoneProcess agent = new DeskphoneProcess(tmp.resolve("agent"), ON_PATH);
            // The admin (root) provisions the machine-wide profile with the installed command.
            agent.cliOk(
                    "profile",
                    "add",
                    "pbx",
                    "--server",
                    pbx.wsUrl(),
                    "--domain",
                    Kamailio.DOMAIN,
                    "--default",
                    "--system");
            assertThat(agent.env().get("DESKPHONE_SYSTEM_CONFIG_DIR")).isNotNull();
            assertThat(Path.of(agent.env().get("DESKPHONE_SYSTEM_CONFIG_DIR"), "deskphone.json"))
                    .exists();
            addAccount(agent, "1001", users.get("1001"));

            registerAndQuit(agent, pbx);

            // The user's files: configuration and the app's data directory (WebView storage, window
            // state, and the call-event outbox, which lives there: a stand-in file plays its part here).
            Files.writeString(dataDir(agent).resolve("outbox-stand-in.db"), "events not yet delivered");
            Map<Path, String> before = userFiles(agent);
            assertThat(before.keySet())
                    .anyMatch(p -> p.endsWith("deskphone.json"))
                    .anyMatch(p -> p.endsWith("secrets.json"));

            Path newer = rebuiltWithVersion(deb, "0.1.1-1");
            run(
                    Duration.ofMinutes(3),
                    "apt-get",
                    "-o",
                    "DPkg::Lock::Timeout=600",
                    "install",
                    "-y",
                    "--no-install-recommends",
                    newer.toString());
            assertThat(run(Duration.ofSeconds(30), "dpkg-query", "-W", "-f=${Version}", "deskphone"))
                    .isEqualTo("0.1.1-1");
            assertThat(ON_PATH).isSymbolicLink();
            assertThat(DESKTOP_FILES).allSatisfy(file -> assertThat(file).exists());
            assertThat(userFiles(agent))
                    .as("an upgrade keeps every user and admin file as it was")
                    .isEqualTo(before);

            registerAndQuit(agent, pbx);
        }

        run(Duration.ofMinutes(2), "apt-get", "-o", "DPkg::Lock::Timeout=600", "remove", "-y", "deskphone");
        assertThat(INSTALL_DIR).doesNotExist();
        assertThat(ON_PATH).doesNotExist();
        assertThat(DESKTOP_FILES).allSatisfy(file -> assertThat(file).doesNotExist());
        assertThat(Files.readString(Path.of("/usr/share/applications/mimeinfo.cache")))
                .doesNotContain("deskphone");
    }

    /** The files are the package's, and the tools that read them accept them. */
    private static void assertDesktopIntegration() throws Exception {
        for (Path file : DESKTOP_FILES) {
            assertThat(run(Duration.ofSeconds(30), "dpkg-query", "-S", file.toString()))
                    .startsWith("deskphone: ");
        }
        ExternalTools.require("desktop-file-validate");
        ExternalTools.require("appstreamcli");
        run(Duration.ofSeconds(30), "desktop-file-validate", DESKTOP_ENTRY.toString());
        run(Duration.ofSeconds(60), "appstreamcli", "validate", "--no-net", METAINFO.toString());
        try (InputStream page =
                new GZIPInputStream(Files.newInputStream(Path.of("/usr/share/man/man1/deskphone-profile-add.1.gz")))) {
            assertThat(new String(page.readAllBytes(), StandardCharsets.UTF_8))
                    .startsWith(".TH \"DESKPHONE\\-PROFILE\\-ADD\" \"1\"")
                    .contains("\\-\\-system");
        }
        // What bash does for `deskphone pro<TAB>`: the completion function fills COMPREPLY.
        String completed = run(
                Duration.ofSeconds(30),
                "bash",
                "-c",
                "source " + BASH_COMPLETION
                        + "; COMP_WORDS=(deskphone pro); COMP_CWORD=1; COMP_LINE='deskphone pro'; COMP_POINT=${#COMP_LINE};"
                        + " _complete_deskphone 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"");
        assertThat(completed.lines()).contains("profile").allMatch(word -> word.startsWith("pro"));
    }

    /** The installed app registers (the PBX binds its contact) and, quit, unregisters (the binding is gone). */
    private static void registerAndQuit(DeskphoneProcess agent, Kamailio pbx) throws Exception {
        try (agent) {
            agent.start();
            agent.awaitStatus("the installed app registered", Duration.ofSeconds(60), s -> allIn(s, "registered", 1));
            AccountRegistrationIT.assertBoundOverWebSocket(pbx, Set.of("1001"));
        }
        assertThat(pbx.registeredExtensions()).as("unregistered when it quit").isEmpty();
    }

    private static Path dataDir(DeskphoneProcess agent) {
        return Path.of(agent.env().get("XDG_DATA_HOME"), "deskphone");
    }

    /** Every file of the user's config, the system config and the app's data, with its content's hash. */
    private static Map<Path, String> userFiles(DeskphoneProcess agent) throws IOException {
        Map<Path, String> files = new java.util.TreeMap<>();
        for (Path root :
                List.of(agent.configDir(), Path.of(agent.env().get("DESKPHONE_SYSTEM_CONFIG_DIR")), dataDir(agent))) {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    files.put(file, Integer.toHexString(java.util.Arrays.hashCode(Files.readAllBytes(file))));
                }
            }
        }
        return files;
    }

    /**
     * The same package with a newer version (what a rebuild at 0.1.1 gives, without the minutes a
     * second jpackage run takes): apt treats it as an upgrade and runs the maintainer scripts so.
     */
    private Path rebuiltWithVersion(Path original, String version) throws Exception {
        Path tree = tmp.resolve("deb-tree");
        run(Duration.ofMinutes(2), "dpkg-deb", "-R", original.toAbsolutePath().toString(), tree.toString());
        Path control = tree.resolve("DEBIAN/control");
        Files.writeString(control, Files.readString(control).replaceFirst("(?m)^Version: .*$", "Version: " + version));
        Path newer = tmp.resolve("deskphone_" + version + "_amd64.deb");
        run(Duration.ofMinutes(2), "dpkg-deb", "-Znone", "-b", tree.toString(), newer.toString());
        return newer;
    }

    private static void removeIfInstalled() throws Exception {
        String status = run(Duration.ofSeconds(30), List.of("dpkg-query", "-W", "-f=${Status}", "deskphone"), true);
        // Left by an earlier run: installed, half-configured, or only its config files.
        if (status.startsWith("install ") || status.startsWith("deinstall ")) {
            run(Duration.ofMinutes(2), "dpkg", "--purge", "deskphone");
        }
    }

    private static String packageField(Path deb, String field) throws Exception {
        return run(Duration.ofSeconds(30), "dpkg-deb", "-f", deb.toString(), field)
                .strip();
    }

    private static Optional<Path> findDeb(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("deskphone_.*\\.deb"))
                    .findFirst();
        }
    }

    private static String run(Duration timeout, String... command) throws Exception {
        return run(timeout, List.of(command), false);
    }

    private static String run(Duration timeout, List<String> command, boolean mayFail) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Path output = Files.createTempFile("installer-it", ".out");
        Process process = builder.redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(
                        String.join(" ", command) + " did not finish in " + timeout + ":\n" + Files.readString(output));
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0 && !mayFail) {
                throw new AssertionError(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
