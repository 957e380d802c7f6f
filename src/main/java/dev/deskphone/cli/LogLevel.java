package dev.deskphone.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Sets the app log's root logger to a level {@code --log-level} accepts (checked by the settings' rules). */
final class LogLevel {
    private LogLevel() {}

    static void apply(String level) {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.toLevel(level));
    }
}
