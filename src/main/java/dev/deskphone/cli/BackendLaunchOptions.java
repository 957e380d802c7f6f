package dev.deskphone.cli;

import dev.deskphone.app.EventsOptions;
import dev.deskphone.events.BackendEndpoint;
import dev.deskphone.profile.ProfileService;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the app sends call events: {@code --backend}, {@code --backend-token-file}, {@code --outbox-capacity}. */
final class BackendLaunchOptions {
    static final int MIN_CAPACITY = 100;
    static final int MAX_CAPACITY = 10_000_000;
    static final int MAX_WRAPUP_SECONDS = 3600;

    @Option(names = "--backend", paramLabel = "URL",
            description = "Backend that receives call events (http:// or https://, e.g. https://crm.example.com)."
                    + " Default: the backend embedded in the app, on loopback.")
    private String backend;

    @Option(names = "--backend-token-file", paramLabel = "FILE",
            description = "File holding the backend's bearer token (see 'deskphone server token create'); needed with --backend.")
    private Path tokenFile;

    @Option(names = "--outbox-capacity", paramLabel = "N",
            description = "Most call events kept while the backend is unreachable (default: "
                    + EventsOptions.DEFAULT_OUTBOX_CAPACITY + ").")
    private Integer outboxCapacity;

    @Option(names = "--wrapup-seconds", paramLabel = "N",
            description = "Wrap-up time after each call, then the wrap-up is sent as it is (0 to " + MAX_WRAPUP_SECONDS
                    + "; 0: no timer). Overrides the profiles' setting.")
    private Integer wrapUpSeconds;

    /** The checked options; a bad one is a {@link UsageException} naming it. */
    EventsOptions toOptions() {
        int capacity = outboxCapacity == null ? EventsOptions.DEFAULT_OUTBOX_CAPACITY : outboxCapacity;
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY) {
            throw new UsageException("--outbox-capacity must be between " + MIN_CAPACITY + " and " + MAX_CAPACITY
                    + ", got " + capacity);
        }
        if (wrapUpSeconds != null && (wrapUpSeconds < 0 || wrapUpSeconds > MAX_WRAPUP_SECONDS)) {
            throw new UsageException("--wrapup-seconds must be between 0 and " + MAX_WRAPUP_SECONDS + ", got " + wrapUpSeconds);
        }
        return new EventsOptions(endpoint(), capacity, Optional.ofNullable(wrapUpSeconds));
    }

    private Optional<BackendEndpoint> endpoint() {
        if (backend == null) {
            if (tokenFile != null) {
                throw new UsageException("--backend-token-file needs --backend (the embedded backend makes its own token)");
            }
            return Optional.empty();
        }
        URI url = backendUrl(backend);
        if (tokenFile == null) {
            throw new UsageException("--backend needs --backend-token-file FILE: the backend accepts events only with a token");
        }
        return Optional.of(new BackendEndpoint(url, readToken(tokenFile)));
    }

    static URI backendUrl(String text) {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new UsageException("--backend: not a URL: " + e.getMessage());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new UsageException("--backend must be an http:// or https:// URL, got '" + text + "'");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new UsageException("--backend: no host in '" + text + "'");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new UsageException("--backend: give the base URL only (no user, query or fragment), got '" + text + "'");
        }
        return url;
    }

    static String readToken(Path file) {
        String token;
        try {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UsageException("--backend-token-file: cannot read " + file + " (" + reason(e) + ")");
        }
        if (token.isEmpty()) {
            throw new UsageException("--backend-token-file: " + file + " is empty");
        }
        if (token.lines().count() > 1 || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new UsageException("--backend-token-file: " + file + " must hold one token: one line of visible ASCII");
        }
        return token;
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            // The administrator shares one token with the agents the way the system secrets are shared.
            return "permission denied: a token the administrator shares is root:" + ProfileService.SYSTEM_SECRETS_GROUP
                    + ", mode 0640, and this user must be in group " + ProfileService.SYSTEM_SECRETS_GROUP;
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
