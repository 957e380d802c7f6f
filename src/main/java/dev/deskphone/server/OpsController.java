package dev.deskphone.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The operational endpoints: {@code /health}, Prometheus {@code /metrics}, the reporting page
 * (which asks for a token and reads the API) and the OpenAPI document. None needs an API token;
 * {@code /metrics} needs the metrics secret when one is configured.
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
    /** SHA-256 of the metrics secret, or null when {@code /metrics} is open. */
    private final byte[] metricsTokenHash;

    OpsController(CallService service, ServerMetrics metrics, Responses responses, Vendor vendor, String metricsToken) {
        this.service = service;
        this.metrics = metrics;
        this.responses = responses;
        this.databaseName = vendor.name().toLowerCase(Locale.ROOT);
        this.metricsTokenHash = metricsToken == null ? null : sha256(metricsToken);
    }

    void register(RoutesConfig routes) {
        routes.get("/health", this::health);
        routes.get("/metrics", this::metrics);
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

    /**
     * Prometheus sends the secret as {@code Authorization: Bearer} ({@code authorization} or
     * {@code bearer_token_file} in its scrape config). Hashes of equal length are compared in
     * constant time, so the answer's timing tells nothing about the secret.
     */
    private void metrics(Context ctx) throws IOException {
        if (metricsTokenHash != null) {
            String secret = BearerAuth.bearerSecret(ctx);
            if (secret == null || !MessageDigest.isEqual(metricsTokenHash, sha256(secret))) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new HttpProblem(401, "Unauthenticated: /metrics needs the metrics token.");
            }
        }
        ctx.contentType(metrics.contentType()).result(metrics.scrape());
    }

    private static byte[] sha256(String text) {
        return HexFormat.of().parseHex(TokenSecrets.hash(text));
    }

    /** The page's script is inline and reads only this origin's API; nothing else may run or load. */
    private void report(Context ctx) {
        ctx.header(
                "Content-Security-Policy",
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("text/html; charset=utf-8").result(reportPage);
    }

    private static byte[] resource(String name) {
        try (InputStream in = OpsController.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(
                        "missing resource " + name + " next to " + OpsController.class.getName());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
