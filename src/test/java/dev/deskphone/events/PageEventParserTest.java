package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.contract.CallEventLimits;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PageEventParserTest {
    private final PageEventParser parser = new PageEventParser();
    private final String id = PageEvents.newCallId();

    @Test
    void bindsEveryEventOfACall() {
        ObjectNode[] call = PageEvents.call(id, PageEvents.T0);
        assertThat(parser.parse(call[0]))
                .isEqualTo(new PageCallEvent.Created(
                        id,
                        PageEvents.T0,
                        "inbound",
                        "1001",
                        "office",
                        "sip:1001@pbx.test",
                        "sip:1002@pbx.test",
                        "Bob"));
        assertThat(parser.parse(call[1])).isEqualTo(new PageCallEvent.Answered(id, PageEvents.T0 + 1000));
        assertThat(parser.parse(call[2]))
                .isEqualTo(new PageCallEvent.Ended(
                        id,
                        PageEvents.T0 + 2000,
                        "completed",
                        null,
                        "remote",
                        new PageCallEvent.Quality(3.5, 0.1, 12.0, "opus", 4.3)));
        assertThat(parser.parse(call[3]))
                .isEqualTo(new PageCallEvent.WrapUp(id, PageEvents.T0 + 3000, "sale", "called back"));
    }

    @Test
    void optionalFieldsMayBeLeftOut() {
        ObjectNode ended = PageEvents.ended(id, PageEvents.T0);
        ended.remove("quality");
        ended.put("reason", "busy").put("sipStatus", 486).put("endedBy", "remote");
        assertThat(parser.parse(ended))
                .isEqualTo(new PageCallEvent.Ended(id, PageEvents.T0, "busy", 486, "remote", null));
        ObjectNode wrapup = PageEvents.wrapup(id, PageEvents.T0);
        wrapup.remove("disposition");
        wrapup.remove("notes");
        assertThat(parser.parse(wrapup)).isEqualTo(new PageCallEvent.WrapUp(id, PageEvents.T0, null, null));
    }

    @Test
    void theFarEndsUserAgentAndReasonAreClippedNeverRefusedAndReachTheBackendRequest() {
        ObjectNode ended = PageEvents.ended(id, PageEvents.T0);
        String userAgent = "\u202E<b>ua</b>\u0000😀" + "u".repeat(5_000);
        ended.put("remoteUserAgent", userAgent).put("remoteReason", "Q.850;cause=16\r\n" + "r".repeat(300));

        PageCallEvent.Ended parsed = (PageCallEvent.Ended) parser.parse(ended);

        assertThat(parsed.remoteUserAgent())
                .startsWith("\u202E<b>ua</b>\uFFFD😀u")
                .endsWith("…");
        assertThat(parsed.remoteUserAgent()
                        .codePointCount(0, parsed.remoteUserAgent().length()))
                .isEqualTo(CallEventLimits.USER_AGENT);
        assertThat(parsed.remoteReason()).startsWith("Q.850;cause=16\uFFFD\uFFFDr");
        assertThat(parsed.remoteReason().codePointCount(0, parsed.remoteReason().length()))
                .isEqualTo(CallEventLimits.REASON_HEADER);
        BackendRequest request = BackendRequest.of(parsed, PageEvents.JSON);
        assertThat(request.body()).contains("\"remote_user_agent\":").contains("\"remote_reason\":\"Q.850;cause=16");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no event          | {\"type\":\"call-event\",\"callId\":\"ID\",\"at\":1760000000000}                   | event: required",
                "unknown event     | {\"event\":\"hold\",\"callId\":\"ID\",\"at\":1760000000000}                        | event: 'hold' is not one of",
                "no callId         | {\"event\":\"answered\",\"at\":1760000000000}                                   | callId: must be a lower-case UUID v4",
                "callId not a UUID | {\"event\":\"answered\",\"callId\":\"call-1\",\"at\":1760000000000}               | callId: must be a lower-case UUID v4, got 'call-1'",
                "UUID v1           | {\"event\":\"answered\",\"callId\":\"6ba7b810-9dad-11d1-80b4-00c04fd430c8\",\"at\":1760000000000} | callId: must be a lower-case UUID v4",
                "no at             | {\"event\":\"answered\",\"callId\":\"ID\"}                                      | at: must be epoch milliseconds",
                "at in seconds     | {\"event\":\"answered\",\"callId\":\"ID\",\"at\":1760000000}                      | at: must be epoch milliseconds",
                "at as a string    | {\"event\":\"answered\",\"callId\":\"ID\",\"at\":\"1760000000000\"}                  | at: wrong type",
                "at fractional     | {\"event\":\"answered\",\"callId\":\"ID\",\"at\":1760000000000.5}                  | at: wrong type",
                "unknown field     | {\"event\":\"answered\",\"callId\":\"ID\",\"at\":1760000000000,\"reason\":\"x\"}       | reason: not a field of a 'answered' event",
                "bad direction     | {\"event\":\"created\",\"callId\":\"ID\",\"at\":1760000000000,\"direction\":\"in\",\"account\":\"1\",\"profile\":\"p\",\"localUri\":\"sip:a@b\",\"remoteUri\":\"sip:c@d\"} | direction: must be one of inbound, outbound, got 'in'",
                "blank account     | {\"event\":\"created\",\"callId\":\"ID\",\"at\":1760000000000,\"direction\":\"inbound\",\"account\":\" \",\"profile\":\"p\",\"localUri\":\"sip:a@b\",\"remoteUri\":\"sip:c@d\"} | account: required",
                "remoteUri http    | {\"event\":\"created\",\"callId\":\"ID\",\"at\":1760000000000,\"direction\":\"inbound\",\"account\":\"1\",\"profile\":\"p\",\"localUri\":\"sip:a@b\",\"remoteUri\":\"http://x\"} | remoteUri: must be a sip:, sips: or tel: URI",
                "bad reason        | {\"event\":\"ended\",\"callId\":\"ID\",\"at\":1760000000000,\"reason\":\"hungup\",\"endedBy\":\"local\"} | reason: must be one of",
                "no endedBy        | {\"event\":\"ended\",\"callId\":\"ID\",\"at\":1760000000000,\"reason\":\"completed\"} | endedBy: must be one of local, remote",
                "sipStatus 99      | {\"event\":\"ended\",\"callId\":\"ID\",\"at\":1760000000000,\"reason\":\"failed\",\"endedBy\":\"local\",\"sipStatus\":99} | sipStatus: must be a SIP status code",
                "quality w/o codec | {\"event\":\"ended\",\"callId\":\"ID\",\"at\":1760000000000,\"reason\":\"completed\",\"endedBy\":\"local\",\"quality\":{\"jitterMs\":1,\"packetLossPct\":0,\"rttMs\":3}} | quality.codec: required",
                "loss over 100     | {\"event\":\"ended\",\"callId\":\"ID\",\"at\":1760000000000,\"reason\":\"completed\",\"endedBy\":\"local\",\"quality\":{\"jitterMs\":1,\"packetLossPct\":101,\"rttMs\":3,\"codec\":\"opus\"}} | quality.packetLossPct: must be between",
                "quality a string  | {\"event\":\"ended\",\"callId\":\"ID\",\"at\":1760000000000,\"reason\":\"completed\",\"endedBy\":\"local\",\"quality\":\"good\"} | quality: wrong type",
                "notes too long    | {\"event\":\"wrapup\",\"callId\":\"ID\",\"at\":1760000000000,\"notes\":\"LONG\"}     | notes: at most 4000 characters",
                "disposition a number | {\"event\":\"wrapup\",\"callId\":\"ID\",\"at\":1760000000000,\"disposition\":5}   | disposition: wrong type",
            })
    void rejectsMalformedEventsNamingTheField(String name, String message, String error) throws Exception {
        JsonNode node = PageEvents.JSON.readTree(
                message.replace("\"ID\"", "\"" + id + "\"").replace("LONG", "x".repeat(4001)));
        assertThatThrownBy(() -> parser.parse(node))
                .isInstanceOf(InvalidCallEventException.class)
                .hasMessageContaining(error);
    }

    @Test
    void aLongDisplayNameIsStoredClippedNotRefused() {
        ObjectNode created = PageEvents.created(id, PageEvents.T0).put("remoteDisplayName", "x".repeat(300));
        PageCallEvent.Created event = (PageCallEvent.Created) parser.parse(created);
        assertThat(event.remoteDisplayName()).isEqualTo("x".repeat(255) + "…");
        assertThat(BackendRequest.of(event, PageEvents.JSON).body())
                .contains("\"remote_display_name\":\"" + "x".repeat(255) + "…\"");
    }

    /** What a caller can put in the From header's display name (RFC 3261 §20.20), as the page receives it. */
    static Stream<Arguments> hostileDisplayNames() {
        return Stream.of(
                Arguments.of("10 000 characters", "x".repeat(10_000)),
                Arguments.of("markup", "<img src=x onerror=alert(1)><script>alert(2)</script>"),
                Arguments.of("control characters", "A\u0000B\nC\u001b[2JD\u0085"),
                Arguments.of("RTL override", "\u202Eexe.txt \u05E9\u05DC\u05D5\u05DD"),
                Arguments.of("emoji at the clip", "x".repeat(254) + "😀😀😀"),
                Arguments.of("lone surrogate", "Bob \uD83D"),
                Arguments.of(
                        "invalid UTF-8 as decoded",
                        new String(
                                new byte[] {'B', (byte) 0xC3, (byte) 0xFF, (byte) 0xED, (byte) 0xA0, (byte) 0x80},
                                StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileDisplayNames")
    void whateverTheFarEndSendsTheCreatedEventIsAccepted(String name, String value) throws Exception {
        ObjectNode created = PageEvents.created(id, PageEvents.T0)
                .put("remoteDisplayName", value)
                .put("remoteUri", "sip:" + value + "@pbx.test")
                .put("localUri", "sip:1001@" + "h".repeat(10_000));
        PageCallEvent.Created event = (PageCallEvent.Created) parser.parse(created);

        for (String field : new String[] {event.remoteDisplayName(), event.remoteUri(), event.localUri()}) {
            assertThat(field.chars().filter(c -> Character.isISOControl(c)).count())
                    .as("control characters")
                    .isZero();
            assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(field))
                    .as("valid UTF-16")
                    .isTrue();
        }
        assertThat(event.remoteDisplayName()
                        .codePointCount(0, event.remoteDisplayName().length()))
                .isLessThanOrEqualTo(256);
        assertThat(event.remoteUri().codePointCount(0, event.remoteUri().length()))
                .isLessThanOrEqualTo(512);
        assertThat(event.localUri()).hasSize(512).endsWith("…");
        if (value.length() <= 256
                && value.chars().noneMatch(c -> Character.isISOControl(c) || Character.isSurrogate((char) c))) {
            assertThat(event.remoteDisplayName()).as("kept as it is").isEqualTo(value);
        }
        assertThat(PageEvents.JSON
                        .readTree(BackendRequest.of(event, PageEvents.JSON).body())
                        .path("remote_display_name")
                        .asText())
                .isEqualTo(event.remoteDisplayName());
    }

    @Test
    void anEmojiAtTheDisplayNameLimitIsKeptWholeOrDroppedWhole() {
        ObjectNode created = PageEvents.created(id, PageEvents.T0).put("remoteDisplayName", "x".repeat(254) + "😀😀😀");
        assertThat(((PageCallEvent.Created) parser.parse(created)).remoteDisplayName())
                .isEqualTo("x".repeat(254) + "😀…");
    }

    @Test
    void rejectsWhatIsNotAnObject() {
        assertThatThrownBy(() -> parser.parse(PageEvents.JSON.createArrayNode()))
                .isInstanceOf(InvalidCallEventException.class)
                .hasMessageContaining("JSON object");
    }

    @Test
    void backendRequestsUseTheBackendsNamesAndTheEventsTimes() {
        ObjectNode[] call = PageEvents.call(id, PageEvents.T0 + 120);
        BackendRequest created = BackendRequest.of(parser.parse(call[0]), PageEvents.JSON);
        assertThat(created.path()).isEqualTo("/internal/calls");
        assertThat(created.body())
                .isEqualTo("{\"id\":\"" + id + "\",\"direction\":\"inbound\",\"account\":\"1001\","
                        + "\"profile\":\"office\",\"local_uri\":\"sip:1001@pbx.test\",\"remote_uri\":\"sip:1002@pbx.test\","
                        + "\"remote_display_name\":\"Bob\",\"started_at\":\"2025-10-09T08:53:20.120Z\"}");
        BackendRequest ended = BackendRequest.of(parser.parse(call[2]), PageEvents.JSON);
        assertThat(ended.path()).isEqualTo("/internal/calls/" + id + "/ended");
        assertThat(ended.body())
                .isEqualTo("{\"ended_at\":\"2025-10-09T08:53:22.120Z\",\"reason\":\"completed\","
                        + "\"ended_by\":\"remote\",\"quality\":{\"jitter_ms\":3.5,\"packet_loss_pct\":0.1,\"rtt_ms\":12.0,"
                        + "\"codec\":\"opus\",\"mos\":4.3}}");
        BackendRequest wrapup = BackendRequest.of(parser.parse(call[3]), PageEvents.JSON);
        assertThat(wrapup.path()).isEqualTo("/internal/calls/" + id + "/wrapup");
        assertThat(wrapup.body())
                .isEqualTo("{\"wrapup_ended_at\":\"2025-10-09T08:53:23.120Z\",\"disposition\":\"sale\","
                        + "\"notes\":\"called back\"}");
    }
}
