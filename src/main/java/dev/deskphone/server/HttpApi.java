package dev.deskphone.server;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Javalin application: routes, authentication, error mapping, access log. No business logic;
 * every route hands over to a controller.
 */
final class HttpApi {
    private static final int MAX_THREADS = 32;
    private static final int MIN_THREADS = 4;

    private HttpApi() {}

    static Javalin create(CallsController calls, OpsController ops, BearerAuth auth, Responses responses,
            AccessLog accessLog) {
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
            config.requestLogger.http(accessLog::record);
            config.routes.before("/internal/*", auth::check);
            calls.register(config.routes);
            ops.register(config.routes);
            config.routes.exception(HttpResponseException.class, (e, ctx) -> responses.error(ctx, e));
            config.routes.exception(Exception.class, (e, ctx) -> responses.error(ctx, e));
        });
    }
}
