package dev.deskphone.media;

import java.time.Duration;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the next call's media stack open ahead of time, so that opening a device module,
 * processing module and factory (and the sound server's new client) is not on the answer's path
 * (ADR 0015, "The spare stack"). One spare at most; the next call takes it, and another is opened a
 * moment later, once that call's offer or answer is out of the way. A stack opened for devices that
 * have since changed is thrown away and opened again. When no spare is ready, or opening it failed,
 * the call opens its own, as it would without a spare.
 *
 * <p>Media thread only: {@code later} must run its tasks there too.
 *
 * @param <S> the stack (a {@link CallStack} in the engine)
 */
final class SpareStack<S> {
    private static final Logger log = LoggerFactory.getLogger(SpareStack.class);
    /** After a call took the spare: its first offer or answer goes first on the media thread. */
    static final Duration REPLENISH_DELAY = Duration.ofSeconds(1);
    /** Device events come in bursts (a headset's sink and source): one new stack after the burst. */
    static final Duration DEVICES_SETTLE = Duration.ofMillis(300);

    /** Runs a task on the media thread after a delay; the future cancels it. */
    @FunctionalInterface
    interface Later {
        Future<?> run(Duration delay, Runnable task);
    }

    private final Supplier<S> open;
    private final Consumer<S> dispose;
    private final Later later;

    private S spare;
    private Future<?> pending;
    private boolean closed;

    /**
     * @param open opens a stack (throws when the audio system cannot)
     * @param dispose disposes a stack that no call took
     * @param later schedules on the media thread
     */
    SpareStack(Supplier<S> open, Consumer<S> dispose, Later later) {
        this.open = open;
        this.dispose = dispose;
        this.later = later;
    }

    /** Opens the spare after {@code delay}, unless one is ready or already on its way. */
    void prepareAfter(Duration delay) {
        if (closed || spare != null || pending != null) {
            return;
        }
        pending = later.run(delay, this::openNow);
    }

    /**
     * A stack for a new call: the spare when one is ready, else one opened now (which throws when
     * that fails, as it would without a spare). Either way the next spare is prepared.
     */
    S take() {
        S stack = spare;
        spare = null;
        if (stack == null) {
            stack = open.get();
        } else {
            log.debug("A call took the spare media stack");
        }
        prepareAfter(REPLENISH_DELAY);
        return stack;
    }

    /** The agent's devices changed, or one came or went: a spare opened before is opened anew. */
    void devicesChanged() {
        if (closed) {
            return;
        }
        if (spare != null) {
            disposeSpare();
            log.debug("Audio devices changed: the spare media stack is opened anew");
        }
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        prepareAfter(DEVICES_SETTLE);
    }

    /** True when a stack is ready for the next call. */
    boolean ready() {
        return spare != null;
    }

    /** Disposes the spare and opens no other: the engine is closing. */
    void close() {
        closed = true;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
        disposeSpare();
    }

    private void openNow() {
        pending = null;
        if (closed || spare != null) {
            return;
        }
        try {
            spare = open.get();
            log.debug("Spare media stack ready for the next call");
        } catch (RuntimeException | Error e) {
            // The next call opens its own and reports what fails then.
            log.warn("Opening a spare media stack failed: the next call opens its own", e);
        }
    }

    private void disposeSpare() {
        S stack = spare;
        spare = null;
        if (stack != null) {
            try {
                dispose.accept(stack);
            } catch (RuntimeException | Error e) {
                log.warn("Disposing the spare media stack failed", e);
            }
        }
    }
}
