package dev.deskphone.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.web.WebEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java→JS: delivers messages to {@code window.Deskphone.receive(json)}.
 *
 * <p>Callable from any thread. Messages are queued until the page has said {@code ready}, so a
 * message sent during start-up (the config, a status) is never lost to a page still loading.
 */
public final class PageApi {
    private static final Logger log = LoggerFactory.getLogger(PageApi.class);

    private final WebEngine engine;
    private final ObjectMapper json;
    // Touched only on the FX thread.
    private final Queue<String> pending = new ArrayDeque<>();
    private final BooleanSupplier onBundledPage;
    private boolean pageReady;

    /** {@code onBundledPage}: whether the WebView shows the bundled page, the only one given messages. */
    PageApi(WebEngine engine, ObjectMapper json, BooleanSupplier onBundledPage) {
        this.engine = engine;
        this.json = json;
        this.onBundledPage = onBundledPage;
    }

    /** Sends a message object (serialised with Jackson) to the page. */
    public void post(Object message) {
        String text;
        try {
            text = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("message is not serialisable: " + message.getClass(), e);
        }
        runOnFx(() -> {
            if (pageReady && onBundledPage.getAsBoolean()) {
                deliver(text);
            } else {
                pending.add(text);
            }
        });
    }

    /** The page (re)loaded and said ready, or a blocked load left it in place: flush what waited. */
    void pageReady() {
        pageReady = true;
        while (!pending.isEmpty() && onBundledPage.getAsBoolean()) {
            deliver(pending.remove());
        }
    }

    /** A load has begun: hold messages until the page is ready again. */
    void pageUnloaded() {
        pageReady = false;
    }

    boolean isReady() {
        return pageReady;
    }

    private void deliver(String text) {
        try {
            // The JSON text is passed as a JS string literal (JSON is a subset of JS string escaping
            // once quoted again), so no message content is ever evaluated as code.
            engine.executeScript("window.Deskphone.receive(" + json.writeValueAsString(text) + ")");
        } catch (Exception e) {
            log.error("Delivering a message to the page failed", e);
        }
    }

    private static void runOnFx(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }
}
