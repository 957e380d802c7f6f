package dev.deskphone.media;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.testsupport.FakePactl;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioRouterTest {
    private static final long PID = 4631;

    @TempDir
    Path dir;

    private FakePactl pactl;
    private AudioRouter router;

    @BeforeEach
    void twoSpeakersTwoMicrophonesAndOneCallOnTheDefaults() throws Exception {
        pactl = new FakePactl(dir);
        pactl.write("sinks", """
                [{"index":0,"name":"speaker"},{"index":1,"name":"headset"}]""");
        pactl.write("sources", """
                [{"index":0,"name":"speaker.monitor","monitor_source":"speaker"},{"index":2,"name":"mic"},{"index":3,"name":"headset-mic"}]""");
        pactl.write("sink-inputs", """
                [{"index":7,"sink":0,"properties":{"media.name":"playStream","application.process.id":"4631"}},
                 {"index":8,"sink":0,"properties":{"media.name":"playStream","application.process.id":"999"}}]""");
        pactl.write("source-outputs", """
                [{"index":9,"source":2,"properties":{"media.name":"recStream","application.process.id":"4631"}}]""");
        router = AudioRouter.start(PID, pactl.environment(), () -> {});
    }

    @AfterEach
    void close() {
        router.close();
    }

    private void settle() throws Exception {
        router.idle().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aBurstOfDeviceEventsReachesTheDeviceListenersOnce() throws Exception {
        AtomicInteger told = new AtomicInteger();
        router.onDevicesChanged(told::incrementAndGet);

        // What loading a three-way call's four null sinks prints: each sink and its monitor source.
        pactl.event(
                "Event 'new' on sink #5",
                "Event 'new' on source #6",
                "Event 'new' on sink #7",
                "Event 'new' on source #8",
                "Event 'new' on sink #9",
                "Event 'new' on source #10",
                "Event 'new' on sink #11",
                "Event 'new' on source #12");

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (told.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // Well past the settling time: no second notice for the same burst.
        Thread.sleep(3 * AudioRouter.DEVICES_SETTLE.toMillis());
        settle();
        assertThat(told.get()).isEqualTo(1);
    }

    @Test
    void theChosenDevicesGetThisProcesssCallStreamsOnly() throws Exception {
        router.route(new AudioRoute(Optional.of("headset-mic"), Optional.of("headset")));
        settle();

        assertThat(router.unavailableReason()).isEmpty();
        assertThat(pactl.moves())
                .containsExactlyInAnyOrder("move-sink-input 7 headset", "move-source-output 9 headset-mic");
    }

    @Test
    void choosingOtherDevicesIsReportedOnceAndTheSameChoiceAgainIsNot() throws Exception {
        AtomicInteger changes = new AtomicInteger();
        router.onRouteChanged(changes::incrementAndGet);

        router.route(new AudioRoute(Optional.of("headset-mic"), Optional.of("headset")));
        router.route(new AudioRoute(Optional.of("headset-mic"), Optional.of("headset")));
        settle();
        assertThat(changes).hasValue(1);

        router.route(AudioRoute.SYSTEM_DEFAULT);
        settle();
        assertThat(changes).hasValue(2);
    }

    @Test
    void aStreamAlreadyOnTheChosenDeviceIsLeftAlone() throws Exception {
        router.route(new AudioRoute(Optional.of("mic"), Optional.of("speaker")));
        settle();

        assertThat(pactl.moves()).isEmpty();
        assertThat(pactl.calls()).as("it looked").contains("-f json list sink-inputs", "-f json list source-outputs");
    }

    @Test
    void aDeviceThatIsNotConnectedIsNotRoutedToUntilItAppears() throws Exception {
        router.route(new AudioRoute(Optional.empty(), Optional.of("usb-headset")));
        settle();
        assertThat(pactl.moves()).isEmpty();

        pactl.write("sinks", """
                [{"index":0,"name":"speaker"},{"index":4,"name":"usb-headset"}]""");
        router.route(new AudioRoute(Optional.empty(), Optional.of("usb-headset")));
        settle();
        assertThat(pactl.moves()).containsExactly("move-sink-input 7 usb-headset");
    }

    @Test
    void goingBackToTheSystemDefaultMovesWhatWasMoved() throws Exception {
        router.route(new AudioRoute(Optional.empty(), Optional.of("headset")));
        settle();
        router.route(AudioRoute.SYSTEM_DEFAULT);
        settle();

        assertThat(pactl.moves()).containsExactly("move-sink-input 7 headset", "move-sink-input 7 @DEFAULT_SINK@");
    }

    @Test
    void theSystemDefaultAloneMovesNothing() throws Exception {
        router.route(AudioRoute.SYSTEM_DEFAULT);
        settle();

        assertThat(pactl.moves()).isEmpty();
    }

    @Test
    void theDevicesComeFromTheSoundServer() throws Exception {
        pactl.write("info", "{\"default_sink_name\":\"headset\",\"default_source_name\":\"mic\"}");

        AudioDevices devices = router.devices().get(10, TimeUnit.SECONDS);

        assertThat(devices.speakers()).extracting(AudioEndpoint::id).containsExactlyInAnyOrder("speaker", "headset");
        assertThat(devices.microphones()).extracting(AudioEndpoint::id).containsExactlyInAnyOrder("mic", "headset-mic");
        assertThat(devices.defaultSpeaker().map(AudioEndpoint::id)).contains("headset");
        assertThat(pactl.calls()).contains("-f json list sinks", "-f json list sources", "-f json info");
    }

    @Test
    void withoutPactlRoutingSaysWhyAndDoesNothing() throws Exception {
        try (AudioRouter without =
                AudioRouter.start(PID, Map.of("PATH", dir.resolve("empty").toString()), () -> {})) {
            without.route(new AudioRoute(Optional.empty(), Optional.of("headset")));

            assertThat(without.unavailableReason())
                    .get()
                    .asString()
                    .contains("pactl")
                    .contains("pulseaudio-utils");
            assertThat(without.devices().get(10, TimeUnit.SECONDS).speakers()).isEmpty();
        }
        assertThat(pactl.moves()).isEmpty();
    }
}
