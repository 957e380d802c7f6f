package dev.deskphone.platform;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.LoggerFactory;

/**
 * The one way the app makes threads: each is named (a thread dump says whose it is), a daemon (none
 * of them may keep the JVM alive after the app has ended its work: every owner stops its own on
 * close), and logs what it did not catch instead of dying silently.
 */
public final class Threads {
    // The logger is taken when needed: the toolkits' thread starts before logging is set up (ToolkitStart).
    private static final Thread.UncaughtExceptionHandler LOG_UNCAUGHT = (thread, e) ->
            LoggerFactory.getLogger(Threads.class).error("Uncaught exception on {}", thread.getName(), e);

    private Threads() {}

    /** Threads named {@code prefix-1}, {@code prefix-2}, ... (for pools). */
    public static ThreadFactory numbered(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> create(prefix + "-" + count.incrementAndGet(), runnable);
    }

    /** Threads named {@code name} exactly (for an executor with a single thread). */
    public static ThreadFactory named(String name) {
        return runnable -> create(name, runnable);
    }

    /** Starts {@code task} on a new thread named {@code name}. */
    public static Thread start(String name, Runnable task) {
        Thread thread = create(name, task);
        thread.start();
        return thread;
    }

    /** A thread named {@code name}, not yet started. */
    public static Thread create(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler(LOG_UNCAUGHT);
        return thread;
    }
}
