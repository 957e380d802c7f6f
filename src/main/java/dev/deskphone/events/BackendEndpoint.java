package dev.deskphone.events;

import java.net.URI;
import java.util.Objects;

/** Where events go: the backend's base URL ({@code http://host:port}, no trailing slash) and its bearer token. */
public record BackendEndpoint(URI baseUrl, String token) {
    public BackendEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(token, "token");
        String text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
    }

    @Override
    public String toString() {
        return "BackendEndpoint[" + baseUrl + "]"; // never the token
    }
}
