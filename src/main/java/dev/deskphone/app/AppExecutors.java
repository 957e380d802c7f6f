package dev.deskphone.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's background threads, created once at start-up: disk and network work never runs on the
 * FX thread. Uncaught exceptions are logged, not lost.
 */
final class AppExecutors implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppExecutors.class);

    /** Disk and network work (config writes, backend calls). */
    final ExecutorService background = Executors.newFixedThreadPool(2, named("deskphone-background"));
    /** Periodic checks (retrying the call-event outbox's held writes). */
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(named("deskphone-timers"));
    /**
     * The single-instance channel: its accept loop and one thread per connection, so a stalled client
     * holds only its own thread (for at most the channel's deadline) and never the others.
     */
    final ExecutorService instanceChannel = Executors.newCachedThreadPool(named("deskphone-instance"));
    /** SIP keep-alive timers and the network watch: short tasks that only send pings or close sockets. */
    final ScheduledExecutorService sipWatch = Executors.newSingleThreadScheduledExecutor(named("deskphone-sip-watch"));

    private static ThreadFactory named(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(
                    () -> {
                        try {
                            runnable.run();
                        } catch (RuntimeException | Error e) {
                            log.error("Uncaught in {}", Thread.currentThread().getName(), e);
                            throw e;
                        }
                    },
                    prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

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
