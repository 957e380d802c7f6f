package dev.deskphone.media;

/**
 * Engine-wide audio processing. Which devices calls use is not an engine setting: libwebrtc opens
 * the system default and {@link AudioRouter} moves the streams (ADR 0009).
 *
 * @param echoCancellation acoustic echo cancellation (on for headsets and speakers alike)
 * @param noiseSuppression background-noise suppression
 * @param autoGainControl automatic microphone gain
 */
public record MediaEngineSettings(boolean echoCancellation, boolean noiseSuppression, boolean autoGainControl) {

    /** Echo cancellation, noise suppression and gain control on. */
    public static final MediaEngineSettings DEFAULTS = new MediaEngineSettings(true, true, true);
}
