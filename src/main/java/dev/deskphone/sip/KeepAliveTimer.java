package dev.deskphone.sip;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** Runs keep-alive work later: on a scheduled executor in the app, by hand in tests. */
public interface KeepAliveTimer {
    /** Runs the task once after the delay; the handle cancels it. */
    Cancel schedule(Duration delay, Runnable task);

    /** Cancels a scheduled task; harmless once it ran. */
    interface Cancel {
        void cancel();
    }

    static KeepAliveTimer on(ScheduledExecutorService executor) {
        return (delay, task) -> {
            try {
                ScheduledFuture<?> future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> future.cancel(false);
            } catch (RejectedExecutionException shuttingDown) {
                // The app is exiting and its sockets are closing: nothing left to watch.
                return () -> {};
            }
        };
    }
}
