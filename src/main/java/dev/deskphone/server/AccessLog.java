package dev.deskphone.server;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One structured line per request (logfmt key=value pairs), and the request metrics. Logs the
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
            // logfmt in the message itself, so any log pattern keeps the fields.
            String token = ctx.attribute(TOKEN_NAME_ATTRIBUTE);
            log.info(
                    "method={} path={} route={} status={} duration_ms={} client={} token={}",
                    ctx.method().name(),
                    quoted(ctx.path()),
                    route,
                    status,
                    String.format(java.util.Locale.ROOT, "%.2f", millis),
                    ctx.ip(),
                    token == null ? "-" : token);
        }
    }

    /** Paths come from the client: quoted and escaped when needed so one request stays one line. */
    private static String quoted(String value) {
        if (value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != '\\')) {
            return value;
        }
        StringBuilder out = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
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
