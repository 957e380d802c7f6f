package dev.deskphone.sip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeepAliveTest {
    /** Time moved by hand: tasks run when {@link #advance} passes their due time. */
    private static final class ManualTimer implements KeepAliveTimer {
        private record Task(long due, Runnable run, boolean[] cancelled) {}

        private final List<Task> tasks = new ArrayList<>();
        private long now;

        @Override
        public Cancel schedule(Duration delay, Runnable task) {
            boolean[] cancelled = {false};
            tasks.add(new Task(now + delay.toMillis(), task, cancelled));
            return () -> cancelled[0] = true;
        }

        void advance(Duration by) {
            long until = now + by.toMillis();
            while (true) {
                Task next = tasks.stream()
                        .filter(t -> t.due() <= until)
                        .min(Comparator.comparingLong(Task::due))
                        .orElse(null);
                if (next == null) {
                    break;
                }
                tasks.remove(next);
                now = next.due();
                if (!next.cancelled()[0]) {
                    next.run().run();
                }
            }
            now = until;
        }

        long pending() {
            return tasks.stream().filter(t -> !t.cancelled()[0]).count();
        }
    }

    /** A socket that records pings and whether it was declared lost. */
    private static final class FakeSocket implements KeepAlive.Connection {
        int pings;
        final List<String> lost = new ArrayList<>();

        @Override
        public void ping() {
            pings++;
        }

        @Override
        public void lost(String reason) {
            lost.add(reason);
        }
    }

    private final ManualTimer timer = new ManualTimer();
    private final FakeSocket socket = new FakeSocket();

    @Test
    void aSocketThatAnswersEveryPingStaysOpen() {
        KeepAlive keepAlive = new KeepAlive(socket, Duration.ofSeconds(30), timer);
        keepAlive.start();

        for (int i = 1; i <= 5; i++) {
            timer.advance(Duration.ofSeconds(30));
            assertThat(socket.pings).isEqualTo(i);
            timer.advance(Duration.ofMillis(40));
            keepAlive.alive();
        }

        timer.advance(Duration.ofSeconds(9));
        assertThat(socket.lost).isEmpty();
    }

    @Test
    void aMissedPongDeclaresTheSocketLostAtTheDeadlineAndPingsStop() {
        KeepAlive keepAlive = new KeepAlive(socket, Duration.ofSeconds(30), timer);
        keepAlive.start();

        timer.advance(Duration.ofSeconds(30));
        assertThat(socket.pings).isEqualTo(1);
        timer.advance(Duration.ofMillis(9_999));
        assertThat(socket.lost).isEmpty();
        timer.advance(Duration.ofMillis(1));

        assertThat(socket.lost).containsExactly("no pong within 10 s");
        timer.advance(Duration.ofMinutes(5));
        assertThat(socket.pings).isEqualTo(1);
        assertThat(socket.lost).hasSize(1);
        assertThat(timer.pending()).isZero();
    }

    @Test
    void aShortIntervalIsItsOwnDeadline() {
        KeepAlive keepAlive = new KeepAlive(socket, Duration.ofSeconds(5), timer);
        keepAlive.start();

        timer.advance(Duration.ofSeconds(5));
        timer.advance(Duration.ofMillis(4_999));
        assertThat(socket.lost).isEmpty();
        timer.advance(Duration.ofMillis(1));

        assertThat(socket.lost).containsExactly("no pong within 5 s");
    }

    @Test
    void anyFrameReceivedAfterThePingCountsAsTheAnswer() {
        KeepAlive keepAlive = new KeepAlive(socket, Duration.ofSeconds(30), timer);
        keepAlive.start();
        timer.advance(Duration.ofSeconds(30));

        keepAlive.alive(); // a SIP message, not the pong itself
        timer.advance(Duration.ofSeconds(15));

        assertThat(socket.lost).isEmpty();
        timer.advance(Duration.ofSeconds(15));
        assertThat(socket.pings).isEqualTo(2);
    }

    @Test
    void aProbePingsAtOnceAndADeadPathIsLostWithinTheDeadline() {
        KeepAlive keepAlive = new KeepAlive(socket, Duration.ofSeconds(30), timer);
        keepAlive.start();
        timer.advance(Duration.ofSeconds(3));

        keepAlive.probe();
        keepAlive.probe(); // a second probe while waiting adds no ping

        assertThat(socket.pings).isEqualTo(1);
        timer.advance(Duration.ofSeconds(10));
        assertThat(socket.lost).containsExactly("no pong within 10 s");
    }

    @Test
    void aProbeAnsweredResumesTheRegularPings() {
        KeepAlive keepAlive = new KeepAlive(socket, Duration.ofSeconds(30), timer);
        keepAlive.start();
        timer.advance(Duration.ofSeconds(20));
        keepAlive.probe();
        keepAlive.alive();

        timer.advance(Duration.ofSeconds(29));
        assertThat(socket.pings)
                .as("the old 30 s ping was replaced by the probe")
                .isEqualTo(1);
        timer.advance(Duration.ofSeconds(1));
        assertThat(socket.pings).isEqualTo(2);
    }

    @Test
    void withKeepAliveOffNothingIsSentButAProbeStillWorks() {
        KeepAlive keepAlive = new KeepAlive(socket, Duration.ZERO, timer);
        keepAlive.start();
        timer.advance(Duration.ofHours(1));
        assertThat(socket.pings).isZero();

        keepAlive.probe();
        timer.advance(Duration.ofSeconds(10));

        assertThat(socket.pings).isEqualTo(1);
        assertThat(socket.lost).containsExactly("no pong within 10 s");
    }

    @Test
    void aStoppedKeepAliveNeitherPingsNorDeclaresLoss() {
        KeepAlive keepAlive = new KeepAlive(socket, Duration.ofSeconds(5), timer);
        keepAlive.start();
        timer.advance(Duration.ofSeconds(5));

        keepAlive.stop();
        keepAlive.probe();
        timer.advance(Duration.ofMinutes(1));

        assertThat(socket.pings).isEqualTo(1);
        assertThat(socket.lost).isEmpty();
    }
}
