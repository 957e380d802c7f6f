package dev.deskphone.bridge;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.concurrent.Worker;
import javafx.scene.input.DragEvent;
import javafx.scene.paint.Color;
import javafx.scene.web.WebEngine;
import javafx.scene.web.WebView;
import netscape.javascript.JSObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the bundled softphone page in a WebView: loads it, keeps it the only page ever shown,
 * injects the {@link PageBridge} and routes the page's log lines to the app log.
 *
 * <p>Whatever happens to the page (a navigation that was blocked, a reload, a document that is not
 * ours), the two directions of messages come back: the bridge is installed again on every load of
 * the bundled page, and {@link PageApi} holds Java's messages only while a load is under way. The
 * bridge, and so the configuration with the SIP passwords, is only ever given to the bundled page.
 *
 * <p>The page's SIP sessions live in its document and cannot be rebuilt by a new one, so while calls
 * are in progress ({@link #keepLoadedWhile}) the page is never unloaded: every load that would
 * replace it (a script's {@code location.reload()} or {@code location.href}, history navigation, a
 * reload or load from Java) is cancelled before the new document commits, and a reload of the
 * bundled page is made once the last call has ended instead. (The context menu, with its "Reload
 * page", is off, and drops are refused.)
 *
 * <p>The page may load before the app's handlers exist (WebKit's start then overlaps the app's):
 * its bridge, the only way its messages reach Java, is given to it once {@link #route} has named the
 * handlers.
 *
 * <p>Create and use on the FX thread.
 */
public final class WebViewHost {
    private static final Logger log = LoggerFactory.getLogger(WebViewHost.class);
    private static final int MAX_RECOVERIES = 3;

    private final WebView view;
    private final WebEngine engine;
    private final PageApi pageApi;
    private final String pageUrl;
    // WebKit holds objects passed to setMember weakly: this field keeps the bridge alive.
    private final PageBridge bridge;
    private final PageLog pageLog = new PageLog();
    // FX thread only: whether the bundled page is the document showing (a cancelled load leaves
    // engine.getLocation() at the refused address, so the location alone does not say), and whether
    // it had said ready when the current load began.
    private boolean bundledShowing;
    private boolean readyBeforeLoad;
    // Loads of the bundled page made to recover since it last said ready: bounded, so a page that
    // cannot load (a file gone from the copy) is not loaded again in a loop.
    private int recoveries;
    private BooleanSupplier callsInProgress = () -> false;
    // FX thread only: the app's handlers of the page's messages, once route() has named them.
    private PageMessageHandler router;
    // FX thread only: a reload of the bundled page was held back while calls were in progress.
    private boolean reloadDeferred;

    /** A host with a page API of its own (for a page nothing posts to before the window opens). */
    public WebViewHost(ObjectMapper json, PageMessageHandler router, Path userDataDirectory, BundledPage page) {
        this(new PageApi(json), json, router, userDataDirectory, page);
    }

    /**
     * @param pageApi the app's Java→JS messages (created at start-up); attached to this WebView here
     * @param router the app's handlers of the page's messages, by type ({@link PageRouter})
     */
    public WebViewHost(
            PageApi pageApi, ObjectMapper json, PageMessageHandler router, Path userDataDirectory, BundledPage page) {
        this(pageApi, json, userDataDirectory, page);
        route(router);
    }

    /**
     * A host whose page gets no bridge until {@link #route} names the handlers of its messages.
     *
     * @param pageApi the app's Java→JS messages (created at start-up); attached to this WebView here
     */
    public WebViewHost(PageApi pageApi, ObjectMapper json, Path userDataDirectory, BundledPage page) {
        this.pageUrl = withoutEmptyAuthority(page.url());
        this.view = new WebView();
        this.view.setContextMenuEnabled(false);
        this.engine = view.getEngine();
        this.engine.setUserDataDirectory(userDataDirectory.toFile());
        this.pageApi = pageApi;
        pageApi.attach(engine, () -> bundledShowing);
        this.bridge = new PageBridge(json, this::receive);
        guardNavigation();
        refuseDrops();
        engine.getLoadWorker().stateProperty().addListener((obs, old, state) -> onLoadState(state));
        engine.setOnError(event -> log.error("Page error: {}", event.getMessage(), event.getException()));
        engine.setOnAlert(event -> log.info("Page alert: {}", event.getData()));
    }

    public WebView view() {
        return view;
    }

    /** What shows where the page has not painted yet (WebKit's default is white). */
    public void setPageBackground(Color color) {
        view.setPageFill(color);
    }

    /** Java→JS messages; usable from any thread. */
    public PageApi pageApi() {
        return pageApi;
    }

    /**
     * The page's messages go to {@code handlers} (the app's, by type: {@link PageRouter}); the bundled
     * page, if it has loaded already, gets its bridge now. Once.
     */
    public void route(PageMessageHandler handlers) {
        if (router != null) {
            throw new IllegalStateException("the page's messages have their handlers already");
        }
        router = handlers;
        if (bundledShowing) {
            attachBridge();
        }
    }

    /** Loads the bundled page: at start, or to bring it back when it is gone. */
    public void load() {
        engine.load(pageUrl);
    }

    /**
     * Loads the bundled page afresh, now when no call is in progress, else once the last one has
     * ended (a reload would cut them off).
     */
    public void reload() {
        if (bundledShowing && callsInProgress.getAsBoolean()) {
            log.info("Reloading the softphone page once the calls in progress have ended");
            reloadDeferred = true;
        } else {
            load();
        }
    }

    /**
     * While {@code inProgress} answers true (called on the FX thread), the page is not unloaded. It
     * is asked when a load begins and after each of the page's messages (a call that ended lets a
     * held-back reload go ahead).
     */
    public void keepLoadedWhile(BooleanSupplier inProgress) {
        this.callsInProgress = inProgress;
    }

    /**
     * The host's own part of the page's messages: {@code log} lines go to the app log, and a
     * {@code ready} (once the app's handlers have taken it) releases what Java queued for the page.
     * Every other message goes to the router as it is.
     */
    private void receive(String type, ObjectNode message) {
        if ("log".equals(type)) {
            pageLog.write(message);
        } else {
            if ("ready".equals(type)) {
                recoveries = 0;
            }
            router.onMessage(type, message);
            if ("ready".equals(type)) {
                pageApi.pageReady();
            }
        }
        if (reloadDeferred && !callsInProgress.getAsBoolean()) {
            reloadDeferred = false;
            log.info("No call is in progress any more: reloading the softphone page");
            Platform.runLater(this::load); // not from inside the page's own upcall
        }
    }

    private void onLoadState(Worker.State state) {
        switch (state) {
            case SCHEDULED -> {
                readyBeforeLoad = pageApi.isReady();
                pageApi.pageUnloaded();
                if (bundledShowing && callsInProgress.getAsBoolean()) {
                    keepThePage();
                }
            }
            case SUCCEEDED -> {
                bundledShowing = isBundledPage(engine.getLocation());
                if (bundledShowing && router != null) {
                    attachBridge();
                } else if (bundledShowing) {
                    log.debug("The softphone page has loaded; its bridge waits for the app's handlers");
                } else {
                    // A document that is not ours got in: it gets no bridge; the page comes back.
                    log.warn("A page other than the softphone's was loaded ({})", engine.getLocation());
                    recover();
                }
            }
            case CANCELLED, FAILED -> afterAbandonedLoad(state);
            default -> {}
        }
    }

    /**
     * A load that stopped before replacing the document (a blocked navigation) leaves the page as it
     * was, its calls included: it is ready again and what Java queued meanwhile goes to it. A load
     * that failed with no page of ours left showing loads the bundled page again.
     */
    private void afterAbandonedLoad(Worker.State state) {
        if (state == Worker.State.FAILED) {
            log.error(
                    "A page load failed: {}",
                    engine.getLoadWorker().getException(),
                    engine.getLoadWorker().getException());
        }
        bundledShowing = bridgeStillAttached();
        if (bundledShowing) {
            if (readyBeforeLoad) {
                pageApi.pageReady();
            }
        } else {
            log.warn("The softphone page is gone after a {} load", state.name().toLowerCase());
            recover();
        }
    }

    /**
     * A load began while calls are in progress: it is cancelled before its document replaces the
     * page (as a blocked navigation is, see {@link #afterAbandonedLoad}); a reload of the bundled
     * page itself is made later, once no call is in progress.
     */
    private void keepThePage() {
        String target = engine.getLocation();
        log.warn("Kept the softphone page: a load of {} began while calls are in progress", target);
        if (isBundledPage(target)) {
            reloadDeferred = true;
        }
        // As in guardNavigation: a cancel from inside the state listener is ignored by WebKit.
        Platform.runLater(() -> engine.getLoadWorker().cancel());
    }

    private void recover() {
        if (recoveries >= MAX_RECOVERIES) {
            log.error("The softphone page did not come back after {} loads: restart Deskphone", MAX_RECOVERIES);
            return;
        }
        recoveries++;
        log.warn("Loading the softphone page again");
        Platform.runLater(this::load);
    }

    private boolean bridgeStillAttached() {
        try {
            // Before route() the bundled page has no bridge yet: being the document showing is enough.
            return isBundledPage(String.valueOf(engine.executeScript("location.href")))
                    && (router == null
                            || Boolean.TRUE.equals(engine.executeScript("window.deskphoneJava !== undefined")));
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void attachBridge() {
        JSObject window = (JSObject) engine.executeScript("window");
        window.setMember("deskphoneJava", bridge);
        Object attached = engine.executeScript("(window.Deskphone && typeof window.Deskphone.attach === 'function')"
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

    /**
     * A link or file dropped on the window would make WebKit open it in place of the page: every
     * drag gesture over the WebView is consumed before WebKit sees it, so no drop is ever accepted.
     */
    private void refuseDrops() {
        view.addEventFilter(DragEvent.ANY, event -> {
            if (event.getEventType() == DragEvent.DRAG_DROPPED) {
                log.warn("Refused something dropped on the window");
                event.setDropCompleted(false);
            }
            event.consume();
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

    /** WebKit reports file:///x where java.net.URI says file:/x: the same file. */
    private static String withoutEmptyAuthority(String url) {
        return url.replace("file:///", "file:/");
    }
}
