package dev.deskphone.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.deskphone.bridge.BundledPage;
import dev.deskphone.bridge.PageApi;
import dev.deskphone.bridge.WebKitStart;
import dev.deskphone.bridge.WebViewHost;
import dev.deskphone.desktop.MainWindow;
import dev.deskphone.platform.StartupSteps;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebKit's start at launch: as soon as the window is up, WebKit starts and loads the page (~0.9 s of
 * the FX thread) alongside the app's wiring, which does not need the FX thread; the page's bridge
 * waits for the wiring's handlers ({@link WebViewHost#route}). The page is copied out of the jar
 * while the WebView is made, and loads once the copy is in place.
 */
final class PageStart {
    private static final Logger log = LoggerFactory.getLogger(PageStart.class);

    private PageStart() {}

    /**
     * @param dataDirectory the app's data directory: the page's copy and WebKit's own data go there
     * @param copier where the page is copied out of the jar (not the FX thread)
     * @return the WebView, in the window, its page loading
     */
    static CompletableFuture<WebViewHost> afterWindow(
            CompletableFuture<MainWindow> window,
            PageApi page,
            ObjectMapper json,
            Path dataDirectory,
            Executor copier) {
        WebKitStart.beforeFirstLoad().ifPresent(setting -> log.debug("WebKit: {}", setting));
        Path pageDirectory = dataDirectory.resolve("page");
        CompletableFuture<BundledPage> installed =
                CompletableFuture.supplyAsync(() -> BundledPage.install(pageDirectory), copier);
        return window.thenApplyAsync(
                        opened -> createView(opened, page, json, dataDirectory, BundledPage.at(pageDirectory)),
                        Platform::runLater)
                .thenCombineAsync(installed, (host, copy) -> load(host), Platform::runLater);
    }

    /** Creates the WebView (WebKit starts) and puts it in the window. FX thread. */
    private static WebViewHost createView(
            MainWindow window, PageApi page, ObjectMapper json, Path dataDirectory, BundledPage bundledPage) {
        WebViewHost host = new WebViewHost(page, json, dataDirectory.resolve("webview"), bundledPage);
        window.showPage(host);
        StartupSteps.mark("WebView created");
        return host;
    }

    /** Starts loading the page once it is installed. FX thread. */
    private static WebViewHost load(WebViewHost host) {
        StartupSteps.mark("bundled page installed");
        host.load();
        StartupSteps.mark("page load started");
        return host;
    }
}
