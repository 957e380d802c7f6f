package dev.deskphone.sip;

import java.time.Duration;

/**
 * Watches one SIP WebSocket for a silent death: a NAT mapping that expired, a roamed Wi-Fi, a PBX
 * that dropped the socket while the laptop slept. None of these sends a FIN or RST that reaches
 * us, so without a probe the account would keep looking registered while every inbound call gets
 * 480. Every {@code interval} a WebSocket ping goes out (RFC 6455 §5.5.2: the peer must answer
 * with a pong; Kamailio's websocket module does); when no pong, nor any other frame, arrives within
 * the deadline, the connection is declared lost and the page's registration supervisor reconnects.
 *
 * <p>An interval of zero sends no periodic pings, but {@link #probe()} still works: after a resume
 * or a network change every socket is checked at once.
 */
final class KeepAlive {
    /** The longest wait for a pong: a live PBX on any real network answers well within it. */
    static final Duration MAX_DEADLINE = Duration.ofSeconds(10);

    /** The watched socket. */
    interface Connection {
        void ping();

        void lost(String reason);
    }

    private final Connection connection;
    private final Duration interval;
    private final Duration deadline;
    private final KeepAliveTimer timer;
    private KeepAliveTimer.Cancel nextPing;
    private KeepAliveTimer.Cancel pongDeadline;
    private boolean awaitingPong;
    private boolean stopped;

    KeepAlive(Connection connection, Duration interval, KeepAliveTimer timer) {
        this.connection = connection;
        this.interval = interval;
        this.deadline = deadlineFor(interval);
        this.timer = timer;
    }

    /** The pong deadline: the interval, at most {@link #MAX_DEADLINE} (and that when pings are off). */
    static Duration deadlineFor(Duration interval) {
        return interval.isZero() || interval.compareTo(MAX_DEADLINE) > 0 ? MAX_DEADLINE : interval;
    }

    /** The socket opened: the first ping goes out one interval from now. */
    synchronized void start() {
        scheduleNextPing();
    }

    /** Ping now (resume, network change) unless a ping is already waiting for its pong. */
    synchronized void probe() {
        if (stopped || awaitingPong) {
            return;
        }
        cancel(nextPing);
        nextPing = null;
        ping();
    }

    /** A pong or any other frame arrived: the path works both ways. */
    synchronized void alive() {
        if (!awaitingPong || stopped) {
            return;
        }
        awaitingPong = false;
        cancel(pongDeadline);
        pongDeadline = null;
        scheduleNextPing();
    }

    /** The socket ended: no more pings. */
    synchronized void stop() {
        stopped = true;
        cancel(nextPing);
        cancel(pongDeadline);
    }

    private void scheduleNextPing() {
        if (!stopped && !interval.isZero()) {
            nextPing = timer.schedule(interval, this::timeToPing);
        }
    }

    private synchronized void timeToPing() {
        if (!stopped && !awaitingPong) {
            nextPing = null;
            ping();
        }
    }

    private void ping() {
        awaitingPong = true;
        pongDeadline = timer.schedule(deadline, this::deadlinePassed);
        connection.ping();
    }

    private void deadlinePassed() {
        synchronized (this) {
            if (stopped || !awaitingPong) {
                return;
            }
            stopped = true;
            cancel(nextPing);
        }
        connection.lost("no pong within " + deadline.toSeconds() + " s");
    }

    private static void cancel(KeepAliveTimer.Cancel task) {
        if (task != null) {
            task.cancel();
        }
    }
}
