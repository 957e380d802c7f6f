package dev.deskphone.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The levels {@code --log-level} accepts (case-insensitive); applied to the app log's root logger. */
enum LogLevel {
    ERROR, WARN, INFO, DEBUG, TRACE;

    void apply() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.toLevel(name()));
    }
}
