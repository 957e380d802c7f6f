package dev.deskphone.it;

import static dev.deskphone.testsupport.CallLab.assertOk;
import static dev.deskphone.testsupport.CallLab.awaitCall;
import static dev.deskphone.testsupport.CallLab.established;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.testsupport.CallLab;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.ExternalTools;
import dev.deskphone.testsupport.Fixtures;
import dev.deskphone.testsupport.Hearing;
import dev.deskphone.testsupport.PulseAudioFixture;
import dev.deskphone.testsupport.PulseAudioFixture.SineSource;
import dev.deskphone.testsupport.SpeakerRecorder;
import dev.deskphone.testsupport.audio.ToneAnalyzer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A three-way call between three packaged Deskphones through a real Kamailio in a private network
 * namespace, each with a sine "microphone" and a null-sink "speaker": A (1001, 440 Hz) is the agent,
 * B (1002, 1000 Hz) and C (1003, 1500 Hz) answer by themselves. A calls B, then C (which holds B),
 * and merges: each far end must hear the other two tones and A both far ends. Muting A towards C
 * leaves C hearing B; split leaves each far end hearing only A; merged again, holding B silences B
 * only. The mix's loopbacks report their latency: the added latency of the merged audio.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeWayCallIT {
    private static final Logger log = LoggerFactory.getLogger(ThreeWayCallIT.class);
    private static final double TONE_A = 440;
    private static final double TONE_B = 1000;
    private static final double TONE_C = 1500;
    /** A tone heard: well above the codec's and the mix's noise. */
    private static final double HEARD_DBFS = -40;
    /** A tone not heard: what leaks through Opus and echo cancellation stays far below this. */
    private static final double ABSENT_DBFS = -55;

    private static final long LISTEN_MS = Hearing.LISTEN_MS;
    private static final Duration HEAR_WITHIN = Hearing.HEAR_WITHIN;
    private static final Path LOGS = Path.of("target", "it-logs", "ThreeWayCallIT");

    private static final Pattern MIX_DEVICE = Pattern.compile("=deskphone-\\d+-");
    private CallLab lab;
    private PulseAudioFixture pulse;
    private DeskphoneProcess a;
    private DeskphoneProcess b;
    private DeskphoneProcess c;
    private SpeakerRecorder speakerA;
    private SpeakerRecorder speakerB;
    private SpeakerRecorder speakerC;
    private final List<String> numbers = new ArrayList<>();

    @BeforeAll
    void startEverything() throws Exception {
        lab = CallLab.start(
                Files.createTempDirectory("deskphone-threeway"),
                LOGS,
                List.of(
                        new SineSource("tone440", (int) TONE_A),
                        new SineSource("tone1000", (int) TONE_B),
                        new SineSource("tone1500", (int) TONE_C)),
                List.of("speakerA", "speakerB", "speakerC"),
                3);
        pulse = lab.pulse();
        a = lab.toneApp("a", "1001", "tone440", "speakerA", "--ring-during-wrapup", "on");
        b = lab.toneApp("b", "1002", "tone1000", "speakerB", "--ring-during-wrapup", "on", "--auto-answer", "0");
        c = lab.toneApp("c", "1003", "tone1500", "speakerC", "--ring-during-wrapup", "on", "--auto-answer", "0");
        for (DeskphoneProcess app : List.of(a, b, c)) {
            app.start(lab.namespace());
        }
        speakerA = lab.record("speakerA", "parec-a.log");
        speakerB = lab.record("speakerB", "parec-b.log");
        speakerC = lab.record("speakerC", "parec-c.log");
        CallLab.awaitReady(Duration.ofSeconds(60), a, b, c);
    }

    @AfterAll
    void stopEverything() throws Exception {
        numbers.forEach(n -> log.info("measured: {}", n));
        Fixtures.closeAll(lab);
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void mergedEveryoneHearsTheOtherTwoHoldAndMuteActPerCallSplitUndoesIt() throws Exception {
        a.cliOk("dial", "1002");
        JsonNode toB = awaitCall(a, "A's call to B established", established("1002@"));
        awaitCall(b, "B answered A", established("1001@"));
        a.cliOk("dial", "1003");
        JsonNode toC = awaitCall(a, "A's call to C established", established("1003@"));
        awaitCall(
                a,
                "B held while A calls C",
                call -> sameCall(call, toB) && call.path("held").asBoolean());
        String callB = toB.path("callId").asText();
        String callC = toC.path("callId").asText();

        long clicked = System.nanoTime();
        assertOk(a.request("call", "action", "merge"));
        awaitCall(
                a,
                "B resumed and merged",
                call -> sameCall(call, toB)
                        && !call.path("held").asBoolean()
                        && callC.equals(call.path("conference").asText()));
        numbers.add("merge (command -> both calls merged, B resumed): " + (System.nanoTime() - clicked) / 1_000_000
                + " ms");
        awaitCall(
                a,
                "C merged",
                call -> sameCall(call, toC)
                        && callB.equals(call.path("conference").asText()));

        hears(speakerB, "B, merged", List.of(TONE_A, TONE_C), List.of());
        hears(speakerC, "C, merged", List.of(TONE_A, TONE_B), List.of());
        hears(speakerA, "A, merged", List.of(TONE_B, TONE_C), List.of());
        loopbackLatency();

        // Mute A towards C only: C still hears B; B still hears A.
        assertOk(a.request("call", "action", "mute", "callId", callC));
        awaitCall(
                a, "C muted", call -> sameCall(call, toC) && call.path("muted").asBoolean());
        hears(speakerC, "C, A muted towards C", List.of(TONE_B), List.of(TONE_A));
        hears(speakerB, "B, A muted towards C", List.of(TONE_A, TONE_C), List.of());
        assertOk(a.request("call", "action", "unmute", "callId", callC));
        awaitCall(
                a,
                "C unmuted",
                call -> sameCall(call, toC) && !call.path("muted").asBoolean());
        hears(speakerC, "C, A unmuted", List.of(TONE_A, TONE_B), List.of());

        assertOk(a.request("call", "action", "split"));
        awaitCall(
                a,
                "split",
                call -> sameCall(call, toB) && call.path("conference").isMissingNode());
        hears(speakerB, "B, split", List.of(TONE_A), List.of(TONE_C));
        hears(speakerC, "C, split", List.of(TONE_A), List.of(TONE_B));
        assertThat(mixModules()).as("the mix's modules are unloaded").isEmpty();

        // Merged again, hold B: C still hears A, no longer B; A no longer hears B.
        assertOk(a.request("call", "action", "merge"));
        awaitCall(
                a,
                "merged again",
                call -> sameCall(call, toB)
                        && callC.equals(call.path("conference").asText()));
        hears(speakerC, "C, merged again", List.of(TONE_A, TONE_B), List.of());
        // Hold B while merged: C still hears A, no longer B; A no longer hears B.
        assertOk(a.request("call", "action", "hold", "callId", callB));
        awaitCall(
                a,
                "B held in the conference",
                call -> sameCall(call, toB) && call.path("held").asBoolean());
        hears(speakerC, "C, B held", List.of(TONE_A), List.of(TONE_B));
        hears(speakerA, "A, B held", List.of(TONE_C), List.of(TONE_B));
        assertOk(a.request("call", "action", "resume", "callId", callB));
        awaitCall(
                a,
                "B resumed in the conference",
                call -> sameCall(call, toB) && !call.path("held").asBoolean());
        hears(speakerC, "C, B resumed", List.of(TONE_A, TONE_B), List.of());
        // Not asserted here: B hearing A and C after its own hold and resume while merged (ADR 0015,
        // "The first call's far end going silent": B's audio is checked after the mute above).

        hangUpEverything();
    }

    /**
     * The latency module-loopback reports for the mix's loopbacks: its sink input's buffer and sink
     * latency plus its source output's buffer and source latency, i.e. what one pass through the
     * mix adds to the audio.
     */
    private void loopbackLatency() throws Exception {
        Map<Long, Long> usecByModule = new TreeMap<>();
        for (String listing : List.of("sink-inputs", "source-outputs")) {
            for (JsonNode stream : pactlJson("list", listing)) {
                if (!stream.path("properties").path("media.name").asText().startsWith("Loopback")) {
                    continue;
                }
                long usec = stream.path("buffer_latency_usec").asLong()
                        + stream.path("sink_latency_usec").asLong()
                        + stream.path("source_latency_usec").asLong();
                usecByModule.merge(stream.path("owner_module").asLong(), usec, Long::sum);
            }
        }
        assertThat(usecByModule).as("the mix's six loopbacks").hasSize(6);
        List<Long> ms =
                usecByModule.values().stream().map(u -> u / 1000).sorted().toList();
        numbers.add("loopback latency per pass (6 loopbacks, ms, sorted): " + ms + ", median " + ms.get(ms.size() / 2)
                + " ms");
    }

    private List<JsonNode> mixModules() throws Exception {
        List<JsonNode> modules = new ArrayList<>();
        for (JsonNode module : pactlJson("list", "modules")) {
            String args = module.path("argument").asText("");
            // The mix's devices are named deskphone-<pid>-…; the fixture's socket path also holds "deskphone-".
            if (MIX_DEVICE.matcher(args).find()) {
                modules.add(module);
            }
        }
        return modules;
    }

    private JsonNode pactlJson(String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of(ExternalTools.require("pactl").toString(), "-f", "json"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PULSE_SERVER", pulse.serverAddress());
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new ObjectMapper().readTree(out);
    }

    /** Waits until the speaker carries each of {@code present} loud and each of {@code absent} far below. */
    private void hears(SpeakerRecorder speaker, String who, List<Double> present, List<Double> absent)
            throws Exception {
        Instant deadline = Instant.now().plus(HEAR_WITHIN);
        long started = System.nanoTime();
        Map<Double, Double> levels;
        boolean ok;
        do {
            short[] samples = speaker.listen(LISTEN_MS);
            levels = new TreeMap<>();
            for (double tone : concat(present, absent)) {
                levels.put(tone, ToneAnalyzer.levelAtDbfs(samples, samples.length, SpeakerRecorder.RATE, tone));
            }
            Map<Double, Double> now = levels;
            ok = present.stream().allMatch(t -> now.get(t) > HEARD_DBFS)
                    && absent.stream().allMatch(t -> now.get(t) < ABSENT_DBFS);
        } while (!ok && Instant.now().isBefore(deadline));
        StringBuilder text = new StringBuilder(who + ":");
        levels.forEach((tone, level) -> text.append(' ')
                .append(Math.round(tone))
                .append(" Hz ")
                .append(Math.round(level))
                .append(" dBFS"));
        text.append(", within ")
                .append((System.nanoTime() - started) / 1_000_000)
                .append(" ms");
        numbers.add(text.toString());
        if (!ok) {
            // What the sound server had then: which stream was on which device.
            StringBuilder streams = new StringBuilder();
            for (String listing : List.of("sink-inputs", "source-outputs", "sources", "modules")) {
                streams.append(pactlJson("list", listing).toPrettyString()).append('\n');
            }
            Files.writeString(LOGS.resolve("pactl-" + who.replaceAll("[^A-Za-z]+", "-") + ".json"), streams);
        }
        assertThat(ok)
                .as(text + " (wanted " + present + " above " + HEARD_DBFS + ", " + absent + " below " + ABSENT_DBFS
                        + ")")
                .isTrue();
    }

    private static List<Double> concat(List<Double> first, List<Double> second) {
        List<Double> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static boolean sameCall(JsonNode call, JsonNode other) {
        return call.path("callId").asText().equals(other.path("callId").asText());
    }

    private void hangUpEverything() throws Exception {
        // Only A hangs up: B's and C's calls end with A's BYEs.
        CallLab.hangUpAll(a);
        CallLab.awaitIdle(a, b, c);
    }
}
