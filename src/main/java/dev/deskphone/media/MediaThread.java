package dev.deskphone.media;

import dev.deskphone.platform.Threads;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread every webrtc-java call runs on. libwebrtc marshals API calls to its own signaling
 * thread and calls observers back on it; confining our side to one Java thread means no locks on
 * call state, and observers only hand events over here (never call back into the native API from a
 * native thread, never block it).
 */
final class MediaThread {
    private static final Logger log = LoggerFactory.getLogger(MediaThread.class);
    private final ScheduledThreadPoolExecutor executor;

    MediaThread(String name) {
        executor = new ScheduledThreadPoolExecutor(1, Threads.named(name));
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Runs the task on the media thread; the future completes (on the media thread) with its result. */
    <T> CompletableFuture<T> supply(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(task.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("media engine is closed", e));
        }
        return result;
    }

    /** Runs the task on the media thread and logs what it throws: for observer events. */
    void execute(String what, Runnable task) {
        try {
            executor.execute(() -> {
                try {
                    task.run();
                } catch (Throwable e) {
                    log.warn("Media event '{}' failed", what, e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("Media event '{}' dropped: engine closed", what);
        }
    }

    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        return executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    void shutdown() {
        executor.shutdown();
    }
}
