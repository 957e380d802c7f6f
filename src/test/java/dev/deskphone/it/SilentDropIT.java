package dev.deskphone.it;

import static dev.deskphone.testsupport.DeskphoneProcess.states;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deskphone.testsupport.DeskphoneProcess;
import dev.deskphone.testsupport.ExternalTools;
import dev.deskphone.testsupport.Kamailio;
import dev.deskphone.testsupport.NetworkNamespace;
import dev.deskphone.testsupport.PulseAudioFixture;
import dev.deskphone.testsupport.PulseAudioFixture.SineSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIP connection that dies silently (no FIN or RST reaches the app: a NAT mapping expired, the
 * laptop slept while the PBX dropped the socket) is noticed by the keep-alive: the account leaves
 * "registered" within one interval plus the pong deadline, shows "reconnecting" while the path is
 * down, and is registered again soon after the path returns, when an inbound call reaches it.
 *
 * <p>Inside a network namespace: an nftables rule drops every packet of the PBX's WebSocket port,
 * then {@code ss -K} destroys the PBX's side of agent A's connection (its RST is dropped too), so A
 * holds a connection that no longer exists anywhere else. Agent B (keep-alive off, idle during the
 * drop) places the call afterwards.
 *
 * <p>Then B, whose keep-alive is off, has its connection dropped the same way and an address is
 * added to the namespace's interface: the address change alone must make B probe its socket and
 * leave "registered" (no ping would ever go out otherwise), and B is registered again once the path
 * returns. Numbers go to target/it-logs/SilentDropIT/numbers.txt.
 */
class SilentDropIT {
    private static final int KEEPALIVE_SECONDS = 5;
    /** The pong deadline for a 5 s interval is the interval itself (KeepAlive.deadlineFor). */
    private static final int DEADLINE_SECONDS = 5;
    /** NetworkWatch.PERIOD and KeepAlive.MAX_DEADLINE (the pong deadline when pings are off). */
    private static final int NETWORK_WATCH_PERIOD_SECONDS = 2;

    private static final int MAX_DEADLINE_SECONDS = 10;
    /** In no subnet the namespace uses, so adding it changes the addresses and nothing else. */
    private static final String NEW_ADDRESS = "10.204.0.1";

    private static final Path LOGS = Path.of("target", "it-logs", "SilentDropIT");
    private static final Pattern PEER = Pattern.compile("\\S+:(\\d+)\\s+\\S+:(\\d+)\\s+users:.*pid=(\\d+)");

    @TempDir
    Path tmp;

    @Test
    void aSilentlyDeadConnectionShowsReconnectingAndAnInboundCallIsAnsweredOnceThePathReturns() throws Exception {
        Files.createDirectories(LOGS);
        ExternalTools.require("nft");
        ExternalTools.require("ss");
        Map<String, String> users = AccountRegistrationIT.subscribers(2);
        List<String> numbers = new ArrayList<>();
        try (NetworkNamespace namespace = NetworkNamespace.create();
                PulseAudioFixture pulse = PulseAudioFixture.start(
                        tmp,
                        List.of(new SineSource("tone440", 440), new SineSource("tone1000", 1000)),
                        List.of("speakerA", "speakerB"));
                Kamailio pbx = Kamailio.inNamespace(namespace, tmp.resolve("pbx"), users);
                DeskphoneProcess a = new DeskphoneProcess(tmp.resolve("a"));
                DeskphoneProcess b = new DeskphoneProcess(tmp.resolve("b"))) {
            long started = System.nanoTime();
            // Each CLI call is a JVM start: the two agents are provisioned side by side.
            CompletableFuture<Void> provisionA = CompletableFuture.runAsync(
                    () -> provision(a, "1001", users, pulse, pbx, "tone440", "speakerA", KEEPALIVE_SECONDS));
            provision(b, "1002", users, pulse, pbx, "tone1000", "speakerB", 0);
            provisionA.join();
            a.start(namespace, "--auto-answer", "0");
            b.start(namespace);
            for (DeskphoneProcess app : List.of(a, b)) {
                app.awaitStatus(
                        "registered, media engine ready",
                        Duration.ofSeconds(90),
                        s -> AccountRegistrationIT.allIn(s, "registered", 1)
                                && "ready".equals(s.path("mediaEngine").asText()));
            }
            numbers.add("both agents provisioned, started and registered in " + seconds(started) + " s");
            int port = pbx.wsPort();
            int aPort = localPortOf(namespace, a, port);

            // The keep-alive's cost: A's connection, both directions, counted at the IP layer.
            nft(
                    namespace,
                    "add table inet count; add chain inet count out { type filter hook output priority 0; };"
                            + " add rule inet count out tcp sport " + aPort + " counter;"
                            + " add rule inet count out tcp dport " + aPort + " counter");
            int window = 2 * KEEPALIVE_SECONDS;
            Thread.sleep(window * 1000L);
            long[] counted = counters(namespace);
            nft(namespace, "delete table inet count");
            long packets = counted[0];
            long bytes = counted[1];
            long exchanges = Math.max(1, Math.round(packets / 3.0)); // ping, pong, ACK of the pong
            long perExchange = bytes / exchanges;
            numbers.add("keep-alive traffic in " + window + " s at " + KEEPALIVE_SECONDS + " s: " + packets
                    + " packets, " + bytes + " bytes (IP) = " + exchanges + " ping/pong exchanges of " + perExchange
                    + " bytes");
            numbers.add("cost at the default 30 s: " + 2 * perExchange + " bytes/min/account");
            assertThat(packets).as("pings went out and were answered").isGreaterThanOrEqualTo(3);
            assertThat(perExchange)
                    .as("a ping exchange is a few small segments")
                    .isBetween(100L, 250L);

            // The silent drop.
            nft(
                    namespace,
                    "add table inet silentdrop; add chain inet silentdrop out { type filter hook output priority 0; };"
                            + " add rule inet silentdrop out tcp sport " + port
                            + " drop; add rule inet silentdrop out tcp dport " + port + " drop");
            ss(namespace, "-K", "state", "established", "( sport = :" + port + " and dport = :" + aPort + " )");
            long dropped = System.nanoTime();
            JsonNode left = a.awaitStatus(
                    "A leaves registered",
                    Duration.ofSeconds(KEEPALIVE_SECONDS + DEADLINE_SECONDS + 5),
                    s -> !"registered".equals(states(s).get("pbx/1001")));
            double leftAfter = seconds(dropped);
            numbers.add(
                    "A left 'registered' " + leftAfter + " s after the drop (keep-alive " + KEEPALIVE_SECONDS + " s)");
            assertThat(states(left).get("pbx/1001")).isIn("reconnecting", "connecting");
            // At worst the drop came just after a ping was answered: next ping one interval later, then the deadline;
            // plus the page's reaction and this status poll on a loaded machine.
            assertThat(leftAfter).isLessThanOrEqualTo(KEEPALIVE_SECONDS + DEADLINE_SECONDS + 2.0);

            // While the path is down, A never claims to be registered.
            long downUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
            while (System.nanoTime() < downUntil) {
                assertThat(states(a.status().orElseThrow()).get("pbx/1001"))
                        .isIn("reconnecting", "connecting", "registering");
                Thread.sleep(100);
            }

            nft(namespace, "delete table inet silentdrop");
            long restored = System.nanoTime();
            a.awaitStatus(
                    "A registered again",
                    Duration.ofSeconds(KEEPALIVE_SECONDS + 10),
                    s -> "registered".equals(states(s).get("pbx/1001")));
            double backAfter = seconds(restored);
            numbers.add("A registered again " + backAfter + " s after the path returned");
            assertThat(assertBoundToItsConnection(pbx, namespace, a, "1001", port))
                    .as("a new connection")
                    .isNotEqualTo(aPort);
            assertThat(states(b.status().orElseThrow()).get("pbx/1002")).isEqualTo("registered");

            b.cliOk("dial", "1001");
            a.awaitCall(
                    "A answered the inbound call",
                    Duration.ofSeconds(20),
                    c -> "established".equals(c.path("state").asText())
                            && "inbound".equals(c.path("direction").asText()));
            b.awaitCall(
                    "B's call established",
                    Duration.ofSeconds(20),
                    c -> "established".equals(c.path("state").asText()));
            numbers.add("inbound call answered " + seconds(restored) + " s after the path returned");
            a.request("call", "action", "hangup");

            anAddressChangeProbesAConnectionWithoutKeepAlive(namespace, pbx, b, "1002", port, numbers);
        } finally {
            Files.write(LOGS.resolve("numbers.txt"), numbers, StandardCharsets.UTF_8);
            numbers.forEach(line -> System.out.println("SilentDropIT: " + line));
        }
    }

    /**
     * The app's connection dies silently while its keep-alive is off; only an address change (here:
     * a second address on the app's interface, as a VPN or a new Wi-Fi lease would add) can reveal it.
     */
    private static void anAddressChangeProbesAConnectionWithoutKeepAlive(
            NetworkNamespace namespace,
            Kamailio pbx,
            DeskphoneProcess app,
            String extension,
            int port,
            List<String> numbers)
            throws Exception {
        String account = "pbx/" + extension;
        assertThat(states(app.status().orElseThrow()).get(account)).isEqualTo("registered");
        int appPort = assertBoundToItsConnection(pbx, namespace, app, extension, port);
        nft(
                namespace,
                "add table inet silentdrop; add chain inet silentdrop out { type filter hook output priority 0; };"
                        + " add rule inet silentdrop out tcp sport " + port
                        + " drop; add rule inet silentdrop out tcp dport " + port + " drop");
        ss(namespace, "-K", "state", "established", "( sport = :" + port + " and dport = :" + appPort + " )");
        run(namespace, "ip", "addr", "add", NEW_ADDRESS + "/24", "dev", NetworkNamespace.INTERFACE_A);
        long changed = System.nanoTime();
        // The watch notices within its period; with pings off the probe's pong deadline is the maximum one;
        // plus the page's reaction and this status poll on a loaded machine.
        double bound = NETWORK_WATCH_PERIOD_SECONDS + MAX_DEADLINE_SECONDS + 3.0;
        JsonNode left = app.awaitStatus(
                account + " leaves registered after the address change",
                Duration.ofMillis((long) (bound * 1000)),
                s -> !"registered".equals(states(s).get(account)));
        double leftAfter = seconds(changed);
        numbers.add(account + " (keep-alive off) left 'registered' " + leftAfter + " s after an address was added");
        assertThat(states(left).get(account)).isIn("reconnecting", "connecting");
        assertThat(leftAfter).isLessThanOrEqualTo(bound);

        nft(namespace, "delete table inet silentdrop");
        long restored = System.nanoTime();
        app.awaitStatus(
                account + " registered again",
                Duration.ofSeconds(15),
                s -> "registered".equals(states(s).get(account)));
        numbers.add(account + " registered again " + seconds(restored) + " s after the path returned ("
                + seconds(changed) + " s after the address change)");
        assertThat(assertBoundToItsConnection(pbx, namespace, app, extension, port))
                .as("a new connection")
                .isNotEqualTo(appPort);
    }

    /**
     * The PBX's location table, not only the app, says the extension is registered: it binds the
     * extension to the app's current connection (the source port fix_nated_register recorded).
     * Returns that connection's local port.
     */
    private static int assertBoundToItsConnection(
            Kamailio pbx, NetworkNamespace namespace, DeskphoneProcess app, String extension, int pbxPort)
            throws Exception {
        int appPort = localPortOf(namespace, app, pbxPort);
        List<Kamailio.Contact> bound = pbx.contactsOf(extension);
        assertThat(bound)
                .as("%s bound at the PBX to the connection from port %d", extension, appPort)
                .anySatisfy(contact -> assertThat(contact.received()).matches(".*:" + appPort + "\\b.*"));
        return appPort;
    }

    private static void provision(
            DeskphoneProcess app,
            String extension,
            Map<String, String> users,
            PulseAudioFixture pulse,
            Kamailio pbx,
            String mic,
            String speaker,
            int keepAliveSeconds) {
        try {
            app.env().putAll(pulse.clientEnvironment(mic, speaker));
            app.cliOk(
                    "profile",
                    "add",
                    "pbx",
                    "--server",
                    pbx.wsUrl(),
                    "--domain",
                    Kamailio.DOMAIN,
                    "--default",
                    "--keepalive-seconds",
                    Integer.toString(keepAliveSeconds));
            AccountRegistrationIT.addAccount(app, extension, users.get(extension));
        } catch (Exception e) {
            throw new IllegalStateException("provisioning " + extension + " failed", e);
        }
    }

    /** The local port of the app's connection to the PBX, found by the app's process ids. */
    private static int localPortOf(NetworkNamespace namespace, DeskphoneProcess app, int pbxPort) throws Exception {
        Set<Long> pids = Stream.concat(
                        Stream.of(app.process().toHandle()), app.process().descendants())
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
        String sockets = ss(namespace, "-tnpH", "state", "established", "( dport = :" + pbxPort + " )");
        Matcher line = PEER.matcher(sockets);
        while (line.find()) {
            if (pids.contains(Long.parseLong(line.group(3)))) {
                return Integer.parseInt(line.group(1));
            }
        }
        throw new AssertionError("no connection to port " + pbxPort + " from pids " + pids + " in:\n" + sockets);
    }

    /** Packets and bytes of the counting table's rules, summed. */
    private static long[] counters(NetworkNamespace namespace) throws Exception {
        Matcher counter =
                Pattern.compile("packets (\\d+) bytes (\\d+)").matcher(run(namespace, "nft", "list table inet count"));
        long[] sum = new long[2];
        while (counter.find()) {
            sum[0] += Long.parseLong(counter.group(1));
            sum[1] += Long.parseLong(counter.group(2));
        }
        return sum;
    }

    private static void nft(NetworkNamespace namespace, String script) throws Exception {
        run(namespace, "nft", script);
    }

    private static String ss(NetworkNamespace namespace, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ss"));
        command.addAll(List.of(args));
        return run(namespace, command.toArray(String[]::new));
    }

    private static String run(NetworkNamespace namespace, String... command) throws IOException, InterruptedException {
        Process process =
                namespace.command(List.of(command)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private static double seconds(long sinceNanos) {
        return Math.round((System.nanoTime() - sinceNanos) / 1e8) / 10.0;
    }
}
