package dev.deskphone.bridge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the page's console lines and errors into the app log, under loggers named {@code page.*}. */
final class PageLog {
    private static final int MAX_LENGTH = 4000;

    void write(ObjectNode message) {
        String source = message.path("source").asText("page").replaceAll("[^A-Za-z0-9_.-]", "_");
        Logger logger = LoggerFactory.getLogger("page." + source);
        String text = message.path("message").asText("");
        if (text.length() > MAX_LENGTH) {
            text = text.substring(0, MAX_LENGTH) + "… (" + text.length() + " chars)";
        }
        switch (message.path("level").asText("info")) {
            case "error" -> logger.error(text);
            case "warn" -> logger.warn(text);
            case "debug" -> logger.debug(text);
            default -> logger.info(text);
        }
    }
}
