package dev.deskphone.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The keep-alive on real sockets: a PBX that answers pings stays connected, a silent one is closed. */
class SipSocketsKeepAliveTest {
    private final ObjectMapper json = new ObjectMapper();
    private final BlockingQueue<Map<String, Object>> page = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final SipSockets sockets = new SipSockets(
            CompletableFuture.completedFuture(uri -> null), page::add, KeepAliveTimer.on(timers), Runnable::run);

    @AfterEach
    void stop() {
        sockets.close();
        timers.shutdownNow();
    }

    @Test
    void aPbxThatAnswersPingsKeepsTheSocketOpen() throws Exception {
        try (RawWebSocketServer pbx = new RawWebSocketServer(true)) {
            open("s1", pbx, 1);
            assertThat(next().get("event")).isEqualTo("open");

            Thread.sleep(3_500);

            assertThat(pbx.pings.get()).isGreaterThanOrEqualTo(2);
            assertThat(page).isEmpty();
        }
    }

    @Test
    void aSilentPbxIsDeclaredLostWithinIntervalPlusDeadline() throws Exception {
        try (RawWebSocketServer pbx = new RawWebSocketServer(false)) {
            open("s2", pbx, 1);
            assertThat(next().get("event")).isEqualTo("open");
            long opened = System.nanoTime();

            Map<String, Object> closed = next();

            assertThat(closed)
                    .containsEntry("event", "close")
                    .containsEntry("code", 1006)
                    .containsEntry("reason", "keep-alive: no pong within 1 s");
            assertThat((System.nanoTime() - opened) / 1_000_000).isBetween(1_900L, 3_000L);
            assertThat(pbx.pings.get()).isEqualTo(1);
        }
    }

    @Test
    void aProbePingsEverySocketAtOnceEvenWithPeriodicPingsOff() throws Exception {
        try (RawWebSocketServer pbx = new RawWebSocketServer(true)) {
            open("s3", pbx, 0);
            assertThat(next().get("event")).isEqualTo("open");
            Thread.sleep(500);
            assertThat(pbx.pings.get()).isZero();

            sockets.probeAll();

            Thread.sleep(500);
            assertThat(pbx.pings.get()).isEqualTo(1);
            assertThat(page).as("answered: still open").isEmpty();
        }
    }

    @Test
    void aKeepAliveOutOfRangeIsRefusedNamingTheField() {
        for (String bad : new String[] {"-1", "3601", "2.5", "\"30\""}) {
            assertThatThrownBy(() -> sockets.handle(
                            "ws-open",
                            message("{\"socket\": \"x\", \"url\": \"ws://127.0.0.1:9\"," + " \"keepAliveSeconds\": "
                                    + bad + "}")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("keepAliveSeconds");
        }
    }

    private void open(String id, RawWebSocketServer pbx, int keepAliveSeconds) throws Exception {
        sockets.handle(
                "ws-open",
                message("{\"socket\": \"" + id + "\", \"url\": \"ws://127.0.0.1:" + pbx.port()
                        + "/\", \"protocol\": \"sip\", \"keepAliveSeconds\": " + keepAliveSeconds + "}"));
    }

    private ObjectNode message(String text) throws IOException {
        return (ObjectNode) json.readTree(text);
    }

    private Map<String, Object> next() throws InterruptedException {
        Map<String, Object> event = page.poll(15, TimeUnit.SECONDS);
        assertThat(event).as("a ws-event within 15 s").isNotNull();
        return event;
    }
}
