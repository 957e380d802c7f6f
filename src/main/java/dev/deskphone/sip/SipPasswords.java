package dev.deskphone.sip;

import java.util.List;
import java.util.Optional;

/**
 * The accounts' credentials as last sent to the page, and which of them answers a socket's
 * registrar: the one whose user or extension the socket registered, on the socket's server (or the
 * only such account, when none names that server).
 */
final class SipPasswords {
    private volatile List<SipCredential> credentials = List.of();

    void replace(List<SipCredential> accounts) {
        credentials = List.copyOf(accounts);
    }

    /** The password for what {@code trail} registered over the socket to {@code url}, if known. */
    Optional<String> passwordFor(String url, SipTrail trail) {
        List<SipCredential> known = credentials;
        Optional<String> username = trail.username();
        Optional<String> extension = trail.extension();
        List<SipCredential> matching = known.stream()
                .filter(c -> username.filter(c.authUsername()::equals).isPresent()
                        || extension.filter(c.extension()::equals).isPresent())
                .toList();
        return matching.stream()
                .filter(c -> sameServer(c.server(), url))
                .findFirst()
                .or(() -> matching.size() == 1 ? Optional.of(matching.get(0)) : Optional.empty())
                .map(SipCredential::password);
    }

    private static boolean sameServer(String a, String b) {
        return stripSlash(a).equalsIgnoreCase(stripSlash(b));
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
