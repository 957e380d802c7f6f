package dev.deskphone.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.deskphone.testsupport.audio.ToneAnalyzer.Tone;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a user hears on a call, from their speaker's recording: a tone is heard when it is within 2%
 * of its frequency and louder than {@value #HEARD_DBFS} dBFS. Each check notes what it measured in
 * the test's list of numbers.
 */
public final class Hearing {
    public static final double HEARD_DBFS = -35;
    /** How much is analysed at a time. */
    public static final long LISTEN_MS = 500;
    /** Media set up, jitter buffers filled: a tone that is coming arrives well within this. */
    public static final Duration HEAR_WITHIN = Duration.ofSeconds(10);

    private final List<String> measured;

    public Hearing(List<String> measured) {
        this.measured = measured;
    }

    /** Listens until the speaker plays the tone, for up to {@link #HEAR_WITHIN}; fails if it never did. */
    public void assertHears(SpeakerRecorder speaker, double tone, String what) throws Exception {
        Instant deadline = Instant.now().plus(HEAR_WITHIN);
        long started = System.nanoTime();
        Tone heard;
        do {
            heard = speaker.tone(LISTEN_MS);
        } while (!isTone(heard, tone) && Instant.now().isBefore(deadline));
        measured.add(what + ": " + Math.round(heard.frequencyHz()) + " Hz at " + Math.round(heard.levelDbfs())
                + " dBFS, within " + (System.nanoTime() - started) / 1_000_000 + " ms");
        assertThat(heard.frequencyHz()).as(what + ": frequency").isCloseTo(tone, within(tone * 0.02));
        assertThat(heard.levelDbfs()).as(what + ": level").isGreaterThan(HEARD_DBFS);
    }

    private static boolean isTone(Tone heard, double tone) {
        return Math.abs(heard.frequencyHz() - tone) <= tone * 0.02 && heard.levelDbfs() > HEARD_DBFS;
    }
}
