package dev.deskphone.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URL;
import java.nio.file.Path;
import java.util.Objects;
import javafx.application.Platform;
import javafx.concurrent.Worker;
import javafx.scene.web.WebEngine;
import javafx.scene.web.WebView;
import netscape.javascript.JSObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the bundled softphone page in a WebView: loads it, keeps it the only page ever shown,
 * injects the {@link PageBridge} and routes the page's log lines to the app log.
 *
 * <p>Create and use on the FX thread.
 */
public final class WebViewHost {
    private static final Logger log = LoggerFactory.getLogger(WebViewHost.class);
    private static final String PAGE_RESOURCE = "/web/index.html";

    private final WebView view;
    private final WebEngine engine;
    private final PageApi pageApi;
    private final String pageUrl;
    // WebKit holds objects passed to setMember weakly: this field keeps the bridge alive.
    private final PageBridge bridge;
    private final PageLog pageLog = new PageLog();

    public WebViewHost(ObjectMapper json, PageMessageHandler appHandler, Path userDataDirectory) {
        URL page = Objects.requireNonNull(WebViewHost.class.getResource(PAGE_RESOURCE),
                "the softphone page is missing from the build: " + PAGE_RESOURCE);
        this.pageUrl = withoutEmptyAuthority(page.toExternalForm());
        this.view = new WebView();
        this.view.setContextMenuEnabled(false);
        this.engine = view.getEngine();
        this.engine.setUserDataDirectory(userDataDirectory.toFile());
        this.pageApi = new PageApi(engine, json);
        this.bridge = new PageBridge(json, (type, message) -> route(appHandler, type, message));
        guardNavigation();
        engine.getLoadWorker().stateProperty().addListener((obs, old, state) -> onLoadState(state));
        engine.setOnError(event -> log.error("Page error: {}", event.getMessage(), event.getException()));
        engine.setOnAlert(event -> log.info("Page alert: {}", event.getData()));
    }

    public WebView view() {
        return view;
    }

    /** Java→JS messages; usable from any thread. */
    public PageApi pageApi() {
        return pageApi;
    }

    public void load() {
        engine.load(pageUrl);
    }

    private void route(PageMessageHandler appHandler, String type, ObjectNode message) {
        switch (type) {
            case "log" -> pageLog.write(message);
            case "ready" -> {
                appHandler.onMessage(type, message);
                pageApi.pageReady();
            }
            default -> appHandler.onMessage(type, message);
        }
    }

    private void onLoadState(Worker.State state) {
        switch (state) {
            case SCHEDULED -> pageApi.pageUnloaded();
            case SUCCEEDED -> attachBridge();
            case FAILED -> log.error("The softphone page failed to load: {}",
                    engine.getLoadWorker().getException(), engine.getLoadWorker().getException());
            default -> { }
        }
    }

    private void attachBridge() {
        JSObject window = (JSObject) engine.executeScript("window");
        window.setMember("deskphoneJava", bridge);
        Object attached = engine.executeScript(
                "(window.Deskphone && typeof window.Deskphone.attach === 'function')"
                        + " ? (window.Deskphone.attach(), true) : false");
        if (!Boolean.TRUE.equals(attached)) {
            log.error("The softphone page did not define Deskphone.attach(): its scripts failed to load");
        }
    }

    /**
     * The WebView only ever shows the bundled page: any other navigation (a link, a script setting
     * location, a form) is cancelled before it leaves, and pop-up windows are refused.
     */
    private void guardNavigation() {
        engine.setCreatePopupHandler(features -> {
            log.warn("Blocked a pop-up window opened by the page");
            return null;
        });
        engine.locationProperty().addListener((obs, old, location) -> {
            if (!isBundledPage(location)) {
                log.warn("Blocked navigation away from the softphone page to {}", location);
                // Cancelling from inside the listener is ignored by WebKit: cancel once it has returned.
                Platform.runLater(() -> engine.getLoadWorker().cancel());
            }
        });
    }

    private boolean isBundledPage(String location) {
        if (location == null) {
            return false;
        }
        int end = location.length();
        for (char c : new char[] {'#', '?'}) {
            int at = location.indexOf(c);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return withoutEmptyAuthority(location.substring(0, end)).equals(pageUrl);
    }

    /** WebKit reports file:///x where java.net.URL says file:/x (also inside jar: URLs): the same file. */
    private static String withoutEmptyAuthority(String url) {
        return url.replace("file:///", "file:/");
    }
}
