package dev.deskphone.server;

import dev.deskphone.platform.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The embedded app's own token: kept in the data directory (mode 0600) so the app can authenticate
 * to the backend it started, reused while it is valid and replaced when it is not (revoked, or a
 * new database).
 */
final class LocalTokenFile {
    static final String FILE_NAME = "backend-token";
    static final String TOKEN_NAME = "deskphone-app";

    private final Path file;
    private final TokenAuthenticator authenticator;
    private final GroupCommitWriter writer;
    private final TokenRepository tokens;
    private final TokenSecrets secrets;
    private final Clock clock;

    LocalTokenFile(
            Path dataDir,
            TokenAuthenticator authenticator,
            GroupCommitWriter writer,
            TokenRepository tokens,
            TokenSecrets secrets,
            Clock clock) {
        this.file = dataDir.resolve(FILE_NAME);
        this.authenticator = authenticator;
        this.writer = writer;
        this.tokens = tokens;
        this.secrets = secrets;
        this.clock = clock;
    }

    synchronized String obtain() throws IOException, SQLException {
        if (Files.isRegularFile(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (authenticator.authenticate(existing).isPresent()) {
                return existing;
            }
        }
        String secret = secrets.generate();
        writer.submit(connection -> {
                    long now = clock.millis();
                    tokens.revoke(connection, TOKEN_NAME, now);
                    tokens.insert(connection, TOKEN_NAME, TokenSecrets.hash(secret), TokenScope.admin(), now);
                    return null;
                })
                .join();
        write(secret);
        return secret;
    }

    /** Written atomically, created 0600 before the secret goes in. */
    private void write(String secret) throws IOException {
        Files.createDirectories(file.getParent());
        AtomicFiles.write(
                file, AtomicFiles.OWNER_ONLY, out -> out.write((secret + "\n").getBytes(StandardCharsets.UTF_8)));
    }
}
