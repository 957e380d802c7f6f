package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.testsupport.CallLab;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.PrivateXvfb;
import dev.deskphone.testsupport.Processes;
import dev.deskphone.testsupport.PulseAudioFixture.SineSource;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The desktop ends the app from outside: a session manager's or systemd's SIGTERM, the SIGHUP of a
 * closing session. The app quits as its tray's Quit does (the PBX is told it is gone, the outbox is
 * closed) and exits 0, with no crash report anywhere.
 */
class DesktopExitIT {
    private static final Duration CALL_STEP = Duration.ofSeconds(30);
    private static final Path LOGS = Path.of("target", "it-logs", "DesktopExitIT");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"TERM", "HUP"})
    void aSignalUnregistersAndExitsCleanly(String signal) throws Exception {
        assertThat(ignoredHere(signal))
                .as("SIG" + signal + " is ignored by this test's JVM (inherited, e.g. from nohup); the app would"
                        + " inherit that and the JVM then keeps its handler out, so the signal cannot be tested here")
                .isFalse();
        Map<String, String> users = AccountRegistrationIT.subscribers(1);
        try (Kamailio pbx = Kamailio.start(tmp.resolve("pbx"), users);
                DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            AccountRegistrationIT.provision(app, pbx.wsUrl(), users);
            app.start();
            long pid = app.awaitStatus(
                            "registered", Duration.ofSeconds(30), s -> AccountRegistrationIT.allIn(s, "registered", 1))
                    .path("pid")
                    .asLong();
            assertThat(pbx.registeredExtensions()).containsExactly("1001");

            Processes.Finished kill = Processes.run(List.of("kill", "-" + signal, Long.toString(pid)));
            assertThat(kill.exitCode()).as(kill.output()).isZero();

            assertThat(app.awaitExit(Duration.ofSeconds(30)))
                    .as("exited after SIG" + signal)
                    .isTrue();
            assertThat(app.process().exitValue()).as(app.appOutput()).isZero();
            assertThat(pbx.registeredExtensions())
                    .as("the PBX no longer routes calls to the closed app")
                    .isEmpty();
            String log = Files.readString(app.home().resolve("logs").resolve("deskphone.log"));
            assertThat(log).contains("SIG" + signal + ": quitting", "Unregistered [pbx/1001] before quitting");
            assertNoCrashReport(app);
        }
    }

    /** Whether this process ignores the signal (SigIgn in /proc/self/status, bit n-1 for signal n). */
    private static boolean ignoredHere(String signal) throws Exception {
        int number = Map.of("HUP", 1, "TERM", 15).get(signal);
        String mask = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("SigIgn:"))
                .findFirst()
                .orElseThrow()
                .substring("SigIgn:".length())
                .strip();
        return new BigInteger(mask, 16).testBit(number - 1);
    }

    /**
     * The X server dies under the app (a logout that signals nothing first). The page cannot run any
     * more (its FX thread is stuck in Xlib), so Java's SIP socket removes the account's binding itself
     * (a REGISTER with expires=0 answering the registrar's digest challenge) before the process ends:
     * the PBX stops routing calls to the gone agent at once, not when the registration expires. The
     * end is not a crash.
     */
    @Test
    void losingTheDisplayUnregistersAndEndsTheAppWithoutACrash() throws Exception {
        Map<String, String> users = AccountRegistrationIT.subscribers(1);
        try (Kamailio pbx = Kamailio.start(tmp.resolve("pbx"), users);
                PrivateXvfb x = PrivateXvfb.start();
                DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            AccountRegistrationIT.provision(app, pbx.wsUrl(), users);
            app.env().put("DISPLAY", x.display());
            app.start();
            app.awaitStatus("registered", Duration.ofSeconds(30), s -> AccountRegistrationIT.allIn(s, "registered", 1));
            // The tray probe (AWT) runs just after the window: the display dies under both toolkits.
            awaitLog(app, "system tray");
            awaitLog(app, "X I/O error handler is in place");
            assertThat(pbx.registeredExtensions()).containsExactly("1001");

            long lost = System.nanoTime();
            x.kill();
            long unbound = -1;
            while (System.nanoTime() - lost < Duration.ofSeconds(30).toNanos()) {
                if (pbx.registeredExtensions().isEmpty()) {
                    unbound = System.nanoTime();
                    break;
                }
                Thread.sleep(20);
            }

            assertThat(app.awaitExit(Duration.ofSeconds(30)))
                    .as("ended with its display")
                    .isTrue();
            long exited = System.nanoTime();
            System.out.printf(
                    "display lost: binding removed after %d ms, process gone after at most %d ms, exit %d%n",
                    unbound < 0 ? -1 : (unbound - lost) / 1_000_000,
                    (exited - lost) / 1_000_000,
                    app.process().exitValue());
            assertThat(unbound)
                    .as("the PBX no longer has the binding" + app.appOutput())
                    .isPositive();
            assertThat(app.process().exitValue()).as(app.appOutput()).isEqualTo(1);
            String log = Files.readString(app.home().resolve("logs").resolve("deskphone.log"));
            assertThat(log)
                    .contains("The display went away", "Display lost: 1001 at ", "binding removed (200 OK)")
                    .contains("Exiting (1) because the display went away");
            assertNoCrashReport(app);
            assertThat(app.appOutput()).doesNotContain("fatal error has been detected", "malloc()");
        }
    }

    /**
     * The display goes away during a call: the far end's call ends at once, hung up by a BYE that Java
     * sent for the page (not by its media timing out), and the PBX no longer has the agent's binding.
     */
    @Test
    void losingTheDisplayHangsUpTheCallInProgress() throws Exception {
        try (CallLab lab =
                CallLab.start(tmp, LOGS, List.of(new SineSource("tone440", 440)), List.of("speakerA", "speakerB"), 2)) {
            PrivateXvfb x = lab.closesWith(PrivateXvfb.start());
            DeskphoneProcess a = lab.app("a", "1001", "tone440", "speakerA");
            a.env().put("DISPLAY", x.display());
            DeskphoneProcess b = lab.app("b", "1002", "tone440", "speakerB");
            a.start(lab.namespace());
            b.start(lab.namespace());
            CallLab.awaitReady(Duration.ofSeconds(120), a, b);
            awaitLog(a, "X I/O error handler is in place");
            long since = System.currentTimeMillis();
            b.cliOk("dial", "1001");
            a.awaitCall(
                    "the call rings at A",
                    CALL_STEP,
                    c -> "ringing".equals(c.path("state").asText()));
            a.cliOk("call", "answer");
            b.awaitCall(
                    "A answered",
                    CALL_STEP,
                    c -> "established".equals(c.path("state").asText()));

            long lost = System.nanoTime();
            x.kill();
            JsonNode ended = b.awaitEnded(since, Duration.ofSeconds(10));
            long hungUp = System.nanoTime();

            System.out.printf(
                    "display lost during a call: the far end's call ended after %d ms%n", (hungUp - lost) / 1_000_000);
            assertThat(ended.path("endedBy").asText()).as("hung up by A's BYE").isEqualTo("remote");
            assertThat(a.awaitExit(Duration.ofSeconds(30)))
                    .as("A ended with its display")
                    .isTrue();
            assertThat(lab.pbx().registeredExtensions())
                    .as("A's binding removed")
                    .containsExactly("1002");
            String log = Files.readString(a.home().resolve("logs").resolve("deskphone.log"));
            assertThat(log).contains("binding removed (200 OK), BYE sent for 1 call");
            JsonNode history =
                    new ObjectMapper().readTree(a.cliOk("history", "--json").stdout());
            assertThat(history)
                    .as("A's call, recorded after A could not run its page")
                    .hasSize(1);
            assertThat(history.get(0).path("reason").asText()).isEqualTo("failed");
            assertThat(history.get(0).path("disposition").asText()).isEqualTo("display-lost");
            assertThat(history.get(0).hasNonNull("endedAt")).isTrue();
        }
    }

    private static void awaitLog(DeskphoneProcess app, String text) throws Exception {
        app.awaitLog("\"" + text + "\"", Duration.ofSeconds(30), log -> log.contains(text));
    }

    static void assertNoCrashReport(DeskphoneProcess app) throws Exception {
        try (Stream<Path> files = Files.walk(app.home())) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("hs_err"))
                            .toList())
                    .as(app.appOutput())
                    .isEmpty();
        }
    }
}
