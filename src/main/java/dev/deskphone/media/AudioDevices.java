package dev.deskphone.media;

import java.util.List;

/** The audio devices the engine can use, by the names shown to the user. */
public record AudioDevices(List<String> microphones, List<String> speakers, String defaultMicrophone, String defaultSpeaker) {
    public AudioDevices {
        microphones = List.copyOf(microphones);
        speakers = List.copyOf(speakers);
    }
}
