package dev.deskphone.server;

import static dev.deskphone.server.Calls.T0;
import static dev.deskphone.server.Calls.T1;
import static dev.deskphone.server.Calls.T2;
import static dev.deskphone.server.Calls.T3;
import static dev.deskphone.server.Calls.answered;
import static dev.deskphone.server.Calls.created;
import static dev.deskphone.server.Calls.ended;
import static dev.deskphone.server.Calls.newId;
import static dev.deskphone.server.Calls.with;
import static dev.deskphone.server.Calls.without;
import static dev.deskphone.server.Calls.wrapup;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.server.ApiClient.Response;
import dev.deskphone.testsupport.PostgresExtension;
import dev.deskphone.testsupport.PostgresExtension.Postgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The API contract, every endpoint, status and error shape, run once on SQLite and once on a real
 * PostgreSQL. Each test uses its own call ids and account names, so tests share one server.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabase.class)
@ExtendWith(PostgresExtension.class)
class CallsApiIT {
    @Parameter
    TestDatabase database;

    static BackendUnderTest backend;
    static ApiClient api;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database, Postgres postgres) throws Exception {
        backend = new BackendUnderTest(database, postgres, Files.createTempDirectory("deskphone-api-it"), "contract");
        api = backend.api;
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        backend.close();
    }

    private static String account() {
        return "acct-" + newId().substring(0, 8);
    }

    private static String createCall() throws Exception {
        String id = newId();
        assertThat(api.post("/internal/calls", created(id, account())).status()).isEqualTo(201);
        return id;
    }

    // --- POST /internal/calls ---

    @Test
    void createAnswers201WithTheStoredCall() throws Exception {
        String id = newId();
        Response response = api.post("/internal/calls", created(id, "1001"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.raw().headers().firstValue("Location")).hasValue("/internal/calls/" + id);
        JsonNode call = response.json();
        assertThat(call.get("id").asText()).isEqualTo(id);
        assertThat(call.get("direction").asText()).isEqualTo("inbound");
        assertThat(call.get("account").asText()).isEqualTo("1001");
        assertThat(call.get("remote_display_name").asText()).isEqualTo("Alice");
        assertThat(call.get("started_at").asText()).isEqualTo(T0);
        assertThat(call.get("state").asText()).isEqualTo("ringing");
        assertThat(call.get("answered_at").isNull()).isTrue();
        assertThat(call.get("ring_duration_ms").isNull()).isTrue();
        assertThat(backend.rowsFor(id)).isEqualTo(1);
    }

    @Test
    void theSameCreateAgainIs200AndChangesNothing() throws Exception {
        String id = newId();
        Response first = api.post("/internal/calls", created(id, "1001"));
        Response again = api.post("/internal/calls", created(id, "1001"));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(backend.rowsFor(id)).isEqualTo(1);
    }

    @Test
    void timestampsInAnotherOffsetAreTheSameInstant() throws Exception {
        String id = newId();
        api.post("/internal/calls", created(id, "1001"));
        Response again =
                api.post("/internal/calls", with(created(id, "1001"), "started_at", "2025-03-01T11:00:00+01:00"));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("started_at").asText()).isEqualTo(T0);
    }

    @Test
    void theSameIdWithDifferentContentIs409AndKeepsTheFirst() throws Exception {
        String id = newId();
        api.post("/internal/calls", created(id, "1001"));
        Response conflict = api.post("/internal/calls", with(created(id, "1001"), "remote_uri", "sip:other@pbx.test"));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.message()).contains(id).contains("different content");
        assertThat(api.get("/internal/calls/" + id).json().get("remote_uri").asText())
                .isEqualTo("sip:+15550100@pbx.test");
    }

    // --- events and GET one ---

    @Test
    void aWholeCallComputesRingTalkAndWrapupDurations() throws Exception {
        String id = createCall();
        assertThat(api.post("/internal/calls/" + id + "/answered", answered(T1)).status())
                .isEqualTo(200);
        assertThat(api.post("/internal/calls/" + id + "/ended", ended(T2)).status())
                .isEqualTo(200);
        Response wrapped = api.post("/internal/calls/" + id + "/wrapup", wrapup(T3));
        assertThat(wrapped.status()).isEqualTo(200);

        JsonNode call = api.get("/internal/calls/" + id).json();
        assertThat(call.get("state").asText()).isEqualTo("wrapped_up");
        assertThat(call.get("ring_duration_ms").asLong()).isEqualTo(4_500);
        assertThat(call.get("talk_duration_ms").asLong()).isEqualTo(120_000);
        assertThat(call.get("wrapup_duration_ms").asLong()).isEqualTo(30_000);
        assertThat(call.get("reason").asText()).isEqualTo("completed");
        assertThat(call.get("sip_status").asInt()).isEqualTo(200);
        assertThat(call.get("ended_by").asText()).isEqualTo("remote");
        assertThat(call.get("quality").get("codec").asText()).isEqualTo("opus");
        assertThat(call.get("quality").get("jitter_ms").asDouble()).isEqualTo(3.5);
        assertThat(call.get("quality").get("mos").asDouble()).isEqualTo(4.3);
        assertThat(call.get("disposition").asText()).isEqualTo("resolved");
        assertThat(call.get("notes").asText()).isEqualTo("Customer asked about billing.");
        assertThat(call).isEqualTo(wrapped.json());
    }

    @Test
    void aMissedCallRingsUntilItEndsAndHasNoTalkTime() throws Exception {
        String id = createCall();
        Map<String, Object> missed = with(without(ended(T1), "quality"), "reason", "missed");
        api.post("/internal/calls/" + id + "/ended", with(missed, "sip_status", null));

        JsonNode call = api.get("/internal/calls/" + id).json();
        assertThat(call.get("ring_duration_ms").asLong()).isEqualTo(4_500);
        assertThat(call.get("talk_duration_ms").isNull()).isTrue();
        assertThat(call.get("quality").isNull()).isTrue();
        assertThat(call.get("sip_status").isNull()).isTrue();
    }

    @Test
    void repeatedEventsAre200AndChangeNothing() throws Exception {
        String id = createCall();
        api.post("/internal/calls/" + id + "/answered", answered(T1));
        api.post("/internal/calls/" + id + "/ended", ended(T2));
        JsonNode before =
                api.post("/internal/calls/" + id + "/wrapup", wrapup(T3)).json();

        assertThat(api.post("/internal/calls/" + id + "/answered", answered(T1)).status())
                .isEqualTo(200);
        assertThat(api.post("/internal/calls/" + id + "/ended", ended(T2)).status())
                .isEqualTo(200);
        assertThat(api.post("/internal/calls/" + id + "/wrapup", wrapup(T3)).status())
                .isEqualTo(200);
        assertThat(api.post("/internal/calls", created(id, before.get("account").asText()))
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/internal/calls/" + id).json()).isEqualTo(before);
    }

    @Test
    void answeredTwiceAtDifferentTimesIs409() throws Exception {
        String id = createCall();
        api.post("/internal/calls/" + id + "/answered", answered(T1));
        Response second = api.post("/internal/calls/" + id + "/answered", answered(T2));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.message()).contains("already answered");
    }

    @Test
    void answeredAfterEndedIs409() throws Exception {
        String id = createCall();
        api.post("/internal/calls/" + id + "/ended", with(ended(T2), "reason", "cancelled"));
        Response late = api.post("/internal/calls/" + id + "/answered", answered(T3));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.message()).contains("already ended");
    }

    @Test
    void endedTwiceWithDifferentDetailsIs409() throws Exception {
        String id = createCall();
        api.post("/internal/calls/" + id + "/ended", ended(T2));
        Response second = api.post("/internal/calls/" + id + "/ended", with(ended(T2), "ended_by", "local"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.message()).contains("already ended");
    }

    @Test
    void wrapupBeforeTheEndIs409() throws Exception {
        String id = createCall();
        Response early = api.post("/internal/calls/" + id + "/wrapup", wrapup(T3));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.message()).contains("has not ended");
    }

    @Test
    void wrapupTwiceWithDifferentNotesIs409() throws Exception {
        String id = createCall();
        api.post("/internal/calls/" + id + "/ended", ended(T2));
        api.post("/internal/calls/" + id + "/wrapup", wrapup(T3));
        Response second = api.post("/internal/calls/" + id + "/wrapup", with(wrapup(T3), "notes", "changed"));
        assertThat(second.status()).isEqualTo(409);
    }

    @Test
    void timestampsFurtherBeforeThePreviousEventThanAClockStepAre409() throws Exception {
        // Each more than the 5-minute clock-step tolerance before the previous event.
        String id = createCall();
        Response beforeStart = api.post("/internal/calls/" + id + "/answered", answered("2025-03-01T09:54:59.999Z"));
        assertThat(beforeStart.status()).isEqualTo(409);
        assertThat(beforeStart.message())
                .contains("answered_at")
                .contains("before")
                .contains("started_at");

        api.post("/internal/calls/" + id + "/answered", answered("2025-03-01T10:10:00.000Z"));
        Response endBeforeAnswer = api.post("/internal/calls/" + id + "/ended", ended(T3));
        assertThat(endBeforeAnswer.status()).isEqualTo(409);
        assertThat(endBeforeAnswer.message()).contains("ended_at").contains("answered_at");

        api.post("/internal/calls/" + id + "/ended", ended("2025-03-01T10:20:00.000Z"));
        Response wrapBeforeEnd = api.post("/internal/calls/" + id + "/wrapup", wrapup("2025-03-01T10:14:59.999Z"));
        assertThat(wrapBeforeEnd.status()).isEqualTo(409);
        assertThat(wrapBeforeEnd.message()).contains("wrapup_ended_at").contains("ended_at");
        assertThat(api.get("/internal/calls/" + id).json().get("state").asText())
                .isEqualTo("ended");
    }

    @Test
    void aDesktopClockSteppedBackALittleIsAcceptedWithNoNegativeDuration() throws Exception {
        String id = createCall();
        assertThat(api.post("/internal/calls/" + id + "/answered", answered(T2)).status())
                .isEqualTo(200);
        // The clock was stepped back 90 s between the answer and the end (T2 - 90 s).
        Map<String, Object> end = ended("2025-03-01T10:00:34.500Z");
        Response ended = api.post("/internal/calls/" + id + "/ended", end);
        assertThat(ended.status()).as(ended.message()).isEqualTo(200);
        assertThat(ended.json().get("ended_at").asText()).isEqualTo(T2);
        assertThat(ended.json().get("talk_duration_ms").asLong()).isZero();
        assertThat(api.post("/internal/calls/" + id + "/ended", end).status())
                .as("a retry is a replay")
                .isEqualTo(200);
    }

    @Test
    void unknownCallsAre404() throws Exception {
        String unknown = newId();
        for (Response response : List.of(
                api.post("/internal/calls/" + unknown + "/answered", answered(T1)),
                api.post("/internal/calls/" + unknown + "/ended", ended(T2)),
                api.post("/internal/calls/" + unknown + "/wrapup", wrapup(T3)),
                api.get("/internal/calls/" + unknown),
                api.get("/internal/calls/not-a-uuid"),
                api.post("/internal/calls/not-a-uuid/answered", answered(T1)))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.message()).contains("not found");
        }
        assertThat(backend.rowsFor(unknown)).isZero();
    }

    // --- validation (422, Laravel's shape) ---

    @Test
    void anEmptyObjectListsEveryRequiredField() throws Exception {
        Response response = api.post("/internal/calls", "{}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors").fieldNames())
                .toIterable()
                .containsExactly("id", "direction", "account", "profile", "local_uri", "remote_uri", "started_at");
        assertThat(response.json().get("errors").get("id").get(0).asText()).isEqualTo("The id field is required.");
        assertThat(response.message()).isEqualTo("The id field is required. (and 6 more errors)");
    }

    @Test
    void wrongTypesAndValuesNameTheirFields() throws Exception {
        Map<String, Object> body = created("not-a-uuid", "1001");
        body.put("direction", "sideways");
        body.put("account", 1001);
        body.put("local_uri", "http://example.test");
        body.put("started_at", "2025-03-01 10:00:00");
        Response response = api.post("/internal/calls", body);

        assertThat(response.status()).isEqualTo(422);
        JsonNode errors = response.json().get("errors");
        assertThat(errors.get("id").get(0).asText()).isEqualTo("The id field must be a valid UUID.");
        assertThat(errors.get("direction").get(0).asText())
                .isEqualTo("The direction field must be one of: inbound, outbound.");
        assertThat(errors.get("account").get(0).asText()).isEqualTo("The account field must be a string.");
        assertThat(errors.get("local_uri").get(0).asText()).contains("sip:");
        assertThat(errors.get("started_at").get(0).asText()).contains("RFC 3339");
    }

    @Test
    void whatTheFarEndChoseIsStoredClippedNeverRefused() throws Exception {
        String id = newId();
        // A caller's own display name and URI, of any length and content: NUL (PostgreSQL refuses it
        // in text), line breaks, markup, a right-to-left override, an emoji pair across the limit.
        String name = "\u202E<img src=x onerror=alert(1)>\u0000\r\n" + "x".repeat(222) + "😀😀" + "y".repeat(10_000);
        Map<String, Object> body = created(id, account());
        body.put("remote_display_name", name);
        body.put("remote_uri", "sip:" + "a".repeat(10_000) + "@pbx.test");
        body.put("local_uri", "sip:1001@" + "h b".repeat(300));
        Response response = api.post("/internal/calls", body);

        assertThat(response.status()).isEqualTo(201);
        String stored = response.json().get("remote_display_name").asText();
        assertThat(stored).isEqualTo("\u202E<img src=x onerror=alert(1)>\uFFFD\uFFFD\uFFFD" + "x".repeat(222) + "😀…");
        assertThat(stored.codePointCount(0, stored.length())).isEqualTo(256);
        assertThat(response.json().get("remote_uri").asText())
                .hasSize(512)
                .startsWith("sip:aaa")
                .endsWith("…");
        assertThat(response.json().get("local_uri").asText())
                .startsWith("sip:1001@h%20bh%20b")
                .hasSize(512);
        Response again = api.post("/internal/calls", body);
        assertThat(again.status()).as("a retry is a replay").isEqualTo(200);
        assertThat(api.get("/internal/calls/" + id)
                        .json()
                        .get("remote_display_name")
                        .asText())
                .isEqualTo(stored);
        assertThat(backend.rowsFor(id)).isEqualTo(1);
    }

    @Test
    void theFarEndsUserAgentAndReasonAreStoredClippedNeverRefused() throws Exception {
        String id = createCall();
        Map<String, Object> end = ended(T2);
        String userAgent = "\u202E<script>alert(1)</script>\u0000\u0007😀" + "u".repeat(10_000);
        end.put("remote_user_agent", userAgent);
        end.put("remote_reason", "SIP;cause=200;text=\"\r\nCall completed elsewhere" + "r".repeat(500) + "\"");
        Response response = api.post("/internal/calls/" + id + "/ended", end);

        assertThat(response.status()).as(response.message()).isEqualTo(200);
        String storedAgent = response.json().get("remote_user_agent").asText();
        assertThat(storedAgent)
                .startsWith("\u202E<script>alert(1)</script>\uFFFD\uFFFD😀u")
                .endsWith("…");
        assertThat(storedAgent.codePointCount(0, storedAgent.length())).isEqualTo(256);
        String storedReason = response.json().get("remote_reason").asText();
        assertThat(storedReason).startsWith("SIP;cause=200;text=\"\uFFFD\uFFFDCall completed elsewhere");
        assertThat(storedReason.codePointCount(0, storedReason.length())).isEqualTo(256);
        assertThat(api.post("/internal/calls/" + id + "/ended", end).status())
                .as("a retry is a replay")
                .isEqualTo(200);
        assertThat(api.get("/internal/calls/" + id)
                        .json()
                        .get("remote_user_agent")
                        .asText())
                .isEqualTo(storedAgent);
    }

    @Test
    void eventFieldsAreValidatedIncludingNestedQuality() throws Exception {
        String id = createCall();
        Map<String, Object> body = ended(T2);
        body.put("reason", "exploded");
        body.put("sip_status", "200");
        body.put("ended_by", null);
        body.put("quality", Map.of("jitter_ms", "low", "packet_loss_pct", 140, "rtt_ms", 10, "mos", 9));
        Response response = api.post("/internal/calls/" + id + "/ended", body);

        assertThat(response.status()).isEqualTo(422);
        JsonNode errors = response.json().get("errors");
        assertThat(errors.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder(
                        "reason",
                        "sip_status",
                        "ended_by",
                        "quality.jitter_ms",
                        "quality.packet_loss_pct",
                        "quality.codec",
                        "quality.mos");
        assertThat(errors.get("sip_status").get(0).asText()).isEqualTo("The sip_status field must be an integer.");
        assertThat(errors.get("quality.packet_loss_pct").get(0).asText()).contains("between 0 and 100");
        assertThat(api.post("/internal/calls/" + id + "/answered", Map.of())
                        .json()
                        .get("errors")
                        .has("answered_at"))
                .isTrue();
        assertThat(api.post("/internal/calls/" + id + "/wrapup", Map.of("wrapup_ended_at", 5))
                        .status())
                .isEqualTo(422);
        assertThat(api.get("/internal/calls/" + id).json().get("state").asText())
                .isEqualTo("ringing");
    }

    @Test
    void aBodyThatIsNotAnObjectIs422() throws Exception {
        Response response = api.post("/internal/calls", "[1, 2]");
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("errors").has("body")).isTrue();
    }

    // --- 400, 415, 413 ---

    @Test
    void malformedJsonIs400() throws Exception {
        for (String body : List.of("{\"id\":", "", "not json", "{\"id\": 1, \"id\": 2}", "{} {}")) {
            Response response = api.post("/internal/calls", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.message()).as(body).isNotBlank();
        }
    }

    @Test
    void aWrongContentTypeIs415() throws Exception {
        String body = ApiClient.JSON.writeValueAsString(created(newId(), "1001"));
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/jsonp")) {
            Response response = api.post("/internal/calls", body, "Content-Type", type);
            assertThat(response.status()).as(type).isEqualTo(415);
            assertThat(response.message()).contains("application/json");
        }
        assertThat(api.post("/internal/calls", body, "Content-Type", "application/json; charset=utf-8")
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aBodyOverTheLimitIs413AndStoresNothing() throws Exception {
        String id = newId();
        Map<String, Object> body = with(created(id, "1001"), "profile", "p".repeat(70_000));
        Response response = api.post("/internal/calls", body);

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.message()).contains("65536 bytes");
        assertThat(backend.rowsFor(id)).isZero();
    }

    // --- auth ---

    @Test
    void requestsWithoutAValidTokenAre401() throws Exception {
        List<ApiClient> clients = List.of(api.withToken(null), api.withToken("dpk_unknown"), api.withToken(""));
        for (ApiClient client : clients) {
            Response post = client.post("/internal/calls", created(newId(), "1001"));
            assertThat(post.status()).isEqualTo(401);
            assertThat(post.json()).isEqualTo(ApiClient.JSON.readTree("{\"message\":\"Unauthenticated.\"}"));
            assertThat(post.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
            assertThat(client.get("/internal/calls").status()).isEqualTo(401);
            assertThat(client.get("/internal/reports/accounts").status()).isEqualTo(401);
        }
    }

    @Test
    void aRevokedTokenIs401AtOnce() throws Exception {
        String name = "revoke-" + newId().substring(0, 8);
        try (TokenAdmin admin = TokenAdmin.open(backend.jdbcUrl)) {
            ApiClient client = api.withToken(admin.create(name));
            assertThat(client.get("/internal/calls?limit=1").status()).isEqualTo(200);
            assertThat(admin.revoke(name)).isTrue();
            assertThat(client.get("/internal/calls?limit=1").status()).isEqualTo(401);
            assertThat(admin.list()).anySatisfy(token -> {
                assertThat(token.name()).isEqualTo(name);
                assertThat(token.active()).isFalse();
            });
        }
    }

    @Test
    void theLocalTokenFileIsPrivateAndReused() throws Exception {
        Path file = backend.dataDir.resolve("backend-token");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String token = backend.server.localToken();
        assertThat(backend.server.localToken()).isEqualTo(token);
        assertThat(Files.readString(file).trim()).isEqualTo(token);
    }

    // --- duplicates under concurrency ---

    @Test
    void concurrentDuplicateCreatesStoreExactlyOneRow() throws Exception {
        String id = newId();
        List<Response> responses = concurrently(16, () -> api.post("/internal/calls", created(id, "1001")));

        assertThat(responses).extracting(Response::status).containsOnly(200, 201);
        assertThat(responses).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(backend.rowsFor(id)).isEqualTo(1);
    }

    @Test
    void concurrentDuplicateEventsApplyOnce() throws Exception {
        String id = createCall();
        List<Response> answers = concurrently(16, () -> api.post("/internal/calls/" + id + "/answered", answered(T1)));
        List<Response> ends = concurrently(16, () -> api.post("/internal/calls/" + id + "/ended", ended(T2)));

        assertThat(answers).extracting(Response::status).containsOnly(200);
        assertThat(ends).extracting(Response::status).containsOnly(200);
        // Every response shows the same single update: the first one applied, the rest were replays.
        assertThat(ends)
                .extracting(r -> r.json().get("updated_at").asText())
                .containsOnly(api.get("/internal/calls/" + id)
                        .json()
                        .get("updated_at")
                        .asText());
    }

    private static List<Response> concurrently(int n, Callable<Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return request.call();
                }));
            }
            go.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    // --- Idempotency-Key ---

    @Test
    void anIdempotencyKeyReplayIs200AndReuseForAnotherRequestIs422() throws Exception {
        String id = newId();
        String key = newId();
        Map<String, Object> body = created(id, "1001");
        assertThat(api.post("/internal/calls", body, "Idempotency-Key", key).status())
                .isEqualTo(201);
        assertThat(api.post("/internal/calls", body, "Idempotency-Key", key).status())
                .isEqualTo(200);

        Response reused = api.post("/internal/calls", created(newId(), "1001"), "Idempotency-Key", key);
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("errors").has("Idempotency-Key")).isTrue();

        Response answeredWithKey =
                api.post("/internal/calls/" + id + "/answered", answered(T1), "Idempotency-Key", "k-" + key);
        assertThat(answeredWithKey.status()).isEqualTo(200);
        Response sameKeyOtherPath =
                api.post("/internal/calls/" + id + "/ended", ended(T2), "Idempotency-Key", "k-" + key);
        assertThat(sameKeyOtherPath.status()).isEqualTo(422);
        assertThat(api.get("/internal/calls/" + id).json().get("ended_at").isNull())
                .isTrue();

        Response badKey = api.post("/internal/calls", created(newId(), "1001"), "Idempotency-Key", "k".repeat(256));
        assertThat(badKey.status()).isEqualTo(422);
    }

    // --- GET list ---

    @Test
    void theListFiltersAndPagesNewestFirst() throws Exception {
        String account = account();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String id = newId();
            Map<String, Object> body = with(created(id, account), "started_at", "2025-04-0" + (i + 1) + "T08:00:00Z");
            api.post("/internal/calls", i == 4 ? with(body, "direction", "outbound") : body);
            ids.add(0, id);
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Response page = api.get(
                    "/internal/calls?account=" + account + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().get("per_page").asInt()).isEqualTo(2);
            page.json().get("data").forEach(call -> seen.add(call.get("id").asText()));
            cursor = page.json().get("next_cursor").isNull()
                    ? null
                    : page.json().get("next_cursor").asText();
            if (cursor != null) {
                assertThat(page.json().get("next_page_url").asText())
                        .contains("cursor=" + cursor)
                        .contains("account=" + account);
            }
            pages++;
        } while (cursor != null);
        assertThat(seen).containsExactlyElementsOf(ids);
        assertThat(pages).isEqualTo(3);

        assertThat(ids(api.get("/internal/calls?account=" + account + "&direction=outbound")))
                .containsExactly(ids.get(0));
        assertThat(ids(api.get(
                        "/internal/calls?account=" + account + "&from=2025-04-02T08:00:00Z&to=2025-04-04T08:00:00Z")))
                .containsExactly(ids.get(2), ids.get(3));
    }

    private static List<String> ids(Response response) {
        assertThat(response.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("data").forEach(call -> ids.add(call.get("id").asText()));
        return ids;
    }

    @Test
    void badListParametersAre422() throws Exception {
        for (String query :
                List.of("limit=0", "limit=501", "limit=ten", "cursor=garbage", "from=yesterday", "direction=up")) {
            Response response = api.get("/internal/calls?" + query);
            assertThat(response.status()).as(query).isEqualTo(422);
            assertThat(response.json().get("errors").fieldNames().next()).isEqualTo(query.split("=")[0]);
        }
    }

    // --- report data, ops endpoints ---

    @Test
    void accountTotalsCountAnsweredRateAndAverages() throws Exception {
        String account = account();
        String answeredCall = newId();
        api.post("/internal/calls", created(answeredCall, account));
        api.post("/internal/calls/" + answeredCall + "/answered", answered(T1));
        api.post("/internal/calls/" + answeredCall + "/ended", ended(T2));
        api.post("/internal/calls/" + answeredCall + "/wrapup", wrapup(T3));
        api.post("/internal/calls", created(newId(), account));

        Response totals = api.get("/internal/reports/accounts?from=2025-03-01T00:00:00Z&to=2025-03-02T00:00:00Z");
        assertThat(totals.status()).isEqualTo(200);
        JsonNode line = null;
        for (JsonNode candidate : totals.json().get("data")) {
            if (candidate.get("account").asText().equals(account)) {
                line = candidate;
            }
        }
        assertThat(line).isNotNull();
        assertThat(line.get("calls").asLong()).isEqualTo(2);
        assertThat(line.get("answered").asLong()).isEqualTo(1);
        assertThat(line.get("answered_rate").asDouble()).isEqualTo(0.5);
        assertThat(line.get("avg_talk_ms").asDouble()).isEqualTo(120_000.0);
        assertThat(line.get("avg_wrapup_ms").asDouble()).isEqualTo(30_000.0);
    }

    @Test
    void healthMetricsAndReportPageNeedNoToken() throws Exception {
        ApiClient anonymous = api.withToken(null);
        Response health = anonymous.get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("ok");
        assertThat(health.json().get("database").asText())
                .isEqualTo(database.name().toLowerCase());

        api.post("/internal/calls", created(newId(), "1001"));
        Response metrics = anonymous.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("deskphone_http_requests_total{method=\"POST\",route=\"/internal/calls\",status=\"201\"}")
                .contains("deskphone_call_events_total{event=\"created\",outcome=\"created\"}")
                .contains("deskphone_write_batch_size_bucket")
                .contains("jvm_memory_used_bytes");

        Response page = anonymous.get("/report");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.raw().headers().firstValue("Content-Security-Policy")).isPresent();
        assertThat(page.body()).contains("/internal/reports/accounts").contains("/internal/calls");
    }

    @Test
    void unknownRoutesAre404Json() throws Exception {
        Response response = api.get("/internal/nothing-here");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.message()).isEqualTo("Not Found.");
    }

    @Test
    void theOpenApiDocumentDescribesExactlyTheServedOperations() throws Exception {
        JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper(
                        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(api.get("/openapi.yaml").body());
        List<String> documented = new ArrayList<>();
        doc.get("paths")
                .fields()
                .forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
                    if (!method.equals("parameters")) {
                        documented.add(method.toUpperCase() + " " + path.getKey());
                    }
                }));
        assertThat(documented)
                .containsExactlyInAnyOrder(
                        "POST /internal/calls",
                        "GET /internal/calls",
                        "GET /internal/calls/{id}",
                        "POST /internal/calls/{id}/answered",
                        "POST /internal/calls/{id}/ended",
                        "POST /internal/calls/{id}/wrapup",
                        "GET /internal/reports/accounts",
                        "GET /health",
                        "GET /metrics",
                        "GET /report",
                        "GET /openapi.yaml");
        String id = createCall();
        for (String operation : documented) {
            String[] parts = operation.split(" ");
            String path = parts[1].replace("{id}", id);
            Response response = parts[0].equals("GET") ? api.get(path) : api.post(path, "{}");
            assertThat(response.status()).as(operation).isNotIn(404, 405, 500);
        }
    }

    @Test
    void badInputNeverCausesA500() throws Exception {
        String id = createCall();
        List<String> bodies = List.of(
                "null",
                "true",
                "\"text\"",
                "1e999",
                "{\"id\": {\"$gt\": 1}}",
                "{\"started_at\": \"9999999-01-01T00:00:00Z\"}",
                "{\"answered_at\": \"2025-02-30T10:00:00Z\"}",
                "{\"ended_at\": [\"" + T2 + "\"]}",
                "{\"quality\": \"good\"}",
                "[".repeat(2000),
                "{\"a\":\"\\ud800\"}");
        for (String path : List.of(
                "/internal/calls",
                "/internal/calls/" + id + "/answered",
                "/internal/calls/" + id + "/ended",
                "/internal/calls/" + id + "/wrapup")) {
            for (String body : bodies) {
                int status = api.post(path, body).status();
                assertThat(status).as(path + " " + body).isBetween(400, 499);
            }
        }
        assertThat(api.get("/internal/calls/" + id).json().get("state").asText())
                .isEqualTo("ringing");
    }
}
