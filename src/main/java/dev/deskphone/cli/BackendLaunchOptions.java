package dev.deskphone.cli;

import dev.deskphone.app.EventsOptions;
import dev.deskphone.app.TlsTrust;
import dev.deskphone.events.BackendEndpoint;
import dev.deskphone.events.BackendTrust;
import dev.deskphone.profile.CaCertificates;
import dev.deskphone.profile.ValidationException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the app sends call events: {@code --backend}, {@code --backend-token-file},
 * {@code --backend-ca-file}, {@code --outbox-capacity}.
 */
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

    @Option(names = "--backend-ca-file", paramLabel = "FILE",
            description = "PEM file of one or more CA certificates to trust for an https:// --backend, besides the"
                    + " system's CAs (for a backend whose certificate a private CA issued).")
    private Path caFile;

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
            if (caFile != null) {
                throw new UsageException("--backend-ca-file needs --backend (the embedded backend is plain HTTP on loopback)");
            }
            return Optional.empty();
        }
        URI url = backendUrl(backend);
        if (tokenFile == null) {
            throw new UsageException("--backend needs --backend-token-file FILE: the backend accepts events only with a token");
        }
        if (caFile != null && !"https".equalsIgnoreCase(url.getScheme())) {
            throw new UsageException("--backend-ca-file is for an https:// --backend, got '" + backend + "'");
        }
        String token = readToken(tokenFile);
        Optional<BackendTrust> trust = "https".equalsIgnoreCase(url.getScheme())
                ? Optional.of(backendTrust(caFile, Instant.now())) : Optional.empty();
        return Optional.of(new BackendEndpoint(url, token, trust));
    }

    /**
     * The trust for an https:// backend: the system's CAs plus, unless {@code caFile} is null, the CA
     * certificates in it, checked now (readable, PEM certificates, none expired); a bad file is a
     * {@link UsageException} naming {@code --backend-ca-file}.
     */
    static BackendTrust backendTrust(Path caFile, Instant now) {
        List<X509Certificate> cas;
        try {
            cas = caFile == null ? List.of() : CaCertificates.read(caFile, now).certificates();
        } catch (ValidationException e) {
            throw new UsageException("--backend-ca-file: " + e.getMessage());
        }
        try {
            return TlsTrust.forBackend(cas);
        } catch (GeneralSecurityException e) {
            throw new UsageException((caFile == null ? "--backend: cannot set up TLS with the system's CAs: "
                    : "--backend-ca-file: cannot trust the certificates in " + caFile + ": ") + e.getMessage());
        }
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
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
