package dev.deskphone.testsupport.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToneAnalyzerTest {
    @ParameterizedTest
    @CsvSource({"440, 48000", "1000, 48000", "1000, 16000", "697, 8000", "3000, 44100"})
    void findsTheFrequencyOfASine(double frequency, int rate) {
        SyntheticAudio audio = new SyntheticAudio(rate).tone(0.5, 0.5, frequency);

        assertThat(ToneAnalyzer.dominantFrequency(audio.samples(), audio.count(), rate))
                .isCloseTo(frequency, within(1.0));
    }

    @Test
    void findsTheStrongerToneUnderNoiseAndAWeakerTone() {
        SyntheticAudio audio = new SyntheticAudio(48000)
                .tone(0.5, 0.3, 1000)
                .addTone(440, 0.05)
                .addNoise(0.05, 7);

        ToneAnalyzer.Tone tone = ToneAnalyzer.analyse(audio.samples(), audio.count(), 48000);

        assertThat(tone.frequencyHz()).isCloseTo(1000, within(1.0));
    }

    @Test
    void levelOfAHalfScaleSineIsMinusNineDbfs() {
        // RMS of a sine is amplitude / sqrt(2): 0.5 -> 0.354 -> -9.03 dBFS.
        SyntheticAudio audio = new SyntheticAudio(48000).tone(0.5, 0.5, 440);

        assertThat(ToneAnalyzer.levelDbfs(audio.samples(), audio.count())).isCloseTo(-9.03, within(0.05));
    }

    @Test
    void eachOfTwoMixedTonesHasItsOwnLevelAndAnAbsentOneIsFarBelow() {
        SyntheticAudio audio = new SyntheticAudio(16000).tone(0.5, 0.5, 1000).addTone(440, 0.1);

        assertThat(ToneAnalyzer.levelAtDbfs(audio.samples(), audio.count(), 16000, 1000))
                .isCloseTo(-9.03, within(0.5));
        assertThat(ToneAnalyzer.levelAtDbfs(audio.samples(), audio.count(), 16000, 440))
                .isCloseTo(-23.0, within(0.5));
        assertThat(ToneAnalyzer.levelAtDbfs(audio.samples(), audio.count(), 16000, 1500))
                .isLessThan(-60);
    }

    @Test
    void silenceHasNoLevel() {
        SyntheticAudio audio = new SyntheticAudio(48000).silence(0.2);

        assertThat(ToneAnalyzer.levelDbfs(audio.samples(), audio.count())).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(ToneAnalyzer.levelDbfs(new short[0], 0)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void analysesTheLatestAudioWhenTheToneChanges() {
        SyntheticAudio audio = new SyntheticAudio(48000).tone(1.0, 0.5, 440).tone(0.6, 0.5, 1000);

        assertThat(ToneAnalyzer.dominantFrequency(audio.samples(), audio.count(), 48000))
                .isCloseTo(1000, within(1.0));
    }
}
