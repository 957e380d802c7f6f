package dev.deskphone.testsupport;

import dev.deskphone.testsupport.audio.DtmfDetector;
import dev.deskphone.testsupport.audio.ToneAnalyzer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Records what a user would hear: a PulseAudio null sink's monitor (the app's speaker), with
 * {@code parec}, continuously, into a ring buffer; {@link #listen} returns the audio of the next
 * window. Mono, 16 kHz, signed 16-bit.
 */
public final class SpeakerRecorder implements AutoCloseable {
    public static final int RATE = 16_000;
    private static final int CAPACITY = RATE * 20;

    private final Process parec;
    private final Thread reader;
    private final short[] ring = new short[CAPACITY];
    private long written;

    private SpeakerRecorder(Process parec) {
        this.parec = parec;
        this.reader = new Thread(this::readLoop, "parec-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts recording {@code sink}'s monitor on the given PulseAudio server. */
    public static SpeakerRecorder start(PulseAudioFixture pulse, String sink, Path log) throws IOException {
        Path parec = ExternalTools.require("parec");
        ProcessBuilder builder = new ProcessBuilder(
                        parec.toString(),
                        "-d",
                        sink + ".monitor",
                        "--raw",
                        "--format=s16le",
                        "--rate=" + RATE,
                        "--channels=1",
                        "--latency-msec=20")
                .redirectError(log.toFile());
        builder.environment().put("PULSE_SERVER", pulse.serverAddress());
        return new SpeakerRecorder(builder.start());
    }

    private void readLoop() {
        byte[] buffer = new byte[3200];
        int carry = -1;
        try (InputStream in = parec.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int i = 0;
                synchronized (this) {
                    if (carry >= 0) {
                        put((short) ((buffer[0] << 8) | carry));
                        carry = -1;
                        i = 1;
                    }
                    for (; i + 1 < n; i += 2) {
                        put((short) ((buffer[i + 1] << 8) | (buffer[i] & 0xff)));
                    }
                    if (i < n) {
                        carry = buffer[i] & 0xff;
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // parec stopped: the test is over.
        }
    }

    private void put(short sample) {
        ring[(int) (written % CAPACITY)] = sample;
        written++;
    }

    /** The next {@code ms} of audio played to the speaker. */
    public short[] listen(long ms) throws InterruptedException {
        int count = (int) (RATE * ms / 1000);
        long from;
        synchronized (this) {
            from = written;
            long deadline = System.currentTimeMillis() + ms + 2000;
            while (written < from + count) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0 || !parec.isAlive()) {
                    throw new IllegalStateException(
                            "parec delivered " + (written - from) + " of " + count + " samples");
                }
                wait(left);
            }
            short[] out = new short[count];
            for (int i = 0; i < count; i++) {
                out[i] = ring[(int) ((from + i) % CAPACITY)];
            }
            return out;
        }
    }

    public ToneAnalyzer.Tone tone(long ms) throws InterruptedException {
        short[] samples = listen(ms);
        return ToneAnalyzer.analyse(samples, samples.length, RATE);
    }

    public String dtmf(long ms) throws InterruptedException {
        short[] samples = listen(ms);
        return DtmfDetector.detect(samples, samples.length, RATE);
    }

    @Override
    public void close() {
        Processes.stop(parec);
    }
}
