package dev.deskphone.media;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.media.PulseStreams.Direction;
import dev.deskphone.media.PulseStreams.Event;
import dev.deskphone.media.PulseStreams.Stream;
import org.junit.jupiter.api.Test;

class PulseStreamsTest {
    private final ObjectMapper json = new ObjectMapper();

    /** Trimmed from pactl 16.1's output with a webrtc-java call running as pid 4631 and a browser as 77. */
    static final String SINK_INPUTS = """
            [{"index":3,"sink":0,"properties":{"media.name":"playStream","application.name":"WEBRTC VoiceEngine","application.process.id":"4631"}},
             {"index":4,"sink":1,"properties":{"media.name":"playStream","application.name":"WEBRTC VoiceEngine","application.process.id":"77"}},
             {"index":5,"sink":0,"properties":{"media.name":"ALSA Playback","application.process.id":"4631"}}]
            """;

    @Test
    void onlyThisProcessesCallAudioStreamsAreOurs() throws Exception {
        assertThat(PulseStreams.callStreams(json.readTree(SINK_INPUTS), Direction.SPEAKER, 4631))
                .containsExactly(new Stream(3, 0));
        assertThat(PulseStreams.callStreams(json.readTree(SINK_INPUTS), Direction.SPEAKER, 1))
                .isEmpty();
        String sourceOutputs = """
                [{"index":9,"source":2,"properties":{"media.name":"recStream","application.process.id":"4631"}},
                 {"index":10,"source":2,"properties":{"media.name":"playStream","application.process.id":"4631"}}]
                """;
        assertThat(PulseStreams.callStreams(json.readTree(sourceOutputs), Direction.MICROPHONE, 4631))
                .containsExactly(new Stream(9, 2));
    }

    @Test
    void deviceNamesAreReadFromTheShortListing() throws Exception {
        String sinks = """
                [{"index":0,"name":"spk1","driver":"module-null-sink.c"},{"index":1,"name":"alsa_output.usb-Jabra.analog-stereo"}]
                """;
        assertThat(PulseStreams.deviceNames(json.readTree(sinks)))
                .containsEntry(0L, "spk1")
                .containsEntry(1L, "alsa_output.usb-Jabra.analog-stereo")
                .hasSize(2);
    }

    @Test
    void devicesAreNamedByDescriptionWithoutMonitorsAndWithTheServersDefaults() throws Exception {
        // As pactl 16.1 prints them (trimmed): a sink's monitor names its sink under "monitor_source".
        String sinks = """
                [{"index":0,"name":"alsa_output.pci.analog-stereo","description":"Built-in Audio Analog Stereo","monitor_source":"alsa_output.pci.analog-stereo.monitor"},
                 {"index":1,"name":"bluez_sink.jabra","description":"Jabra Evolve2 65"}]
                """;
        String sources = """
                [{"index":0,"name":"alsa_output.pci.analog-stereo.monitor","description":"Monitor of Built-in Audio","monitor_source":"alsa_output.pci.analog-stereo","properties":{"device.class":"monitor"}},
                 {"index":2,"name":"alsa_input.pci.analog-stereo","description":"Built-in Audio Analog Stereo","monitor_source":"","properties":{"device.class":"sound"}},
                 {"index":3,"name":"bluez_source.jabra","description":"Jabra Evolve2 65","monitor_source":""}]
                """;
        String info = """
                {"server_name":"pulseaudio","default_sink_name":"bluez_sink.jabra","default_source_name":"alsa_input.pci.analog-stereo"}
                """;

        AudioDevices devices = PulseStreams.devices(json.readTree(sinks), json.readTree(sources), json.readTree(info));

        assertThat(devices.speakers())
                .extracting(AudioEndpoint::id)
                .containsExactly("alsa_output.pci.analog-stereo", "bluez_sink.jabra");
        assertThat(devices.microphones())
                .extracting(AudioEndpoint::name)
                .containsExactly("Built-in Audio Analog Stereo", "Jabra Evolve2 65");
        assertThat(devices.defaultSpeaker()).contains(new AudioEndpoint("bluez_sink.jabra", "Jabra Evolve2 65"));
        assertThat(devices.defaultMicrophone().map(AudioEndpoint::id)).contains("alsa_input.pci.analog-stereo");
    }

    @Test
    void subscribeLinesAreSortedIntoWhatRoutingCaresAbout() {
        assertThat(Event.of("Event 'new' on sink-input #12")).isEqualTo(Event.NEW_STREAM);
        assertThat(Event.of("Event 'new' on source-output #3")).isEqualTo(Event.NEW_STREAM);
        assertThat(Event.of("Event 'new' on sink #2")).isEqualTo(Event.DEVICES_CHANGED);
        assertThat(Event.of("Event 'remove' on source #2")).isEqualTo(Event.DEVICES_CHANGED);
        assertThat(Event.of("Event 'change' on sink #2")).isEqualTo(Event.IGNORED);
        assertThat(Event.of("Event 'remove' on sink-input #12")).isEqualTo(Event.IGNORED);
        assertThat(Event.of("Event 'new' on client #13")).isEqualTo(Event.IGNORED);
    }
}
