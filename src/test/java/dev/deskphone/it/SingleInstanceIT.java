package dev.deskphone.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.DeskphoneProcess.CliResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            JsonNode activated = app.awaitStatus("the first instance activated", QUICK,
                    s -> s.path("activatedAt").asLong() >= launchedAt);
            assertThat(activated.path("pid").asLong()).as("still the first process").isEqualTo(first.path("pid").asLong());
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

    private static void awaitLog(DeskphoneProcess app, String text) throws Exception {
        Path log = app.home().resolve("logs").resolve("deskphone.log");
        long deadline = System.nanoTime() + QUICK.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the app log never said: " + text + "\n" + app.appOutput());
    }
}
