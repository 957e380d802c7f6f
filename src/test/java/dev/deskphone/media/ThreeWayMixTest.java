package dev.deskphone.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskphone.testsupport.FakePactl;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pactl commands a merge, a per-call mute and a split give, against a fake pactl. */
class ThreeWayMixTest {
    private static final long PID = 4631;

    @TempDir
    Path dir;

    private FakePactl pactl;
    private AudioRouter router;

    @BeforeEach
    void twoCallsEachWithItsOwnClient() throws Exception {
        pactl = new FakePactl(dir);
        pactl.write("sinks", """
                [{"index":0,"name":"speaker"},{"index":5,"name":"deskphone-4631-heard-21"}]""");
        pactl.write("sources", """
                [{"index":2,"name":"mic"}]""");
        pactl.write("sink-inputs", """
                [{"index":7,"sink":0,"client":"21","properties":{"media.name":"playStream","application.process.id":"4631"}},
                 {"index":8,"sink":0,"client":"22","properties":{"media.name":"playStream","application.process.id":"4631"}},
                 {"index":9,"sink":0,"client":"30","properties":{"media.name":"playStream","application.process.id":"999"}}]""");
        pactl.write("source-outputs", """
                [{"index":11,"source":2,"client":"21","properties":{"media.name":"recStream","application.process.id":"4631"}},
                 {"index":12,"source":2,"client":"22","properties":{"media.name":"recStream","application.process.id":"4631"}}]""");
        router = AudioRouter.start(PID, pactl.environment(), () -> {});
        router.idle().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void mergingGivesEachCallAHeardSinkAndASendSinkFedByTheMicrophoneAndTheOtherCall() throws Exception {
        await(router.threeWayMix().merge(leg(21), leg(22)));

        List<String> loads = loads();
        assertThat(loads).hasSize(10);
        assertThat(loads.subList(0, 4))
                .as("the null sinks, before the loopbacks that play into them")
                .containsExactlyInAnyOrderElementsOf(SINKS);
        assertThat(loads.subList(4, 10)).containsExactlyInAnyOrderElementsOf(LOOPBACKS);
        assertThat(pactl.moves())
                .containsExactlyInAnyOrder(
                        "move-sink-input 7 deskphone-4631-heard-21",
                        "move-sink-input 8 deskphone-4631-heard-22",
                        "move-source-output 11 deskphone-4631-send-21.monitor",
                        "move-source-output 12 deskphone-4631-send-22.monitor");
    }

    @Test
    void theSinksAreLoadedTogetherThenTheLoopbacksTogether() throws Exception {
        // Each load waits for the others of its kind to start, and fails when they never do.
        pactl.requireLoadedTogether("module-null-sink", 4);
        pactl.requireLoadedTogether("module-loopback", 6);

        await(router.threeWayMix().merge(leg(21), leg(22)));

        assertThat(loads()).hasSize(10);
        assertThat(pactl.moves()).hasSize(4);
    }

    @Test
    void mutingOneMergedCallUnloadsOnlyItsMicrophoneLoopbackAndUnmutingLoadsItAgain() throws Exception {
        await(router.threeWayMix().merge(leg(21), leg(22)));
        String micToSecond = loopback("mic", "deskphone-4631-send-22");

        assertThat(await(router.threeWayMix().muteLeg(leg(22), true))).isTrue();
        assertThat(unloads()).containsExactly("unload-module " + pactl.moduleIndex(micToSecond));

        assertThat(await(router.threeWayMix().muteLeg(leg(22), false))).isTrue();
        assertThat(loads()).last().isEqualTo(micToSecond);
    }

    @Test
    void splittingMovesTheStreamsBackThenUnloadsEveryModuleLoopbacksFirst() throws Exception {
        await(router.threeWayMix().merge(leg(21), leg(22)));
        String micToFirst = loopback("mic", "deskphone-4631-send-21");
        await(router.threeWayMix().muteLeg(leg(21), true)); // unloaded already
        List<String> before = pactl.calls();

        await(router.threeWayMix().split());

        List<String> after = pactl.calls().subList(before.size(), pactl.calls().size());
        List<String> moves = after.stream().filter(c -> c.startsWith("move-")).toList();
        assertThat(moves)
                .containsExactlyInAnyOrder(
                        "move-sink-input 7 speaker",
                        "move-sink-input 8 speaker",
                        "move-source-output 11 mic",
                        "move-source-output 12 mic");
        List<String> unloads =
                after.stream().filter(c -> c.startsWith("unload-module")).toList();
        List<String> loopbacksLeft = new java.util.ArrayList<>();
        for (String load : LOOPBACKS) {
            if (!load.equals(micToFirst)) {
                loopbacksLeft.add("unload-module " + pactl.moduleIndex(load));
            }
        }
        List<String> sinks = new java.util.ArrayList<>();
        for (String load : SINKS) {
            sinks.add("unload-module " + pactl.moduleIndex(load));
        }
        assertThat(unloads).hasSize(9);
        assertThat(unloads.subList(0, 5)).as("the loopbacks first").containsExactlyInAnyOrderElementsOf(loopbacksLeft);
        assertThat(unloads.subList(5, 9)).as("then the sinks").containsExactlyInAnyOrderElementsOf(sinks);
        int lastMove = moves.stream().mapToInt(after::indexOf).max().orElseThrow();
        assertThat(after.indexOf(unloads.get(0)))
                .as("unloaded after the streams moved back")
                .isGreaterThan(lastMove);
        assertThat(await(router.threeWayMix().muteLeg(leg(21), false)))
                .as("no longer merged")
                .isFalse();
    }

    @Test
    void aCallWhoseClientIsUnknownCannotBeMergedAndNothingIsLoaded() throws Exception {
        assertThatThrownBy(() -> await(router.threeWayMix().merge(leg(21), new FakeLeg(OptionalLong.empty()))))
                .hasMessageContaining("which audio streams are each call's");
        await(router.threeWayMix().merge(leg(21), leg(22)));
        assertThatThrownBy(() -> await(router.threeWayMix().merge(leg(21), leg(22))))
                .hasMessageContaining("merged already");
        assertThat(loads()).hasSize(10);
    }

    @Test
    void theProcesssClientsAreListedByItsProcessId() throws Exception {
        pactl.write("clients", """
                [{"index":21,"properties":{"application.process.id":"4631"}},
                 {"index":30,"properties":{"application.process.id":"999"}}]""");
        assertThat(router.soundClients().ours()).containsExactly(21L);
        assertThat(SoundClients.added(java.util.Set.of(21L), java.util.Set.of(21L, 22L)))
                .hasValue(22);
        assertThat(SoundClients.added(java.util.Set.of(), java.util.Set.of(21L, 22L)))
                .isEmpty();
    }

    private static final List<String> SINKS = List.of(
            sink("heard-21", "heard"), sink("send-21", "sent"), sink("heard-22", "heard"), sink("send-22", "sent"));
    private static final List<String> LOOPBACKS = List.of(
            loopback("deskphone-4631-heard-21.monitor", "speaker"),
            loopback("mic", "deskphone-4631-send-21"),
            loopback("deskphone-4631-heard-22.monitor", "deskphone-4631-send-21"),
            loopback("deskphone-4631-heard-22.monitor", "speaker"),
            loopback("mic", "deskphone-4631-send-22"),
            loopback("deskphone-4631-heard-21.monitor", "deskphone-4631-send-22"));

    private static String sink(String name, String description) {
        return "load-module module-null-sink sink_name=deskphone-4631-" + name
                + " sink_properties=device.description=Deskphone-three-way-call-" + description;
    }

    private static String loopback(String source, String sink) {
        return "load-module module-loopback source=" + source + " sink=" + sink
                + " latency_msec=30 source_dont_move=true sink_dont_move=true";
    }

    private List<String> loads() throws Exception {
        return pactl.calls().stream().filter(c -> c.startsWith("load-module")).toList();
    }

    private List<String> unloads() throws Exception {
        return pactl.calls().stream().filter(c -> c.startsWith("unload-module")).toList();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static CallMediaControl leg(long client) {
        return new FakeLeg(OptionalLong.of(client));
    }

    /** A call's media that only knows its sound-server client. */
    private record FakeLeg(OptionalLong soundClient) implements CallMediaControl {
        @Override
        public CompletableFuture<String> createOffer(OfferOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<String> createAnswer(boolean hold) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> setRemoteDescription(SdpType type, String sdp) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> rollback() {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Void> setMuted(boolean muted) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Boolean> sendDtmf(DtmfTones tones) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<CallStats> stats() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void addStateListener(Consumer<MediaConnectionState> listener) {}

        @Override
        public CompletableFuture<Void> close() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
