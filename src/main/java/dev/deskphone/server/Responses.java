package dev.deskphone.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes JSON responses, and turns every failure into the API's JSON error shape. */
final class Responses {
    private static final Logger log = LoggerFactory.getLogger(Responses.class);
    private final ObjectMapper mapper;

    Responses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(mapper.writeValueAsBytes(body));
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise a response", e);
        }
    }

    /** The status and message for {@code error}; unexpected ones are logged here, once, as 500s. */
    void error(Context ctx, Throwable error) {
        Throwable cause = unwrap(error);
        HttpProblem problem;
        if (cause instanceof HttpProblem p) {
            problem = p;
        } else if (cause instanceof CallNotFoundException) {
            problem = new HttpProblem(404, cause.getMessage());
        } else if (cause instanceof ForbiddenException) {
            problem = new HttpProblem(403, cause.getMessage());
        } else if (cause instanceof CallConflictException) {
            problem = new HttpProblem(409, cause.getMessage());
        } else if (cause instanceof IdempotencyKeyReusedException) {
            problem = HttpProblem.validation(JsonBodies.IDEMPOTENCY_KEY, cause.getMessage());
        } else if (cause instanceof GroupCommitWriter.ShuttingDownException) {
            ctx.header("Retry-After", "1");
            problem = new HttpProblem(503, "The server is shutting down; retry shortly.");
        } else if (cause instanceof HttpResponseException http) {
            problem = new HttpProblem(http.getStatus(), javalinMessage(http));
        } else {
            log.error("request {} {} failed", ctx.method(), ctx.path(), cause);
            problem = new HttpProblem(500, "Server Error.");
        }
        json(ctx, problem.status, problem.body());
    }

    private static String javalinMessage(HttpResponseException http) {
        return switch (http.getStatus()) {
            case 404 -> "Not Found.";
            case 405 -> "Method Not Allowed.";
            case 413 -> "The request body is larger than " + JsonBodies.MAX_BODY_BYTES + " bytes.";
            default -> http.getMessage();
        };
    }

    static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
