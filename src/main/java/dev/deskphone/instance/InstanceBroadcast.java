package dev.deskphone.instance;

import java.util.ArrayDeque;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;

/**
 * Lines the running instance streams to its watchers ({@code deskphone calls watch}), each watcher
 * with a bounded queue of its own: {@link #publish} never blocks and never waits for a watcher. A
 * watcher that reads too slowly loses the lines that do not fit, and the next line it reads is a
 * notice saying how many ({@code {"notice":"dropped","dropped":N}}), so it knows its view has gaps.
 */
public final class InstanceBroadcast {
    /** Lines a watcher may fall behind by before lines are dropped for it. */
    public static final int DEFAULT_CAPACITY = 256;

    private final int capacity;
    private final Set<Subscription> subscriptions = new CopyOnWriteArraySet<>();

    public InstanceBroadcast() {
        this(DEFAULT_CAPACITY);
    }

    InstanceBroadcast(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    /** Queues the line (JSON, no newline) for every watcher; any thread, never blocks. */
    public void publish(String line) {
        for (Subscription subscription : subscriptions) {
            subscription.offer(line);
        }
    }

    /** How many watchers are connected now. */
    public int watchers() {
        return subscriptions.size();
    }

    Subscription subscribe() {
        Subscription subscription = new Subscription();
        subscriptions.add(subscription);
        return subscription;
    }

    /** One watcher's queue; closing it unsubscribes. */
    final class Subscription implements AutoCloseable {
        private final Queue<String> lines = new ArrayDeque<>();
        private long dropped;

        private synchronized void offer(String line) {
            if (lines.size() >= capacity) {
                dropped++;
                return;
            }
            // The notice goes where the gap is: after the lines that fitted, before the next one.
            if (dropped > 0) {
                lines.add(notice());
            }
            lines.add(line);
            notifyAll();
        }

        private String notice() {
            String notice = "{\"notice\":\"dropped\",\"dropped\":" + dropped + "}";
            dropped = 0;
            return notice;
        }

        /** The next line, waiting at most {@code timeoutMs}; a drop notice first when lines were lost. */
        synchronized Optional<String> next(long timeoutMs) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (lines.isEmpty() && dropped == 0) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    return Optional.empty();
                }
                wait(remaining);
            }
            return Optional.of(lines.isEmpty() ? notice() : lines.remove());
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
