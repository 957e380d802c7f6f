package dev.deskphone.ringing;

import java.net.URL;
import javafx.scene.media.AudioClip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ringtone: a bundled WAV looped with JavaFX's {@link AudioClip} (played on the system's default
 * output, independent of the call audio devices). Where no audio output works the alert is still
 * shown; the failure is logged once.
 */
public final class ClipRingtone implements IncomingCallAlerts.Ringtone {
    private static final Logger log = LoggerFactory.getLogger(ClipRingtone.class);
    static final String RESOURCE = "/sounds/ring.wav";

    private AudioClip clip;
    private boolean failed;

    @Override
    public void start() {
        AudioClip ring = clip();
        if (ring != null) {
            ring.setCycleCount(AudioClip.INDEFINITE);
            ring.play();
        }
    }

    @Override
    public void stop() {
        if (clip != null) {
            clip.stop();
        }
    }

    private AudioClip clip() {
        if (clip == null && !failed) {
            try {
                URL wav = ClipRingtone.class.getResource(RESOURCE);
                if (wav == null) {
                    throw new IllegalStateException("missing from the build: " + RESOURCE);
                }
                clip = new AudioClip(wav.toExternalForm());
            } catch (RuntimeException e) {
                failed = true;
                log.warn("No ringtone: {}", e.toString());
            }
        }
        return clip;
    }
}
