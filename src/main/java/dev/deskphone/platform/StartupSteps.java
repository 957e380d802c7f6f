package dev.deskphone.platform;

import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up's steps in the log, each with the milliseconds since the JVM started, so that one log
 * ({@code --log-level debug}) shows where a launch's time went: {@code src/bench/startup-breakdown.py}
 * turns it into a table. Logged at debug level only; at the default level a step costs one check.
 */
public final class StartupSteps {
    private static final Logger log = LoggerFactory.getLogger("dev.deskphone.startup");

    private StartupSteps() {}

    /** Logs that {@code step} has just happened (any thread). */
    public static void mark(String step) {
        if (log.isDebugEnabled()) {
            log.debug("Start-up step: {} at {} ms", step, sinceJvmStart());
        }
    }

    /** Logs that {@code step} happened at {@code epochMs} (noted before logging was set up). */
    public static void markAt(String step, long epochMs) {
        if (log.isDebugEnabled()) {
            log.debug("Start-up step: {} at {} ms", step, sinceJvmStart(epochMs));
        }
    }

    /** Milliseconds since the JVM started (its own clock, read by the runtime's management bean). */
    public static long sinceJvmStart() {
        return sinceJvmStart(System.currentTimeMillis());
    }

    /** Milliseconds from the JVM's start to {@code epochMs}. */
    public static long sinceJvmStart(long epochMs) {
        return epochMs - ManagementFactory.getRuntimeMXBean().getStartTime();
    }
}
