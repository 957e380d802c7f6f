package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.DeskphoneProcess.CliResult;
import dev.deskphone.testsupport.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two launches of the packaged app for one configuration: the second hands over to the first over
 * the local instance channel (ADR 0004) and exits at once; a clicked sip:/tel: link given to the
 * second launch reaches the first as a {@code dial} request.
 */
class SingleInstanceIT {
    /** A JVM start plus one request: well under this on any machine CI runs on. */
    private static final Duration QUICK = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @Test
    void aSecondLaunchBringsTheFirstForwardAndExitsAndALinkIsHandedOverAsADialRequest() throws Exception {
        try (DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            app.start("--log-level", "debug");
            JsonNode first = app.awaitStatus("window shown", Duration.ofSeconds(30), s -> s.has("windowShownAt"));
            assertThat(first.has("activatedAt")).isFalse();

            long launchedAt = System.currentTimeMillis();
            CliResult second = app.cli();
            long secondTookMs = System.currentTimeMillis() - launchedAt;

            assertThat(second.exitCode()).as(second.stderr()).isZero();
            assertThat(second.stdout()).contains("already running");
            assertThat(Duration.ofMillis(secondTookMs)).isLessThan(QUICK);
            JsonNode activated = app.awaitStatus(
                    "the first instance activated",
                    QUICK,
                    s -> s.path("activatedAt").asLong() >= launchedAt);
            assertThat(activated.path("pid").asLong())
                    .as("still the first process")
                    .isEqualTo(first.path("pid").asLong());
            assertThat(activated.path("windowVisible").asBoolean()).isTrue();
            assertThat(app.process().isAlive()).isTrue();

            CliResult link = app.cli("sip:1001@pbx.test");

            // The request reached the running instance, whose log shows it (--log-level debug)...
            awaitLog(app, "Instance request 'dial'");
            // ...which takes it (placing the call is CallAudioIT's: this app has no account).
            assertThat(link.exitCode()).as(link.stderr()).isZero();
            assertThat(link.stdout()).contains("sip:1001@pbx.test was handed to it");
            assertThat(app.process().isAlive()).isTrue();
        }
    }

    @Test
    void twoLaunchesAtTheSameMomentGiveOneAppAndTheOtherHandsItsLinkOver() throws Exception {
        try (DeskphoneProcess app = new DeskphoneProcess(tmp.resolve("agent"))) {
            Path secondOut = app.home().resolve("second.out");
            // Both launches start before either JVM is up: they race for the instance.
            app.start("--log-level", "debug", "sip:1001@pbx.test");
            Process second = app.launchAnother(secondOut, "--log-level", "debug", "sip:1001@pbx.test");
            try {
                long firstPid = app.process().pid();
                long secondPid = second.pid();

                // Either may win: awaitStatus would count the first launch's exit as a failure.
                long runningPid = awaitAnyStatus(app).path("pid").asLong();
                assertThat(runningPid).isIn(firstPid, secondPid);
                Process loser = runningPid == firstPid ? second : app.process();
                Path loserOut = runningPid == firstPid ? secondOut : app.home().resolve("app.out");

                assertThat(loser.waitFor(60, TimeUnit.SECONDS))
                        .as("the other launch exits")
                        .isTrue();
                assertThat(loser.exitValue()).as(Files.readString(loserOut)).isZero();
                assertThat(Files.readString(loserOut)).contains("sip:1001@pbx.test was handed to it");
                awaitLog(app, "Instance request 'dial'");
                Thread.sleep(1000);
                assertThat(ProcessHandle.of(runningPid).map(ProcessHandle::isAlive))
                        .as("the app runs on")
                        .contains(true);
                assertThat(app.status().orElseThrow().path("pid").asLong()).isEqualTo(runningPid);
            } finally {
                Processes.stop(second);
            }
        }
    }

    private static JsonNode awaitAnyStatus(DeskphoneProcess app) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> status = app.status();
            if (status.isPresent()) {
                return status.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("neither launch answered on the instance channel\n" + app.appOutput());
    }

    private static void awaitLog(DeskphoneProcess app, String text) throws Exception {
        app.awaitLog("\"" + text + "\"", QUICK, log -> log.contains(text));
    }
}
