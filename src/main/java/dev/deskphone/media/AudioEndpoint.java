package dev.deskphone.media;

import java.util.Objects;

/**
 * A microphone or a speaker.
 *
 * @param id the audio system's stable name for it (PulseAudio's source or sink name, such as
 *     {@code alsa_output.usb-Jabra_Evolve_65-00.analog-stereo}): what is remembered and routed to
 * @param name what the agent sees (PulseAudio's description, such as "Jabra Evolve 65 Analog Stereo")
 */
public record AudioEndpoint(String id, String name) {
    public AudioEndpoint {
        Objects.requireNonNull(id, "id");
        name = name == null || name.isBlank() ? id : name;
    }
}
