package dev.deskphone.server;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Checks bearer tokens against the stored hashes on every request, so a revocation made by the
 * CLI (possibly on another machine sharing the PostgreSQL database) takes effect at once.
 */
final class TokenAuthenticator {
    private final DataSource reads;
    private final TokenRepository tokens;

    TokenAuthenticator(DataSource reads, TokenRepository tokens) {
        this.reads = reads;
        this.tokens = tokens;
    }

    /** The caller, if {@code secret} is an active token. */
    Optional<Caller> authenticate(String secret) throws SQLException {
        if (secret == null || secret.isEmpty() || secret.length() > 256) {
            return Optional.empty();
        }
        try (Connection connection = reads.getConnection()) {
            return tokens.activeByHash(connection, TokenSecrets.hash(secret));
        }
    }
}
