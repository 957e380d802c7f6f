package dev.deskphone.media;

/**
 * Engine-wide audio settings.
 *
 * @param microphone capture device name as listed by {@link MediaEngine#audioDevices()}, or null
 *     for the system default
 * @param speaker playout device name, or null for the system default
 * @param echoCancellation acoustic echo cancellation (on for headsets and speakers alike)
 * @param noiseSuppression background-noise suppression
 * @param autoGainControl automatic microphone gain
 */
public record MediaEngineSettings(
        String microphone, String speaker, boolean echoCancellation, boolean noiseSuppression, boolean autoGainControl) {

    /** System default devices with echo cancellation, noise suppression and gain control on. */
    public static final MediaEngineSettings DEFAULTS = new MediaEngineSettings(null, null, true, true, true);

    public MediaEngineSettings withDevices(String microphone, String speaker) {
        return new MediaEngineSettings(microphone, speaker, echoCancellation, noiseSuppression, autoGainControl);
    }
}
