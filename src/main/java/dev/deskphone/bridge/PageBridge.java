package dev.deskphone.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one JS→Java doorway: the page calls {@code deskphoneJava.send(json)}.
 *
 * <p>WebKit calls this on the FX thread, by reflection, so the class and method are public; it holds
 * the object weakly, so {@link WebViewHost} keeps it in a field. Nothing may be thrown back into
 * WebKit: every failure is answered as {@code {"ok":false,"error":...}}. Work beyond parsing is the
 * handler's, which must hand anything slow to an executor.
 */
public final class PageBridge {
    private static final Logger log = LoggerFactory.getLogger(PageBridge.class);

    private final ObjectMapper json;
    private final PageMessageHandler handler;

    PageBridge(ObjectMapper json, PageMessageHandler handler) {
        this.json = json;
        this.handler = handler;
    }

    public String send(String message) {
        try {
            JsonNode node = json.readTree(message);
            if (node == null || !node.isObject() || !node.path("type").isTextual()) {
                return error("a message must be a JSON object with a string \"type\"");
            }
            String type = node.get("type").asText();
            if ("ping".equals(type)) {
                return json.writeValueAsString(
                        json.createObjectNode().put("ok", true).put("pong", true));
            }
            handler.onMessage(type, (ObjectNode) node);
            return "{\"ok\":true}";
        } catch (JsonProcessingException e) {
            log.warn("Rejected a page message that is not JSON");
            return error("not valid JSON: " + e.getOriginalMessage());
        } catch (PageRouter.UnknownTypeException e) {
            return error(e.getMessage()); // the router logs each unknown type once
        } catch (IllegalArgumentException e) {
            log.warn("Rejected page message: {}", e.getMessage());
            return error(e.getMessage());
        } catch (Exception e) {
            // Log the type only: a message may carry secrets (the settings form sends passwords).
            log.error("Page message handling failed", e);
            return error("internal error: " + e.getClass().getSimpleName());
        }
    }

    private String error(String text) {
        ObjectNode reply = json.createObjectNode().put("ok", false).put("error", text);
        return reply.toString();
    }
}
