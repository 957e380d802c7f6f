package dev.deskphone.bridge;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What WebKit is told before its first page load.
 *
 * <p>The WebView only ever shows the bundled page, a {@code file:} document whose
 * Content-Security-Policy allows only {@code 'self'}: WebKit never fetches anything over http(s)
 * (the SIP WebSockets and the backend are Java's). Yet the first load of any URL initialises
 * OpenJFX's HTTP/2 loader ({@code NetworkContext.fwkLoad} asks it first, and it declines every URL
 * that is not http(s), which then goes to the {@code URLConnection} loader), and that class's
 * initialiser makes an {@code SSLSocket}: JSSE's providers, named groups and signature schemes are
 * set up on the FX thread, inside {@code WebEngine.load}, ~0.3 s on two cores before the page has
 * even begun. Turned off, the page loads exactly as before, through the {@code URLConnection}
 * loader.
 */
public final class WebKitStart {
    /** OpenJFX's switch, read once by {@code com.sun.webkit.network.NetworkContext} (default true). */
    static final String HTTP2_LOADER_PROPERTY = "com.sun.webkit.useHTTP2Loader";

    private WebKitStart() {}

    /**
     * Sets it for this process, before the first WebView loads a page; a value the user set
     * ({@code -Dcom.sun.webkit.useHTTP2Loader}) is kept.
     *
     * @return what was set, to log; empty when nothing was
     */
    public static Optional<String> beforeFirstLoad() {
        Optional<String> value = http2LoaderSetting(System::getProperty);
        value.ifPresent(setting -> System.setProperty(HTTP2_LOADER_PROPERTY, setting));
        return value.map(setting -> HTTP2_LOADER_PROPERTY + "=" + setting
                + ": WebKit loads only the bundled file: page, without initialising TLS on the FX thread");
    }

    /** The value to set: "false", unless the user set one. */
    static Optional<String> http2LoaderSetting(UnaryOperator<String> properties) {
        return properties.apply(HTTP2_LOADER_PROPERTY) == null ? Optional.of("false") : Optional.empty();
    }
}
