package dev.deskphone.app;

import dev.deskphone.platform.Threads;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's background threads, created once at start-up: disk and network work never runs on the
 * FX thread. Their threads come from {@link Threads}: named, daemons, uncaught exceptions logged.
 */
final class AppExecutors implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppExecutors.class);

    /** Disk and network work (config writes, backend calls). */
    final ExecutorService background = Executors.newFixedThreadPool(2, Threads.numbered("deskphone-background"));
    /** Periodic checks (retrying the call-event outbox's held writes). */
    final ScheduledExecutorService timers =
            Executors.newSingleThreadScheduledExecutor(Threads.numbered("deskphone-timers"));
    /**
     * The single-instance channel: its accept loop and one thread per connection, so a stalled client
     * holds only its own thread (for at most the channel's deadline) and never the others.
     */
    final ExecutorService instanceChannel = Executors.newCachedThreadPool(Threads.numbered("deskphone-instance"));
    /** SIP keep-alive timers and the network watch: short tasks that only send pings or close sockets. */
    final ScheduledExecutorService sipWatch =
            Executors.newSingleThreadScheduledExecutor(Threads.numbered("deskphone-sip-watch"));

    @Override
    public void close() {
        background.shutdown();
        instanceChannel.shutdownNow();
        sipWatch.shutdownNow();
        timers.shutdownNow();
        try {
            if (!background.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn(
                        "Background work still running at exit: {} tasks dropped",
                        background.shutdownNow().size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
