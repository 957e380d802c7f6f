package dev.deskphone.audio;

import dev.deskphone.media.AudioDevices;
import dev.deskphone.media.AudioEndpoint;
import dev.deskphone.state.AudioChoices;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The page's {@code audio-devices} message (page.md, "Audio devices"). */
final class AudioDevicesMessage {
    private AudioDevicesMessage() {}

    static Map<String, Object> of(AudioDevices devices, AudioChoices chosen, Optional<String> unavailableReason) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", "audio-devices");
        message.put("available", unavailableReason.isEmpty());
        unavailableReason.ifPresent(reason -> message.put("reason", reason));
        message.put("microphones", endpoints(devices.microphones()));
        message.put("speakers", endpoints(devices.speakers()));
        devices.defaultMicrophone().ifPresent(d -> message.put("defaultMicrophone", d.name()));
        devices.defaultSpeaker().ifPresent(d -> message.put("defaultSpeaker", d.name()));
        Map<String, Object> selected = new LinkedHashMap<>();
        selected.put("microphone", selected(chosen.microphone(), devices.microphones()));
        selected.put("speaker", selected(chosen.speaker(), devices.speakers()));
        selected.put("ringer", selected(chosen.ringer(), devices.speakers()));
        message.put("selected", selected);
        return message;
    }

    private static List<Map<String, String>> endpoints(List<AudioEndpoint> endpoints) {
        return endpoints.stream()
                .map(e -> Map.of("id", e.id(), "name", e.name()))
                .toList();
    }

    private static Map<String, Object> selected(AudioChoices.Device device, List<AudioEndpoint> connected) {
        if (device == null) {
            return null;
        }
        Map<String, Object> selected = new LinkedHashMap<>();
        selected.put("id", device.id());
        selected.put("name", device.name() == null ? device.id() : device.name());
        selected.put("connected", connected.stream().anyMatch(e -> e.id().equals(device.id())));
        return selected;
    }
}
