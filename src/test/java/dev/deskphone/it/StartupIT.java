package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.DeskphoneProcess.CliResult;
import dev.deskphone.testsupport.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What makes the packaged app start sooner (benchmarks.md, "The launcher, the class archive and the
 * window first"): the app image's launcher (packaging/linux/launcher.sh) and the JVM it starts, with
 * what jpackage's own launcher gave the app and it still gets; and the window shown before WebKit
 * starts.
 */
class StartupIT {
    @TempDir
    Path tmp;

    @Test
    void theLauncherNeverAsksThePackageManagerWhoOwnsIt() throws Exception {
        // jpackage's launcher runs `rpm -qf` and `dpkg -S` on itself at every start: here they would
        // find these first on the PATH and leave a mark.
        Path fakes = Files.createDirectories(tmp.resolve("fake-bin"));
        Path asked = tmp.resolve("asked");
        for (String tool : List.of("rpm", "dpkg")) {
            Path fake = fakes.resolve(tool);
            Files.writeString(fake, "#!/bin/sh\necho \"" + tool + " $*\" >>'" + asked + "'\nexit 1\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"));
        app.env().put("PATH", fakes + ":" + System.getenv("PATH"));

        CliResult version = app.cli("--version");

        assertThat(version.exitCode()).as(version.stderr()).isZero();
        assertThat(version.stdout()).startsWith("Deskphone ");
        assertThat(asked)
                .as("the package manager was asked who owns the launcher")
                .doesNotExist();
    }

    @Test
    void theClassArchiveIsMappedWhereItWasMadeWithoutRelocation() throws Exception {
        DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"));
        app.env().put("JAVA_TOOL_OPTIONS", "-Xlog:cds=info");

        CliResult version = app.cli("--version");

        assertThat(version.exitCode()).as(version.stderr()).isZero();
        String log = version.stdout();
        assertThat(log)
                .as("the JVM maps the image's class archive")
                .contains("deskphone.jsa")
                .contains("Mapped static  region #0");
        // Relocating patches every pointer of the archive at each start (~175 ms here).
        assertThat(log).doesNotContain("alternative address");
    }

    @Test
    void theAppRunsUnderItsOwnNameAndKnowsItsLauncher() throws Exception {
        try (DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            app.start();
            long pid = app.awaitStatus("window shown", Duration.ofSeconds(30), s -> s.has("windowShownAt"))
                    .path("pid")
                    .asLong();

            // ps, top and pkill show `deskphone`, not `java`.
            assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "comm"))
                            .strip())
                    .isEqualTo("deskphone");
            Processes.Finished properties = Processes.run(List.of("jcmd", Long.toString(pid), "VM.system_properties"));
            assertThat(properties.exitCode()).as(properties.output()).isZero();
            // The autostart entry runs the app from here.
            assertThat(properties.output())
                    .contains("jpackage.app-path="
                            + DeskphoneProcess.launcher()
                                    .toRealPath()
                                    .toString()
                                    .replace(":", "\\:"));
        }
    }

    @Test
    void theToolkitsBeginWithTheCommandLineAndTheWindowIsShownBeforeWebKitStarts() throws Exception {
        try (DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            app.start("--log-level", "debug");
            // The channel serves once the page is in the window: every step below is in the log by then.
            app.awaitStatus("window shown", Duration.ofSeconds(30), s -> s.has("windowShownAt"));

            String log = Files.readString(app.home().resolve("logs").resolve("deskphone.log"));
            assertThat(stepAt(log, "toolkits began")).isLessThan(stepAt(log, "command line parsed"));
            assertThat(stepAt(log, "window shown")).isLessThanOrEqualTo(stepAt(log, "WebView created"));
            assertThat(log.indexOf("Start-up step: window shown"))
                    .as("logged when it happened, before the WebView")
                    .isLessThan(log.indexOf("Start-up step: WebView created"));
        }
    }

    /** A start-up step's time in ms since the JVM started, from a debug log. */
    private static long stepAt(String log, String step) {
        Matcher matcher =
                Pattern.compile("Start-up step: " + step + " at (\\d+) ms").matcher(log);
        assertThat(matcher.find()).as("step '%s' in %s", step, log).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void argumentsReachTheAppAsTyped() throws Exception {
        DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"));

        // One argument with a space, a quote and the name the launcher expands in its own configuration.
        CliResult result = app.cli("account", "list", "two words $APPDIR it's");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("Unmatched argument at index 4: 'two words $APPDIR it's'");
    }
}
