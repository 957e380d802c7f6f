package dev.deskphone.server;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * {@code Authorization: Bearer <token>} on every API request; anything else is a 401. The
 * {@link Caller} is kept on the request for the controllers' 403 checks.
 */
final class BearerAuth {
    private static final String SCHEME = "bearer ";
    private static final String CALLER_ATTRIBUTE = "deskphone.caller";
    private final TokenAuthenticator authenticator;

    BearerAuth(TokenAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    void check(Context ctx) throws Exception {
        Optional<Caller> caller = authenticator.authenticate(bearerSecret(ctx));
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new HttpProblem(401, "Unauthenticated.");
        }
        ctx.attribute(AccessLog.TOKEN_NAME_ATTRIBUTE, caller.get().tokenName());
        ctx.attribute(CALLER_ATTRIBUTE, caller.get());
    }

    /** The caller {@link #check} let through. */
    static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER_ATTRIBUTE);
        if (caller == null) {
            throw new IllegalStateException("no authenticated caller on " + ctx.path());
        }
        return caller;
    }

    /** The secret of an {@code Authorization: Bearer} header (RFC 6750 §2.1), or null. */
    static String bearerSecret(Context ctx) {
        String header = ctx.header("Authorization");
        return header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                ? header.substring(SCHEME.length()).trim()
                : null;
    }
}
