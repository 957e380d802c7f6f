package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.JavaProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process holding undelivered events (a child JVM running the app's outbox and
 * forwarder): the next process delivers every one of them, and none twice; and a wrap-up form's draft
 * held at the kill becomes the call's wrap-up.
 */
class KillNineIT {
    private static final int CALLS = 50;

    @TempDir
    Path dir;

    @Test
    void eventsPendingAtKillNineAreAllDeliveredAfterTheRestart() throws Exception {
        Path outboxFile = dir.resolve("outbox.db");
        try (RealBackend backend = new RealBackend(dir.resolve("backend"));
                MockWebServer slowLink = new MockWebServer()) {
            // A slow link to the backend, so that events are still waiting when the process dies.
            okhttp3.OkHttpClient upstream = new okhttp3.OkHttpClient();
            slowLink.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                    Thread.sleep(100);
                    okhttp3.Request.Builder out = new okhttp3.Request.Builder()
                            .url(backend.baseUrl + request.getPath())
                            .header("Authorization", request.getHeader("Authorization"));
                    if (request.getHeader("Idempotency-Key") != null) {
                        out.header("Idempotency-Key", request.getHeader("Idempotency-Key"));
                    }
                    if (request.getMethod().equals("POST")) {
                        out.post(okhttp3.RequestBody.create(
                                request.getBody().readByteArray(), okhttp3.MediaType.get("application/json")));
                    }
                    try (okhttp3.Response response =
                            upstream.newCall(out.build()).execute()) {
                        return new MockResponse()
                                .setResponseCode(response.code())
                                .setBody(response.body().string());
                    } catch (java.io.IOException e) {
                        return new MockResponse().setResponseCode(503);
                    }
                }
            });
            slowLink.start(java.net.InetAddress.getLoopbackAddress(), 0);

            Process first =
                    child("append", outboxFile, slowLink.url("/").toString(), backend.token, String.valueOf(CALLS));
            String stored = firstLine(first);
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no close
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(stored).isEqualTo("STORED " + CALLS * 4);

            Set<String> waiting;
            try (Outbox outbox = Outbox.open(outboxFile, 100_000, true)) {
                waiting = outbox.list(false).stream().map(OutboxEntry::callId).collect(Collectors.toSet());
                assertThat(outbox.counts().pending())
                        .as("events left undelivered by the killed process")
                        .isGreaterThan(0);
                assertThat(outbox.counts().dead()).isZero();
            }

            Process second = child("drain", outboxFile, backend.baseUrl.toString(), backend.token);
            String drained = firstLine(second);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(drained).isEqualTo("DRAINED Counts[pending=0, dead=0, capacity=100000]");
            assertThat(second.exitValue()).isZero();

            assertThat(backend.callRows()).isEqualTo(CALLS);
            try (Outbox outbox = Outbox.open(outboxFile, 100_000, true)) {
                assertThat(outbox.list(false)).isEmpty();
            }
            // Every call the killed process left behind is complete at the backend, as the page sent it.
            List<String> checked = new ArrayList<>();
            for (String id : waiting) {
                var call = backend.call(id);
                assertThat(call.get("state").asText()).as(id).isEqualTo("wrapped_up");
                assertThat(call.get("disposition").asText()).isEqualTo("sale");
                checked.add(id);
            }
            assertThat(checked).isNotEmpty();
        }
    }

    @Test
    void aWrapUpDraftHeldAtKillNineIsTheCallsWrapUpAfterTheRestart() throws Exception {
        Path outboxFile = dir.resolve("outbox.db");
        String id = PageEvents.newCallId();
        try (RealBackend backend = new RealBackend(dir.resolve("backend"))) {
            Process first = child("draft", outboxFile, backend.baseUrl.toString(), backend.token, id);
            assertThat(firstLine(first)).isEqualTo("STORED 3");
            first.destroyForcibly();
            assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
            try (Outbox outbox = Outbox.open(outboxFile, 100_000, true)) {
                assertThat(outbox.drafts()).extracting(WrapUpDraft::callId).containsExactly(id);
            }

            Process second = child("drain", outboxFile, backend.baseUrl.toString(), backend.token);
            assertThat(firstLine(second)).isEqualTo("DRAINED Counts[pending=0, dead=0, capacity=100000]");
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();

            var call = backend.call(id);
            assertThat(call.get("state").asText()).isEqualTo("wrapped_up");
            assertThat(call.get("notes").asText()).isEqualTo("typed before the crash");
            assertThat(call.get("disposition").asText()).isEqualTo("sale");
            assertThat(java.time.Instant.parse(call.get("wrapup_ended_at").asText())
                            .toEpochMilli())
                    .isEqualTo(PageEvents.T0 + 2500);
            try (Outbox outbox = Outbox.open(outboxFile, 100_000, true)) {
                assertThat(outbox.drafts()).isEmpty();
            }
        }
    }

    private static Process child(String... args) throws Exception {
        List<String> arguments = new ArrayList<>();
        for (Object a : args) {
            arguments.add(a.toString());
        }
        return new ProcessBuilder(JavaProcess.command(OutboxChild.class, List.of("-Xmx128m"), arguments))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static Process child(String mode, Path outbox, String... rest) throws Exception {
        List<String> args = new ArrayList<>(List.of(mode, outbox.toString()));
        args.addAll(List.of(rest));
        return child(args.toArray(String[]::new));
    }

    /** The child's first line on stdout (its log goes to stderr... or stdout: skip log lines). */
    private static String firstLine(Process process) throws Exception {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith("STORED") || line.startsWith("DRAINED")) {
                return line;
            }
        }
        return "(no output; exit " + process.waitFor() + ")";
    }
}
