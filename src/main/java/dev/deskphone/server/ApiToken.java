package dev.deskphone.server;

import java.time.Instant;

/** A bearer token as listed by {@code deskphone server token list}: never its secret. */
public record ApiToken(String name, Instant createdAt, Instant revokedAt, TokenScope scope) {
    public boolean active() {
        return revokedAt == null;
    }
}
