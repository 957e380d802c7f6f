package dev.deskphone.testsupport.audio;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DtmfDetectorTest {
    @Test
    void decodesEveryKey() {
        SyntheticAudio audio = new SyntheticAudio(48000);
        String keys = "123A456B789C*0#D";
        for (char key : keys.toCharArray()) {
            audio.dtmf(key, 0.1).silence(0.07);
        }

        assertThat(DtmfDetector.detect(audio.samples(), audio.count(), 48000)).isEqualTo(keys);
    }

    @Test
    void repeatedDigitsNeedAGapBetweenThem() {
        SyntheticAudio audio = new SyntheticAudio(8000)
                .dtmf('5', 0.1)
                .silence(0.06)
                .dtmf('5', 0.1)
                .silence(0.06)
                .dtmf('9', 0.3);

        assertThat(DtmfDetector.detect(audio.samples(), audio.count(), 8000)).isEqualTo("559");
    }

    @Test
    void ignoresATestToneNoiseAndBlipsShorterThanFortyMilliseconds() {
        SyntheticAudio audio = new SyntheticAudio(48000)
                .tone(0.5, 0.3, 440)
                .dtmf('7', 0.02)
                .tone(0.5, 0.3, 1000)
                .addNoise(0.02, 3);

        assertThat(DtmfDetector.detect(audio.samples(), audio.count(), 48000)).isEmpty();
    }

    @Test
    void findsDigitsBetweenStretchesOfATestTone() {
        SyntheticAudio audio = new SyntheticAudio(48000)
                .tone(0.3, 0.3, 440)
                .dtmf('1', 0.16)
                .tone(0.08, 0.3, 440)
                .dtmf('#', 0.16)
                .tone(0.3, 0.3, 440)
                .addNoise(0.01, 5);

        assertThat(DtmfDetector.detect(audio.samples(), audio.count(), 48000)).isEqualTo("1#");
    }
}
