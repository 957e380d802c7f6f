package dev.deskphone.server;

import io.javalin.http.Context;
import java.util.Optional;

/** {@code Authorization: Bearer <token>} on every API request; anything else is a 401. */
final class BearerAuth {
    private static final String SCHEME = "bearer ";
    private final TokenAuthenticator authenticator;

    BearerAuth(TokenAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    void check(Context ctx) throws Exception {
        String header = ctx.header("Authorization");
        String secret = header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? header.substring(SCHEME.length()).trim() : null;
        Optional<String> name = authenticator.authenticate(secret);
        if (name.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new HttpProblem(401, "Unauthenticated.");
        }
        ctx.attribute(AccessLog.TOKEN_NAME_ATTRIBUTE, name.get());
    }
}
