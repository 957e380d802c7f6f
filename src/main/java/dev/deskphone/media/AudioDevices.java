package dev.deskphone.media;

import java.util.List;
import java.util.Optional;

/**
 * The microphones and speakers the system offers now (they change when headsets are plugged).
 *
 * @param defaultMicrophone the system's default microphone, if the audio system names one
 * @param defaultSpeaker the system's default speaker, if the audio system names one
 */
public record AudioDevices(
        List<AudioEndpoint> microphones,
        List<AudioEndpoint> speakers,
        Optional<AudioEndpoint> defaultMicrophone,
        Optional<AudioEndpoint> defaultSpeaker) {
    public static final AudioDevices NONE = new AudioDevices(List.of(), List.of(), Optional.empty(), Optional.empty());

    public AudioDevices {
        microphones = List.copyOf(microphones);
        speakers = List.copyOf(speakers);
    }

    public Optional<AudioEndpoint> microphone(String id) {
        return microphones.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    public Optional<AudioEndpoint> speaker(String id) {
        return speakers.stream().filter(d -> d.id().equals(id)).findFirst();
    }
}
