package dev.deskphone.media;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads pactl's JSON: which of the server's streams carry this process's call audio, and the names
 * of the devices they are on. libwebrtc's PulseAudio module names its streams {@code playStream}
 * and {@code recStream}; libpulse puts the process id on every stream of a client.
 */
final class PulseStreams {
    /** One direction of call audio and the pactl words for it. */
    enum Direction {
        SPEAKER("speaker", "sink-inputs", "sinks", "sink", "playStream", "move-sink-input", "@DEFAULT_SINK@"),
        MICROPHONE(
                "microphone",
                "source-outputs",
                "sources",
                "source",
                "recStream",
                "move-source-output",
                "@DEFAULT_SOURCE@");

        final String field;
        final String streams;
        final String devices;
        final String deviceKey;
        final String mediaName;
        final String moveCommand;
        final String systemDefault;

        Direction(
                String field,
                String streams,
                String devices,
                String deviceKey,
                String mediaName,
                String moveCommand,
                String systemDefault) {
            this.field = field;
            this.streams = streams;
            this.devices = devices;
            this.deviceKey = deviceKey;
            this.mediaName = mediaName;
            this.moveCommand = moveCommand;
            this.systemDefault = systemDefault;
        }
    }

    /** A stream by its server index, on the device with index {@code device}, of sound-server client {@code client}. */
    record Stream(long index, long device, long client) {
        /** A stream whose client is not known. */
        Stream(long index, long device) {
            this(index, device, -1);
        }
    }

    private PulseStreams() {}

    /** The call-audio streams of process {@code pid} in {@code pactl -f json list sink-inputs|source-outputs}. */
    static List<Stream> callStreams(JsonNode streams, Direction direction, long pid) {
        List<Stream> ours = new ArrayList<>();
        for (JsonNode stream : streams) {
            JsonNode properties = stream.path("properties");
            if (Long.toString(pid)
                            .equals(properties.path("application.process.id").asText())
                    && direction.mediaName.equals(properties.path("media.name").asText())) {
                ours.add(new Stream(
                        stream.path("index").asLong(),
                        stream.path(direction.deviceKey).asLong(-1),
                        stream.path("client").asLong(-1)));
            }
        }
        return ours;
    }

    /** The client indexes of process {@code pid} in {@code pactl -f json list clients}. */
    static java.util.Set<Long> clients(JsonNode clients, long pid) {
        java.util.Set<Long> ours = new java.util.HashSet<>();
        for (JsonNode client : clients) {
            if (Long.toString(pid)
                    .equals(client.path("properties")
                            .path("application.process.id")
                            .asText())) {
                ours.add(client.path("index").asLong());
            }
        }
        return ours;
    }

    /** Device index to name, from {@code pactl -f json list short sinks|sources}. */
    static Map<Long, String> deviceNames(JsonNode devices) {
        Map<Long, String> names = new HashMap<>();
        for (JsonNode device : devices) {
            names.put(device.path("index").asLong(), device.path("name").asText());
        }
        return names;
    }

    /**
     * The microphones and speakers in {@code pactl -f json list sources|sinks} and {@code info}:
     * PulseAudio names as ids, descriptions as names, sorted by name; a speaker's monitor is not a
     * microphone.
     */
    static AudioDevices devices(JsonNode sinks, JsonNode sources, JsonNode info) {
        List<AudioEndpoint> speakers = endpoints(sinks, false);
        List<AudioEndpoint> microphones = endpoints(sources, true);
        return new AudioDevices(
                microphones,
                speakers,
                byId(microphones, info.path("default_source_name").asText("")),
                byId(speakers, info.path("default_sink_name").asText("")));
    }

    private static List<AudioEndpoint> endpoints(JsonNode devices, boolean skipMonitors) {
        List<AudioEndpoint> endpoints = new ArrayList<>();
        for (JsonNode device : devices) {
            // pactl 16 puts a monitor's sink under "monitor_source" (sic); device.class says it too.
            boolean monitor = "monitor"
                            .equals(device.path("properties")
                                    .path("device.class")
                                    .asText())
                    || !device.path("monitor_source").asText("").isEmpty();
            if (skipMonitors && monitor) {
                continue;
            }
            String id = device.path("name").asText("");
            if (!id.isEmpty()) {
                endpoints.add(new AudioEndpoint(id, device.path("description").asText(id)));
            }
        }
        endpoints.sort(java.util.Comparator.comparing(AudioEndpoint::name, String.CASE_INSENSITIVE_ORDER));
        return endpoints;
    }

    private static java.util.Optional<AudioEndpoint> byId(List<AudioEndpoint> endpoints, String id) {
        return endpoints.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** What a {@code pactl subscribe} line means for routing. */
    enum Event {
        /** A stream appeared: it may be ours, opened on the system default. */
        NEW_STREAM,
        /** A device appeared or went away: the remembered one may be back; the list changed. */
        DEVICES_CHANGED,
        IGNORED;

        static Event of(String line) {
            // "Event 'new' on sink-input #12", "Event 'remove' on source #3"
            boolean isNew = line.startsWith("Event 'new' on ");
            boolean isRemove = line.startsWith("Event 'remove' on ");
            if (isNew && (line.contains(" on sink-input #") || line.contains(" on source-output #"))) {
                return NEW_STREAM;
            }
            if ((isNew || isRemove) && (line.contains(" on sink #") || line.contains(" on source #"))) {
                return DEVICES_CHANGED;
            }
            return IGNORED;
        }
    }
}
