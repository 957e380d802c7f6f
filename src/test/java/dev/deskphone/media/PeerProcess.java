package dev.deskphone.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deskphone.testsupport.audio.DtmfDetector;
import dev.deskphone.testsupport.audio.ToneAnalyzer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One softphone's media, in its own JVM, driven line by line over stdin: the test starts one per
 * side inside a network namespace, with its own PulseAudio microphone and speaker (PULSE_SOURCE and
 * PULSE_SINK), and relays the SDP between them like a SIP proxy would. Each command gets one reply
 * line, {@value #REPLY_PREFIX}-prefixed JSON on stdout (other stdout lines are logs), with
 * {@code ok} and the command's results; the exit code is 0 after a clean {@code shutdown}.
 */
public final class PeerProcess {
    public static final String REPLY_PREFIX = "@@";
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;
    private final ReceivedAudio received = new ReceivedAudio();
    private MediaEngine engine;
    private CallMedia call;

    private PeerProcess(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out =
                new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        // libwebrtc's own log, to stderr (the peer's log file): WARNING unless asked for more.
        dev.onvoid.webrtc.logging.Logging.Severity severity = dev.onvoid.webrtc.logging.Logging.Severity.valueOf(
                System.getenv().getOrDefault("DESKPHONE_WEBRTC_LOG", "WARNING"));
        dev.onvoid.webrtc.logging.Logging.addLogSink(
                severity, (level, message) -> System.err.print("[webrtc] " + message));
        int exitCode = new PeerProcess(out)
                .serve(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        System.exit(exitCode);
    }

    private int serve(BufferedReader in) throws Exception {
        String line;
        while ((line = in.readLine()) != null) {
            JsonNode command = json.readTree(line);
            ObjectNode reply = json.createObjectNode();
            String name = command.path("cmd").asText();
            try {
                long started = System.nanoTime();
                boolean keepGoing = handle(name, command, reply);
                reply.put("elapsedMs", (System.nanoTime() - started) / 1_000_000.0);
                reply.put("ok", true);
                out.println(REPLY_PREFIX + json.writeValueAsString(reply));
                if (!keepGoing) {
                    return 0;
                }
            } catch (Exception e) {
                Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
                reply.put("ok", false);
                reply.put("error", name + ": " + cause);
                out.println(REPLY_PREFIX + json.writeValueAsString(reply));
            }
        }
        return 1; // stdin closed without shutdown
    }

    private boolean handle(String name, JsonNode c, ObjectNode reply) throws Exception {
        switch (name) {
            case "start" -> {
                reply.putPOJO("interfaces", interfaceNames());
                engine = await(MediaEngine.start(new MediaEngineSettings(
                        c.path("echoCancellation").asBoolean(true),
                        c.path("noiseSuppression").asBoolean(true),
                        c.path("autoGainControl").asBoolean(true))));
            }
            case "call" -> {
                List<IceServer> servers = new ArrayList<>();
                for (JsonNode s : c.path("iceServers")) {
                    List<String> urls = new ArrayList<>();
                    s.path("urls").forEach(u -> urls.add(u.asText()));
                    servers.add(new IceServer(urls, text(s, "username"), text(s, "credential")));
                }
                call = await(engine.createCall(new CallMediaOptions(
                        servers,
                        c.path("relayOnly").asBoolean(false),
                        Duration.ofMillis(c.path("gatheringTimeoutMs").asLong(1000)))));
                call.addRemoteAudioListener(received);
                reply.put("live", engine.livePeerConnections());
            }
            case "offer" ->
                reply.put(
                        "sdp",
                        await(call.createOffer(new OfferOptions(
                                c.path("hold").asBoolean(false),
                                c.path("iceRestart").asBoolean(false)))));
            case "answer" ->
                reply.put("sdp", await(call.createAnswer(c.path("hold").asBoolean(false))));
            case "remote" ->
                await(call.setRemoteDescription(
                        SdpType.valueOf(c.path("type").asText()), c.path("sdp").asText()));
            case "rollback" -> await(call.rollback());
            case "connected" -> await(call.connected());
            case "listen" -> listen(c.path("ms").asLong(1000), text(c, "wav"), reply);
            case "mute" -> await(call.setMuted(c.path("muted").asBoolean()));
            case "dtmf" ->
                reply.put(
                        "accepted",
                        await(call.sendDtmf(new DtmfTones(
                                c.path("tones").asText(),
                                c.path("durationMs").asInt(DtmfTones.DEFAULT_DURATION_MS),
                                c.path("gapMs").asInt(DtmfTones.DEFAULT_GAP_MS)))));
            case "stats" -> reply.putPOJO("stats", await(call.stats()));
            case "close" -> {
                await(call.close());
                call.removeRemoteAudioListener(received);
                call = null;
                reply.put("live", engine.livePeerConnections());
            }
            case "rss" -> reply.put("rssKb", residentKb());
            case "churn" ->
                churn(c.path("calls").asInt(100), c.path("negotiate").asBoolean(true), reply);
            case "shutdown" -> {
                await(engine.shutdown());
                reply.put("live", engine.livePeerConnections());
                return false;
            }
            default -> throw new IllegalArgumentException("unknown command");
        }
        return true;
    }

    /**
     * Benchmark: call after call between two peer connections of this engine (offer/answer in
     * process, real ICE/DTLS over the namespace's veth), each closed before the next; reports
     * offer-to-connected times and resident memory after the 10th call and after the last. Each
     * "call" here is two peer connections (both ends); the app has one per call.
     */
    private void churn(int calls, boolean negotiate, ObjectNode reply) throws Exception {
        List<Double> connectMs = new ArrayList<>();
        long rssAfter10 = -1;
        CallMediaOptions options = CallMediaOptions.of(List.of());
        for (int i = 1; i <= calls; i++) {
            CallMedia caller = await(engine.createCall(options));
            CallMedia callee = await(engine.createCall(options));
            if (negotiate) {
                long started = System.nanoTime();
                await(callee.setRemoteDescription(SdpType.OFFER, await(caller.createOffer(OfferOptions.DEFAULT))));
                await(caller.setRemoteDescription(SdpType.ANSWER, await(callee.createAnswer(false))));
                await(caller.connected());
                await(callee.connected());
                connectMs.add((System.nanoTime() - started) / 1_000_000.0);
            } else {
                connectMs.add(0.0);
            }
            await(caller.close());
            await(callee.close());
            if (i == 10) {
                System.gc();
                rssAfter10 = residentKb();
                reply.put("heapCommittedAfter10Kb", heapCommittedKb());
            }
        }
        Collections.sort(connectMs);
        reply.put("calls", calls);
        reply.put("connectMedianMs", connectMs.get(connectMs.size() / 2));
        reply.put("connectP95Ms", connectMs.get((int) Math.ceil(connectMs.size() * 0.95) - 1));
        reply.put("rssAfter10Kb", rssAfter10);
        System.gc();
        reply.put("rssAfterAllKb", residentKb());
        reply.put("heapCommittedAfterAllKb", heapCommittedKb());
        reply.put("live", engine.livePeerConnections());
    }

    /** Records what the remote track delivers for a while, then says what it was. */
    private void listen(long ms, String wav, ObjectNode reply) throws InterruptedException, java.io.IOException {
        received.start();
        Thread.sleep(ms);
        ReceivedAudio.Recording recording = received.stop();
        if (wav != null) {
            recording.writeWav(Path.of(wav));
        }
        reply.put("samples", recording.count());
        reply.put("sampleRate", recording.sampleRate());
        if (recording.count() > 0) {
            ToneAnalyzer.Tone tone =
                    ToneAnalyzer.analyse(recording.samples(), recording.count(), recording.sampleRate());
            reply.put("frequencyHz", tone.frequencyHz());
            reply.put("levelDbfs", Double.isInfinite(tone.levelDbfs()) ? -200 : tone.levelDbfs());
            reply.put("dtmf", DtmfDetector.detect(recording.samples(), recording.count(), recording.sampleRate()));
        } else {
            reply.put("levelDbfs", -200);
            reply.put("dtmf", "");
        }
    }

    private static List<String> interfaceNames() throws java.net.SocketException {
        List<String> names = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            names.add(nic.getName());
        }
        Collections.sort(names);
        return names;
    }

    private static long residentKb() throws java.io.IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
                .findFirst()
                .orElse(-1L);
    }

    private static long heapCommittedKb() {
        var memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        return (memory.getHeapMemoryUsage().getCommitted()
                        + memory.getNonHeapMemoryUsage().getCommitted())
                / 1024;
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
