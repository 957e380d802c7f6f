package dev.deskphone.events;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where events go: the backend's base URL ({@code http://host:port}, no trailing slash), its bearer
 * token, and for https:// the trust beyond the JDK's default CAs (empty: the default CAs only).
 */
public record BackendEndpoint(URI baseUrl, String token, Optional<BackendTrust> trust) {
    public BackendEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(trust, "trust");
        String text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
    }

    /** Trusting the JDK's default CAs only. */
    public BackendEndpoint(URI baseUrl, String token) {
        this(baseUrl, token, Optional.empty());
    }

    @Override
    public String toString() {
        return "BackendEndpoint[" + baseUrl + "]"; // never the token
    }
}
