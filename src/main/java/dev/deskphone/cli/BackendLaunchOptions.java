package dev.deskphone.cli;

import dev.deskphone.app.EventsOptions;
import dev.deskphone.events.BackendEndpoint;
import dev.deskphone.events.BackendTrust;
import dev.deskphone.profile.CaCertificates;
import dev.deskphone.profile.ValidationException;
import dev.deskphone.settings.LaunchSetting;
import dev.deskphone.settings.LaunchSettings;
import dev.deskphone.settings.SettingRules;
import dev.deskphone.sip.TlsTrust;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where the app sends call events, from the effective launch settings (flags and settings files merged). */
final class BackendLaunchOptions {
    private BackendLaunchOptions() {}

    /** The events options; a backend without its token (or the reverse) is refused naming the flag. */
    static EventsOptions toOptions(LaunchSettings settings) {
        settings.checkBackendPair();
        Optional<BackendEndpoint> endpoint = settings.value(LaunchSetting.BACKEND)
                .map(text -> {
                    URI url = SettingRules.backendUrl(text);
                    String token = SettingRules.readToken(Path.of(
                            settings.value(LaunchSetting.BACKEND_TOKEN_FILE).orElseThrow()));
                    Optional<BackendTrust> trust = "https".equalsIgnoreCase(url.getScheme())
                            ? Optional.of(backendTrust(
                                    settings.value(LaunchSetting.BACKEND_CA_FILE)
                                            .map(Path::of)
                                            .orElse(null),
                                    Instant.now()))
                            : Optional.empty();
                    return new BackendEndpoint(url, token, trust);
                });
        int capacity = settings.value(LaunchSetting.OUTBOX_CAPACITY)
                .map(Integer::parseInt)
                .orElse(EventsOptions.DEFAULT_OUTBOX_CAPACITY);
        return new EventsOptions(
                endpoint, capacity, settings.value(LaunchSetting.WRAPUP_SECONDS).map(Integer::valueOf));
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
            throw new UsageException((caFile == null
                            ? "--backend: cannot set up TLS with the system's CAs: "
                            : "--backend-ca-file: cannot trust the certificates in " + caFile + ": ")
                    + e.getMessage());
        }
    }
}
