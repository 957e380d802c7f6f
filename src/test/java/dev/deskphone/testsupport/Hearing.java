package dev.deskphone.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.audio.ToneAnalyzer.Tone;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a user hears on a call, from their speaker's recording: a tone is heard when it is within 2%
 * of its frequency and louder than {@value #HEARD_DBFS} dBFS; nothing is heard below
 * {@value #SILENT_DBFS} dBFS. Each check notes what it measured in the test's list of numbers.
 */
public final class Hearing {
    public static final double HEARD_DBFS = -35;
    /** Below this a speaker plays nothing: Opus's and echo cancellation's leftovers stay far under it. */
    public static final double SILENT_DBFS = -50;
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

    /** Listens until the speaker is silent, for up to 5 s; fails if it never was. */
    public void assertSilent(SpeakerRecorder speaker, String what) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
        Tone heard;
        do {
            heard = speaker.tone(LISTEN_MS);
        } while (heard.levelDbfs() >= SILENT_DBFS && Instant.now().isBefore(deadline));
        measured.add(what + ": " + Math.round(heard.levelDbfs()) + " dBFS");
        assertThat(heard.levelDbfs()).as(what + ": level").isLessThan(SILENT_DBFS);
    }

    /** Silent for longer than one ring cadence (0.4 s on, 0.2 off, 0.4 on, 2 s off): no ringing at all. */
    public void assertQuiet(SpeakerRecorder speaker, String what) throws Exception {
        Tone heard = speaker.tone(3500);
        measured.add(what + ": " + Math.round(heard.levelDbfs()) + " dBFS over 3.5 s");
        assertThat(heard.levelDbfs()).as(what).isLessThan(SILENT_DBFS);
    }

    /** Sends digits from one app and decodes them from what the other app's user hears. */
    public void assertDtmfHeard(DeskphoneProcess sender, SpeakerRecorder farSpeaker, String digits) throws Exception {
        String[] heard = new String[1];
        Throwable[] failure = new Throwable[1];
        Thread listening = new Thread(() -> {
            try {
                heard[0] = farSpeaker.dtmf(7000);
            } catch (Throwable e) {
                failure[0] = e;
            }
        });
        listening.start();
        Thread.sleep(300);
        // 250 ms tones, as in TwoWayAudioIT: on this shared 2-core machine a sender or network stall
        // longer than a default 160 ms tone makes the receiver's jitter buffer (NetEq) pass the whole
        // event by before its packets arrive, and the digit is never played.
        JsonNode sent = sender.request("call", "action", "dtmf", "digits", digits, "toneMs", "250", "gapMs", "120");
        assertThat(sent.path("ok").asBoolean())
                .as("dtmf command accepted: " + sent)
                .isTrue();
        listening.join();
        if (failure[0] != null) {
            throw new AssertionError("listening for DTMF failed", failure[0]);
        }
        measured.add("DTMF heard: " + heard[0]);
        assertThat(heard[0])
                .as("DTMF digits decoded from the far side's speaker")
                .isEqualTo(digits);
    }

    private static boolean isTone(Tone heard, double tone) {
        return Math.abs(heard.frequencyHz() - tone) <= tone * 0.02 && heard.levelDbfs() > HEARD_DBFS;
    }
}
