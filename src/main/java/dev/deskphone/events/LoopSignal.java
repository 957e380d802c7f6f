package dev.deskphone.events;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/** Wakes a waiting loop thread: a signal given before the wait is not lost. */
final class LoopSignal {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private boolean signalled;

    /** Any thread. */
    void wake() {
        lock.lock();
        try {
            signalled = true;
            wakeUp.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits up to {@code nanos} for a signal (or until {@code stop} holds), then clears it. */
    void await(long nanos, BooleanSupplier stop) throws InterruptedException {
        lock.lock();
        try {
            while (!signalled && !stop.getAsBoolean() && nanos > 0) {
                nanos = wakeUp.awaitNanos(nanos);
            }
            signalled = false;
        } finally {
            lock.unlock();
        }
    }
}
