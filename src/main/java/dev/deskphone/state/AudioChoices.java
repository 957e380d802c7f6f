package dev.deskphone.state;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.deskphone.media.AudioRoute;
import java.util.Optional;

/**
 * The agent's microphone and speaker for calls, and the speaker that rings, as remembered in
 * desktop.json. Each is kept with its name so a headset that is unplugged today is still shown by
 * name, and used again when it comes back.
 *
 * @param microphone null: the system default
 * @param speaker    null: the system default
 * @param ringer     where incoming calls ring; null: the system default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record AudioChoices(Device microphone, Device speaker, Device ringer) {
    static final AudioChoices SYSTEM_DEFAULTS = new AudioChoices(null, null, null);

    /** A device by the audio system's id (PulseAudio's name) and the name the agent saw. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(String id, String name) {}

    /** The ringing device's id, if one is chosen. */
    public Optional<String> ringerId() {
        return Optional.ofNullable(ringer).map(Device::id);
    }

    public AudioRoute route() {
        return new AudioRoute(
                Optional.ofNullable(microphone).map(Device::id),
                Optional.ofNullable(speaker).map(Device::id));
    }
}
