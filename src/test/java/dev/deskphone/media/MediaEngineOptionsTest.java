package dev.deskphone.media;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MediaEngineOptionsTest {
    @Test
    void gainControlIsTheProcessingModulesNeverTheSourcesAnalogOne() {
        // The source's gain control (analog, adapting the capture level) silenced a merged call's
        // sent mix within seconds (ADR 0015); the processing module's digital one stays on.
        assertThat(MediaEngine.audioOptions(MediaEngineSettings.DEFAULTS).autoGainControl)
                .isFalse();
        assertThat(MediaEngine.processingConfig(MediaEngineSettings.DEFAULTS).gainControl.enabled)
                .isTrue();
    }

    @Test
    void echoCancellationAndNoiseSuppressionFollowTheSettings() {
        var options = MediaEngine.audioOptions(new MediaEngineSettings(true, false, true));
        assertThat(options.echoCancellation).isTrue();
        assertThat(options.noiseSuppression).isFalse();
    }
}
