package dev.deskphone.server;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per request (SLF4J key-value pairs), and the request metrics. Logs the
 * route, status, timing and the token's name; never header values, bodies or secrets.
 */
final class AccessLog {
    static final String TOKEN_NAME_ATTRIBUTE = "deskphone.token";
    private static final Logger log = LoggerFactory.getLogger("dev.deskphone.server.access");
    private final ServerMetrics metrics;

    AccessLog(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    void record(Context ctx, float millis) {
        String route = route(ctx);
        int status = ctx.statusCode();
        metrics.request(ctx.method().name(), route, status, millis / 1000.0);
        if (log.isInfoEnabled()) {
            String token = ctx.attribute(TOKEN_NAME_ATTRIBUTE);
            log.atInfo()
                    .addKeyValue("method", ctx.method().name())
                    .addKeyValue("path", ctx.path())
                    .addKeyValue("route", route)
                    .addKeyValue("status", status)
                    .addKeyValue("duration_ms", String.format(java.util.Locale.ROOT, "%.2f", millis))
                    .addKeyValue("client", ctx.ip())
                    .addKeyValue("token", token == null ? "-" : token)
                    .log("http request");
        }
    }

    /** The matched route template, so ids don't explode metric cardinality. */
    private static String route(Context ctx) {
        try {
            return ctx.endpoints().matchedHttpEndpoint().path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
