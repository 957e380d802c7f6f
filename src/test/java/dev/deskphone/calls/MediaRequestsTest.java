package dev.deskphone.calls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.media.CallMediaControl;
import dev.deskphone.media.CallMediaOptions;
import dev.deskphone.media.CallStats;
import dev.deskphone.media.DtmfTones;
import dev.deskphone.media.MediaConnectionState;
import dev.deskphone.media.OfferOptions;
import dev.deskphone.media.SdpType;
import dev.deskphone.media.ThreeWayMix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class MediaRequestsTest {
    private final ObjectMapper json = new ObjectMapper();
    private final List<Map<String, Object>> replies = new CopyOnWriteArrayList<>();
    private final List<CallMediaOptions> created = new ArrayList<>();
    private final FakeMedia media = new FakeMedia();
    private CompletableFuture<CallMediaControl> nextCreation = CompletableFuture.completedFuture(media);
    private final MediaRequests requests = new MediaRequests(
            options -> {
                created.add(options);
                return nextCreation;
            },
            replies::add);

    @Test
    void createPassesTheAccountsIceSettingsAndAnswersWithAnEmptyResult() throws Exception {
        request(1, "create", "h1", """
                {"account":"pbx/1001","iceServers":[{"urls":"stun:stun.example:3478"},
                 {"urls":["turn:turn.example:3478?transport=udp"],"username":"u","credential":"p"}],
                 "iceTransportPolicy":"relay","iceGatheringTimeoutMs":700}""");

        assertThat(lastReply())
                .containsEntry("type", "media-response")
                .containsEntry("id", 1L)
                .containsEntry("ok", true)
                .containsEntry("result", Map.of());
        CallMediaOptions options = created.get(0);
        assertThat(options.iceServers()).hasSize(2);
        assertThat(options.iceServers().get(1).credential()).isEqualTo("p");
        assertThat(options.relayOnly()).isTrue();
        assertThat(options.iceGatheringTimeout().toMillis()).isEqualTo(700);
        assertThat(requests.openCalls()).isEqualTo(1);
    }

    @Test
    void createPassesTheProfilesCodecOrderAndRefusesUnknownCodecs() throws Exception {
        request(1, "create", "h1", "{\"codecs\":[\"pcmu\",\"opus\"]}");
        assertThat(lastReply()).containsEntry("ok", true);
        assertThat(created.get(0).codecs()).containsExactly("pcmu", "opus");

        request(2, "create", "h2", "{}");
        assertThat(created.get(1).codecs()).as("the engine's order").isEmpty();

        request(3, "create", "h3", "{\"codecs\":[\"g729\"]}");
        assertError("codecs: 'g729'");
        request(4, "create", "h4", "{\"codecs\":\"pcmu\"}");
        assertError("params.codecs");
        request(5, "create", "h5", "{\"codecs\":[\"pcmu\",\"pcmu\"]}");
        assertError("codecs: each codec once");
    }

    @Test
    void offerAnswerAndRemoteDescriptionsReachTheCallsMedia() throws Exception {
        request(1, "create", "h1", "{}");
        request(2, "offer", "h1", "{\"hold\":true,\"iceRestart\":true}");
        assertThat(lastReply()).containsEntry("ok", true).containsEntry("result", Map.of("sdp", "offer-sdp"));
        assertThat(media.calls).contains("offer hold=true iceRestart=true");

        request(3, "set-remote", "h1", "{\"type\":\"answer\",\"sdp\":\"v=0 remote\"}");
        request(4, "answer", "h1", "{\"hold\":false}");
        request(5, "rollback", "h1", "{}");
        request(6, "mute", "h1", "{\"muted\":true}");
        assertThat(media.calls)
                .containsSubsequence("remote ANSWER v=0 remote", "answer hold=false", "rollback", "mute true");
        assertThat(replies).allSatisfy(reply -> assertThat(reply).containsEntry("ok", true));
    }

    @Test
    void dtmfSaysWhetherTelephoneEventsWereSent() throws Exception {
        request(1, "create", "h1", "{}");
        media.dtmfNegotiated = false;
        request(2, "dtmf", "h1", "{\"tones\":\"12#\",\"durationMs\":160,\"gapMs\":80}");
        assertThat(lastReply()).containsEntry("result", Map.of("sent", false));
        assertThat(media.calls).contains("dtmf 12# 160/80");
    }

    @Test
    void statsBecomeTheCallQualityFields() throws Exception {
        request(1, "create", "h1", "{}");
        request(2, "stats", "h1", "{}");
        @SuppressWarnings("unchecked")
        Map<String, Object> quality = (Map<String, Object>) lastReply().get("result");
        assertThat(quality)
                .containsEntry("jitterMs", 3.2)
                .containsEntry("packetLossPct", 0.5)
                .containsEntry("rttMs", 41.0)
                .containsEntry("codec", "opus/48000");
        assertThat((Double) quality.get("mos")).isBetween(4.0, 4.5);
    }

    /**
     * The live quality indicator reads {@code stats} every 2 s from the first moment of a call, when
     * WebRTC has measured nothing yet: unknown values are left out (the page grades only what is
     * there), and a MOS comes only with jitter and loss.
     */
    @Test
    void statsLeaveOutWhatIsNotMeasuredYet() {
        assertThat(CallQuality.of(CallStats.UNKNOWN)).containsOnlyKeys("codec");
        Map<String, Object> early = CallQuality.of(new CallStats(4.04, 0, -1, "PCMU/8000"));
        assertThat(early)
                .containsEntry("jitterMs", 4.0)
                .containsEntry("packetLossPct", 0.0)
                .doesNotContainKey("rttMs")
                .containsKey("mos");
        assertThat(CallQuality.of(new CallStats(-1, 2, 80, "opus/48000")))
                .containsEntry("rttMs", 80.0)
                .doesNotContainKeys("jitterMs", "mos");
        // A poor line stays recognisable in the numbers the page grades.
        Map<String, Object> poor = CallQuality.of(new CallStats(90, 8, 900, "opus/48000"));
        assertThat((Double) poor.get("mos")).isLessThan(3.1);
    }

    @Test
    void badRequestsAreAnsweredWithAnErrorNamingTheField() throws Exception {
        request(1, "fly", "h1", "{}");
        assertError("op: unknown operation 'fly'");
        request(2, "offer", "nobody", "{}");
        assertError("call: no media for 'nobody'");
        request(3, "create", "h1", "{\"iceServers\":[{\"urls\":\"http://not-ice\"}]}");
        assertError("iceServers.urls");
        request(4, "create", "h1", "{\"iceTransportPolicy\":\"sometimes\"}");
        assertError("params.iceTransportPolicy");
        request(5, "create", "h1", "{\"iceGatheringTimeoutMs\":\"soon\"}");
        assertError("params.iceGatheringTimeoutMs");
        request(6, "create", "h1", "{}");
        request(7, "create", "h1", "{}");
        assertError("already exists");
        request(8, "set-remote", "h1", "{\"type\":\"offer\"}");
        assertError("params.sdp");
        request(9, "set-remote", "h1", "{\"type\":\"maybe\",\"sdp\":\"v=0\"}");
        assertError("params.type");
        request(10, "mute", "h1", "{}");
        assertError("params.muted");
        request(11, "dtmf", "h1", "{\"tones\":\"x\"}");
        assertError("tones:");
        ObjectNode noCall = json.createObjectNode()
                .put("type", "media-request")
                .put("id", 12)
                .put("op", "offer");
        requests.handle(noCall);
        assertError("call: required");
        ObjectNode badParams =
                (ObjectNode) json.readTree("{\"id\":13,\"op\":\"offer\",\"call\":\"h1\",\"params\":[1]}");
        requests.handle(badParams);
        assertError("params: must be an object");
    }

    @Test
    void aRequestWithoutAnIdIsRefusedAtTheDoorway() {
        ObjectNode request = json.createObjectNode()
                .put("type", "media-request")
                .put("op", "create")
                .put("call", "h1");
        assertThatThrownBy(() -> requests.handle(request))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"id\"");
        assertThat(replies).isEmpty();
    }

    @Test
    void failuresOfTheMediaItselfComeBackAsErrors() throws Exception {
        request(1, "create", "h1", "{}");
        media.failNext = new IllegalStateException("createAnswer: no remote offer to answer");
        request(2, "answer", "h1", "{}");
        assertError("createAnswer: no remote offer to answer");

        nextCreation = CompletableFuture.failedFuture(new IllegalStateException("media engine is closed"));
        request(3, "create", "h2", "{}");
        assertError("media engine is closed");
        request(4, "offer", "h2", "{}");
        assertError("no media for 'h2'");
    }

    @Test
    void requestsSentBeforeTheMediaExistsWaitForIt() throws Exception {
        CompletableFuture<CallMediaControl> slow = new CompletableFuture<>();
        nextCreation = slow;
        request(1, "create", "h1", "{}");
        request(2, "offer", "h1", "{}");
        assertThat(replies).isEmpty();
        slow.complete(media);
        assertThat(replies).extracting(r -> r.get("id")).containsExactlyInAnyOrder(1L, 2L);
        assertThat(replies).allSatisfy(reply -> assertThat(reply).containsEntry("ok", true));
        assertThat(media.calls).contains("offer hold=false iceRestart=false");
    }

    @Test
    void aCallsRequestsRunOneAfterAnotherSoTheAnswerSentWithItsOfferIsMadeFromIt() throws Exception {
        request(1, "create", "h1", "{}");
        CompletableFuture<Void> applying = new CompletableFuture<>();
        media.remoteDescription = applying;
        request(2, "set-remote", "h1", "{\"type\":\"offer\",\"sdp\":\"v=0 offer\"}");
        request(3, "answer", "h1", "{}");
        request(4, "close", "h1", "{}");
        assertThat(media.calls).as("the answer waits for the offer").containsExactly("remote OFFER v=0 offer");

        applying.complete(null);
        assertThat(media.calls).containsExactly("remote OFFER v=0 offer", "answer hold=false", "close");
        assertThat(replies)
                .filteredOn(r -> "media-response".equals(r.get("type")))
                .extracting(r -> r.get("id"))
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(replies).allSatisfy(reply -> assertThat(reply).containsEntry("ok", true));
    }

    @Test
    void aFailedRequestDoesNotStopTheNextOne() throws Exception {
        request(1, "create", "h1", "{}");
        media.failNext = new IllegalStateException("setRemoteDescription: bad SDP");
        request(2, "set-remote", "h1", "{\"type\":\"offer\",\"sdp\":\"v=0 bad\"}");
        assertError("bad SDP");
        request(3, "stats", "h1", "{}");
        assertThat(lastReply()).containsEntry("ok", true);
    }

    @Test
    void requestsSentBeforeACreationThatFailsGetItsError() throws Exception {
        CompletableFuture<CallMediaControl> failing = new CompletableFuture<>();
        nextCreation = failing;
        request(1, "create", "h1", "{}");
        request(2, "offer", "h1", "{}");
        failing.completeExceptionally(new IllegalStateException("media engine is closed"));
        assertThat(replies)
                .hasSize(2)
                .allSatisfy(reply ->
                        assertThat(reply).containsEntry("ok", false).containsEntry("error", "media engine is closed"));
        assertThat(requests.openCalls()).isZero();
    }

    @Test
    void connectionStatesBecomeMediaEventsUntilTheCallIsClosed() throws Exception {
        request(1, "create", "h1", "{}");
        media.state(MediaConnectionState.CONNECTING);
        media.state(MediaConnectionState.CONNECTED);
        media.state(MediaConnectionState.DISCONNECTED);
        media.state(MediaConnectionState.FAILED);
        assertThat(replies)
                .filteredOn(r -> "media-event".equals(r.get("type")))
                .extracting(r -> r.get("call") + ":" + r.get("event"))
                .containsExactly("h1:connected", "h1:disconnected", "h1:failed");

        request(2, "close", "h1", "{}");
        assertThat(media.calls).contains("close");
        assertThat(requests.openCalls()).isZero();
        request(3, "close", "h1", "{}");
        assertThat(lastReply()).containsEntry("ok", true);
        int before = replies.size();
        media.state(MediaConnectionState.CONNECTED);
        assertThat(replies).hasSize(before);
    }

    @Test
    void aReloadedPageLeavesNoMediaOpen() throws Exception {
        request(1, "create", "h1", "{}");
        requests.closeAll().get();
        assertThat(media.calls).contains("close");
        assertThat(requests.openCalls()).isZero();
    }

    @Test
    void mergeMixesTwoCallsAndMuteWhileMergedMutesTowardsThatCallOnlyThenSplitMutesItsTrackAgain() throws Exception {
        RecordingMix mix = new RecordingMix();
        List<String> mixed = mix.calls;
        MediaRequests withMix =
                new MediaRequests(options -> CompletableFuture.completedFuture(media), mix, replies::add);
        handle(withMix, 1, "create", "b", "{}");
        handle(withMix, 2, "create", "c", "{}");
        handle(withMix, 3, "mute", "c", "{\"muted\":true}");
        assertThat(media.calls).containsExactly("mute true");

        handle(withMix, 4, "merge", "b", "{\"other\":\"c\"}");
        assertThat(lastReply()).containsEntry("ok", true);
        // The muted call's track sends again (it carries the other far end); the mix mutes the microphone.
        assertThat(mixed).containsExactly("merge", "muteLeg true");
        assertThat(media.calls).containsExactly("mute true", "mute false");

        handle(withMix, 5, "mute", "b", "{\"muted\":true}");
        assertThat(mixed).endsWith("muteLeg true");
        assertThat(media.calls).as("the track keeps sending").hasSize(2);

        handle(withMix, 6, "merge", "b", "{\"other\":\"c\"}");
        assertError("merged already");

        handle(withMix, 7, "split", "c", "{}");
        assertThat(lastReply()).containsEntry("ok", true);
        assertThat(mixed).endsWith("split");
        assertThat(media.calls).as("both muted legs mute their own track again").endsWith("mute true", "mute true");

        handle(withMix, 8, "split", "c", "{}");
        assertError("not in a three-way call");
        handle(withMix, 9, "merge", "b", "{\"other\":\"b\"}");
        assertError("params.other");
    }

    @Test
    void closingAMergedCallSplitsTheMixFirst() throws Exception {
        RecordingMix mix = new RecordingMix();
        List<String> mixed = mix.calls;
        MediaRequests withMix =
                new MediaRequests(options -> CompletableFuture.completedFuture(media), mix, replies::add);
        handle(withMix, 1, "create", "b", "{}");
        handle(withMix, 2, "create", "c", "{}");
        handle(withMix, 3, "merge", "b", "{\"other\":\"c\"}");
        handle(withMix, 4, "close", "c", "{}");
        assertThat(mixed).containsExactly("merge", "split");
        assertThat(media.calls).endsWith("close");
        handle(withMix, 5, "mute", "b", "{\"muted\":true}");
        assertThat(media.calls).as("b is a call of its own again").endsWith("mute true");
    }

    private void handle(MediaRequests target, long id, String op, String call, String params) throws Exception {
        ObjectNode message = json.createObjectNode()
                .put("type", "media-request")
                .put("id", id)
                .put("op", op)
                .put("call", call);
        message.set("params", json.readTree(params));
        target.handle(message);
    }

    private void request(long id, String op, String call, String params) throws Exception {
        handle(requests, id, op, call, params);
    }

    /** A mix that records what it is asked and always succeeds. */
    private static final class RecordingMix implements ThreeWayMix {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Void> merge(CallMediaControl first, CallMediaControl second) {
            calls.add("merge");
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> split() {
            calls.add("split");
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Boolean> muteLeg(CallMediaControl leg, boolean muted) {
            calls.add("muteLeg " + muted);
            return CompletableFuture.completedFuture(true);
        }
    }

    private Map<String, Object> lastReply() {
        return replies.get(replies.size() - 1);
    }

    private void assertError(String text) {
        assertThat(lastReply()).containsEntry("type", "media-response").containsEntry("ok", false);
        assertThat((String) lastReply().get("error")).contains(text);
    }

    private static final class FakeMedia implements CallMediaControl {
        final List<String> calls = new ArrayList<>();
        final List<Consumer<MediaConnectionState>> listeners = new ArrayList<>();
        boolean dtmfNegotiated = true;
        RuntimeException failNext;
        CompletableFuture<Void> remoteDescription;

        void state(MediaConnectionState state) {
            listeners.forEach(l -> l.accept(state));
        }

        private <T> CompletableFuture<T> done(String call, T value) {
            calls.add(call);
            if (failNext != null) {
                RuntimeException e = failNext;
                failNext = null;
                return CompletableFuture.failedFuture(e);
            }
            return CompletableFuture.completedFuture(value);
        }

        @Override
        public CompletableFuture<String> createOffer(OfferOptions options) {
            return done("offer hold=" + options.hold() + " iceRestart=" + options.iceRestart(), "offer-sdp");
        }

        @Override
        public CompletableFuture<String> createAnswer(boolean hold) {
            return done("answer hold=" + hold, "answer-sdp");
        }

        @Override
        public CompletableFuture<Void> setRemoteDescription(SdpType type, String sdp) {
            if (remoteDescription != null) {
                calls.add("remote " + type + " " + sdp);
                return remoteDescription;
            }
            return done("remote " + type + " " + sdp, null);
        }

        @Override
        public CompletableFuture<Void> rollback() {
            return done("rollback", null);
        }

        @Override
        public CompletableFuture<Void> setMuted(boolean muted) {
            return done("mute " + muted, null);
        }

        @Override
        public CompletableFuture<Boolean> sendDtmf(DtmfTones tones) {
            return done(
                    "dtmf " + tones.tones() + " " + tones.durationMs() + "/" + tones.interToneGapMs(), dtmfNegotiated);
        }

        @Override
        public CompletableFuture<CallStats> stats() {
            return done("stats", new CallStats(3.2, 0.5, 41, "opus/48000"));
        }

        @Override
        public void addStateListener(Consumer<MediaConnectionState> listener) {
            listeners.add(listener);
        }

        @Override
        public CompletableFuture<Void> close() {
            return done("close", null);
        }
    }
}
