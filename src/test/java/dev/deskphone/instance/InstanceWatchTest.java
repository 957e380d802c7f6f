package dev.deskphone.instance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The instance channel's {@code watch}: lines streamed to several watchers, none able to hold up the app. */
class InstanceWatchTest {
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void everyWatcherGetsEveryLineInOrderUntilTheInstanceCloses() throws Exception {
        InstanceAddress address = address();
        InstanceBroadcast broadcast = new InstanceBroadcast();
        List<String> first = new CopyOnWriteArrayList<>();
        List<String> second = new CopyOnWriteArrayList<>();
        Future<Optional<JsonNode>> a;
        Future<Optional<JsonNode>> b;
        try (InstanceServer server =
                InstanceServer.start(address, json, r -> json.createObjectNode().put("ok", true), broadcast, threads)) {
            a = threads.submit(() -> watch(address, first));
            b = threads.submit(() -> watch(address, second));
            awaitWatchers(broadcast, 2);
            broadcast.publish("{\"event\":\"ringing\"}");
            broadcast.publish("{\"event\":\"answered\"}");
            awaitSize(first, 2);
            awaitSize(second, 2);
            // Ordinary requests still get their one-line reply meanwhile.
            assertThat(new InstanceClient(address, json)
                            .request(json.createObjectNode().put("command", "status"))
                            .orElseThrow()
                            .path("ok")
                            .asBoolean())
                    .isTrue();
        }
        assertThat(a.get(10, TimeUnit.SECONDS).orElseThrow().path("ok").asBoolean())
                .isTrue();
        b.get(10, TimeUnit.SECONDS);
        assertThat(first).containsExactly("{\"event\":\"ringing\"}", "{\"event\":\"answered\"}");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void aWatcherThatStopsReadingLosesLinesWithANoticeAndNeverBlocksThePublisher() throws Exception {
        InstanceBroadcast broadcast = new InstanceBroadcast(3);
        try (InstanceBroadcast.Subscription slow = broadcast.subscribe()) {
            for (int i = 1; i <= 10; i++) {
                broadcast.publish("{\"n\":" + i + "}");
            }
            assertThat(next(slow)).isEqualTo("{\"n\":1}");
            broadcast.publish("{\"n\":11}");
            assertThat(next(slow)).isEqualTo("{\"n\":2}");
            assertThat(next(slow)).isEqualTo("{\"n\":3}");
            assertThat(next(slow)).isEqualTo("{\"notice\":\"dropped\",\"dropped\":7}");
            assertThat(next(slow)).isEqualTo("{\"n\":11}");
            assertThat(slow.next(0)).isEmpty();
        }
        assertThat(broadcast.watchers()).isZero();
    }

    @Test
    void aWatcherThatHangsUpIsForgotten() throws Exception {
        InstanceAddress address = address();
        InstanceBroadcast broadcast = new InstanceBroadcast();
        try (InstanceServer server =
                InstanceServer.start(address, json, r -> json.createObjectNode().put("ok", true), broadcast, threads)) {
            try (SocketChannel watcher = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                watcher.connect(UnixDomainSocketAddress.of(address.socket()));
                InstanceLines.writeLine(watcher, "{\"command\":\"watch\"}", System.nanoTime() + 5_000_000_000L);
                awaitWatchers(broadcast, 1);
            }
            awaitWatchers(broadcast, 0);
        }
    }

    private Optional<JsonNode> watch(InstanceAddress address, List<String> into) throws Exception {
        return new InstanceClient(address, json).stream(json.createObjectNode().put("command", "watch"), line -> {
            into.add(line.toString());
            return true;
        });
    }

    private static String next(InstanceBroadcast.Subscription subscription) throws InterruptedException {
        return subscription.next(0).orElseThrow();
    }

    private InstanceAddress address() {
        return InstanceAddress.forConfigDir(tmp.resolve("config"), Map.of("XDG_RUNTIME_DIR", tmp.toString()));
    }

    /** Waits (bounded by the test's timeout) for the server to see the watchers: no timing assertion. */
    private static void awaitWatchers(InstanceBroadcast broadcast, int count) throws InterruptedException {
        while (broadcast.watchers() != count) {
            Thread.sleep(10);
        }
    }

    private static void awaitSize(List<String> lines, int size) throws InterruptedException {
        while (lines.size() < size) {
            Thread.sleep(10);
        }
    }
}
