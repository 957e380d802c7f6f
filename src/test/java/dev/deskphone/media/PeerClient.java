package dev.deskphone.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.testsupport.JavaProcess;
import dev.deskphone.testsupport.NetworkNamespace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Drives a {@link PeerProcess} in a network namespace: one command, one JSON reply. */
final class PeerClient implements AutoCloseable {
    private static final long REPLY_TIMEOUT_SECONDS = 30;

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final Path log;
    private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    private final ObjectMapper json = new ObjectMapper();

    private PeerClient(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = process.outputWriter(StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readOutput, "peer-" + name + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static PeerClient start(String name, NetworkNamespace namespace, Map<String, String> env, Path logDir)
            throws IOException {
        Path log = logDir.resolve("peer-" + name + ".log");
        ProcessBuilder builder = namespace
                .command(JavaProcess.command(PeerProcess.class, List.of("-Xmx256m"), List.of()))
                .redirectError(log.toFile());
        builder.environment().putAll(env);
        builder.environment()
                .putIfAbsent("DESKPHONE_WEBRTC_LOG", System.getProperty("deskphone.webrtc.log", "WARNING"));
        return new PeerClient(name, builder.start(), log);
    }

    private void readOutput() {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(PeerProcess.REPLY_PREFIX)) {
                    replies.add(line.substring(PeerProcess.REPLY_PREFIX.length()));
                } else {
                    Files.writeString(
                            log, "[stdout] " + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            }
        } catch (IOException e) {
            replies.add("{\"ok\":false,\"error\":\"peer output closed: " + e.getMessage() + "\"}");
        }
    }

    /** Sends a command and returns its reply; fails the test with the peer's log when it failed. */
    JsonNode send(String command, Object... keyValues) throws IOException, InterruptedException {
        return sendWithin(REPLY_TIMEOUT_SECONDS, command, keyValues);
    }

    JsonNode sendWithin(long timeoutSeconds, String command, Object... keyValues)
            throws IOException, InterruptedException {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("cmd", command);
        for (int i = 0; i < keyValues.length; i += 2) {
            message.put((String) keyValues[i], keyValues[i + 1]);
        }
        stdin.write(json.writeValueAsString(message) + "\n");
        stdin.flush();
        String reply = replies.poll(timeoutSeconds, TimeUnit.SECONDS);
        if (reply == null) {
            throw new AssertionError("peer " + name + ": no reply to '" + command + "' within " + timeoutSeconds
                    + " s; log:\n" + logTail());
        }
        JsonNode node = json.readTree(reply);
        if (!node.path("ok").asBoolean()) {
            throw new AssertionError("peer " + name + ": " + node.path("error").asText() + "\nlog:\n" + logTail());
        }
        return node;
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            throw new AssertionError("peer " + name + " did not exit; log:\n" + logTail());
        }
        return process.exitValue();
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        dev.deskphone.testsupport.Processes.stop(process);
    }
}
