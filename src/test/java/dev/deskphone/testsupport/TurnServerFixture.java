package dev.deskphone.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real coturn TURN server inside a {@link NetworkNamespace}, with one long-term-credential user,
 * listening and relaying on {@link NetworkNamespace#ADDRESS_A}. Everything it writes (pid file,
 * user database, log) stays in the test's directory.
 */
public final class TurnServerFixture implements AutoCloseable {
    public static final String USERNAME = "deskphone";
    public static final String PASSWORD = "relay-secret";
    public static final int PORT = 3478;
    private static final String READY_LINE = "Total General servers";

    private final Process process;
    private final Path log;

    private TurnServerFixture(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static TurnServerFixture start(NetworkNamespace namespace, Path dir)
            throws IOException, InterruptedException {
        Path turnserver = ExternalTools.require("turnserver");
        Path log = dir.resolve("turnserver.log");
        String address = NetworkNamespace.ADDRESS_A;
        Process process = namespace
                .command(List.of(
                        turnserver.toString(),
                        "-n",
                        "--no-cli",
                        "--no-tls",
                        "--no-dtls",
                        "--listening-ip=" + address,
                        "--relay-ip=" + address,
                        "--listening-port=" + PORT,
                        "--min-port=49160",
                        "--max-port=49260",
                        "--lt-cred-mech",
                        "--realm=deskphone.test",
                        "--user=" + USERNAME + ":" + PASSWORD,
                        "--pidfile=" + dir.resolve("turnserver.pid"),
                        "--userdb=" + dir.resolve("turndb"),
                        "--log-file=stdout",
                        "--simple-log",
                        // Verbose: allocations and their users are logged, so tests can see the relay was used.
                        "--verbose"))
                .redirectErrorStream(true)
                .start();
        CountDownLatch ready = new CountDownLatch(1);
        Thread reader = new Thread(() -> copyOutput(process, log, ready), "turnserver-output");
        reader.setDaemon(true);
        reader.start();
        if (!ready.await(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("turnserver did not start: " + Files.readString(log));
        }
        return new TurnServerFixture(process, log);
    }

    private static void copyOutput(Process process, Path log, CountDownLatch ready) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (line.contains(READY_LINE)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The TURN URL clients use (UDP). */
    public String url() {
        return "turn:" + NetworkNamespace.ADDRESS_A + ":" + PORT + "?transport=udp";
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    /**
     * Packets relayed from peers to this user's allocations, as coturn reports when an allocation
     * ends ("peer usage: ... rp=N"): audio that went through the relay, not just ICE checks.
     */
    public long packetsRelayedFromPeers(String username) throws IOException {
        Pattern usage =
                Pattern.compile("peer usage: realm=<[^>]*>, username=<" + Pattern.quote(username) + ">, rp=(\\d+)");
        return logText()
                .lines()
                .map(usage::matcher)
                .filter(Matcher::find)
                .mapToLong(m -> Long.parseLong(m.group(1)))
                .sum();
    }

    @Override
    public void close() {
        Processes.stop(process);
    }
}
