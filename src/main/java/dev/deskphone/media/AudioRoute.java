package dev.deskphone.media;

import java.util.Optional;

/**
 * Where calls' audio goes: the chosen microphone and speaker by {@link AudioEndpoint#id()}, each
 * empty for the system default.
 */
public record AudioRoute(Optional<String> microphone, Optional<String> speaker) {
    public static final AudioRoute SYSTEM_DEFAULT = new AudioRoute(Optional.empty(), Optional.empty());

    public AudioRoute {
        microphone = microphone.filter(id -> !id.isBlank());
        speaker = speaker.filter(id -> !id.isBlank());
    }
}
