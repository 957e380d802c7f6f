package dev.deskphone.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The unauthenticated operational endpoints: {@code /health}, Prometheus {@code /metrics}, the
 * reporting page (which asks for a token and reads the API) and the OpenAPI document.
 */
final class OpsController {
    private static final String REPORT_PAGE = "report.html";
    private static final String OPENAPI = "openapi.yaml";

    private final CallService service;
    private final ServerMetrics metrics;
    private final Responses responses;
    private final String databaseName;
    private final byte[] reportPage = resource(REPORT_PAGE);
    private final byte[] openApi = resource(OPENAPI);

    OpsController(CallService service, ServerMetrics metrics, Responses responses, Vendor vendor) {
        this.service = service;
        this.metrics = metrics;
        this.responses = responses;
        this.databaseName = vendor.name().toLowerCase(Locale.ROOT);
    }

    void register(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.get("/metrics", ctx -> ctx.contentType(metrics.contentType()).result(metrics.scrape()));
        routes.get("/", ctx -> ctx.redirect("/report"));
        routes.get("/report", this::report);
        routes.get("/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openApi));
    }

    private void health(Context ctx) {
        boolean up = service.databaseReachable();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "ok" : "unavailable");
        body.put("database", databaseName);
        responses.json(ctx, up ? 200 : 503, body);
    }

    /** The page's script is inline and reads only this origin's API; nothing else may run or load. */
    private void report(Context ctx) {
        ctx.header("Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(reportPage);
    }

    private static byte[] resource(String name) {
        try (InputStream in = OpsController.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + OpsController.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
