package dev.deskphone.bridge;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Receives the page's messages (see architecture.md, "The page ↔ Java bridge"), on the FX thread.
 * Throw {@link IllegalArgumentException} to reject a malformed message: the page gets the text.
 */
@FunctionalInterface
public interface PageMessageHandler {
    void onMessage(String type, ObjectNode message);
}
