package dev.deskphone.bridge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.web.WebEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Java→JS: delivers messages to {@code window.Deskphone.receive(json)}.
 *
 * <p>Created at start-up, before the window and even before JavaFX runs, so everything that talks
 * to the page can be given it when it is built; {@link WebViewHost} attaches it to its WebView.
 * Callable from any thread. Messages are queued, in the order they were posted, until the page has
 * said {@code ready}, so a message sent during start-up (the config, a status) is never lost to a
 * page still loading or a window not yet open.
 */
public final class PageApi {
    private static final Logger log = LoggerFactory.getLogger(PageApi.class);

    private final ObjectMapper json;
    private final Queue<String> pending = new ConcurrentLinkedQueue<>();
    // Set once, on the FX thread, when the host attaches; read by posting threads to know whether
    // the FX toolkit runs (before that there is no FX thread to hand a flush to).
    private final AtomicReference<Attachment> attachment = new AtomicReference<>();
    // FX thread only.
    private boolean pageReady;

    private record Attachment(WebEngine engine, BooleanSupplier onBundledPage) {}

    public PageApi(ObjectMapper json) {
        this.json = json;
    }

    /** Sends a message object (serialised with Jackson) to the page. */
    public void post(Object message) {
        String text;
        try {
            text = json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("message is not serialisable: " + message.getClass(), e);
        }
        pending.add(text);
        if (attachment.get() != null) {
            runOnFx(this::flush);
        }
    }

    /**
     * Delivers to {@code engine}'s page from now on. FX thread, once. {@code onBundledPage}: whether
     * the WebView shows the bundled page, the only one given messages.
     */
    void attach(WebEngine engine, BooleanSupplier onBundledPage) {
        if (!attachment.compareAndSet(null, new Attachment(engine, onBundledPage))) {
            throw new IllegalStateException("the page API is attached to a WebView already");
        }
    }

    /** The page (re)loaded and said ready, or a blocked load left it in place: flush what waited. */
    void pageReady() {
        pageReady = true;
        flush();
    }

    /** A load has begun: hold messages until the page is ready again. */
    void pageUnloaded() {
        pageReady = false;
    }

    boolean isReady() {
        return pageReady;
    }

    /** FX thread. */
    private void flush() {
        Attachment attached = attachment.get();
        while (pageReady && attached.onBundledPage().getAsBoolean() && !pending.isEmpty()) {
            deliver(attached.engine(), pending.remove());
        }
    }

    private void deliver(WebEngine engine, String text) {
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
