package dev.deskphone.server;

import io.javalin.Javalin;
import io.javalin.config.JettyConfig;
import io.javalin.http.HttpResponseException;
import java.util.Optional;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Javalin application: routes, authentication, error mapping, access log. No business logic;
 * every route hands over to a controller.
 */
final class HttpApi {
    private static final int MAX_THREADS = 32;
    private static final int MIN_THREADS = 4;

    private HttpApi() {}

    static Javalin create(
            CallsController calls,
            OpsController ops,
            BearerAuth auth,
            Responses responses,
            AccessLog accessLog,
            Optional<ServerTls> tls) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = JsonBodies.MAX_BODY_BYTES;
            config.http.defaultContentType = "application/json";
            // Requests wait for their commit off-thread (ctx.future), so a few threads keep two cores
            // busy; hundreds would only add context switches.
            QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
            threads.setName("deskphone-http");
            config.jetty.threadPool = threads;
            // Let in-flight requests (and their commits) finish when the server stops.
            config.jetty.modifyServer(server -> server.setStopTimeout(10_000));
            // With TLS this HTTPS connector replaces Javalin's plain one (Javalin adds its own only when none is
            // given).
            tls.ifPresent(identity ->
                    config.jetty.addConnector((server, http) -> httpsConnector(server, http, identity, config.jetty)));
            config.requestLogger.http(accessLog::record);
            config.routes.before("/internal/*", auth::check);
            calls.register(config.routes);
            ops.register(config.routes);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> responses.error(ctx, e));
            config.routes.exception(Exception.class, (e, ctx) -> responses.error(ctx, e));
        });
    }

    /**
     * Listens where {@code Javalin.start(host, port)} put into {@code jetty} (read when Jetty is
     * built, at start), speaking HTTP/1.1 inside TLS.
     */
    private static ServerConnector httpsConnector(
            Server server, HttpConfiguration http, ServerTls tls, JettyConfig jetty) {
        HttpConfiguration https = new HttpConfiguration(http);
        // No SNI host check: with one certificate it protects nothing, and it would answer 400 to
        // clients that connect by IP address (load balancers' health checks); checking the name is
        // the client's part (RFC 6125), and the app does it.
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(
                server,
                new SslConnectionFactory(tls.sslContextFactory(), HttpVersion.HTTP_1_1.asString()),
                new HttpConnectionFactory(https));
        connector.setHost(jetty.host);
        connector.setPort(jetty.port);
        return connector;
    }
}
