package dev.deskphone.events;

import dev.deskphone.platform.Threads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.time.InstantSource;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The backend's HTTP API as the forwarder uses it: send one stored event, or probe whether the
 * backend is back, and say what the answer means ({@link BackendAnswer}). One OkHttp client with
 * explicit timeouts and as many connections as requests in flight; every response is closed.
 */
final class BackendClient implements AutoCloseable {
    private static final MediaType JSON = MediaType.get("application/json");
    private static final String CREATE_PATH = "/internal/calls";

    private final BackendEndpoint endpoint;
    private final InstantSource wallClock;
    private final OkHttpClient http;

    /**
     * @param wallClock only for a {@code Retry-After} given as an HTTP-date
     */
    BackendClient(BackendEndpoint endpoint, DeliveryPolicy policy, InstantSource wallClock) {
        this.endpoint = endpoint;
        this.wallClock = wallClock;
        this.http = httpClient(policy, endpoint);
    }

    private static OkHttpClient httpClient(DeliveryPolicy policy, BackendEndpoint endpoint) {
        ExecutorService callbacks = new ThreadPoolExecutor(
                0,
                Integer.MAX_VALUE,
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                Threads.numbered("deskphone-events-http"));
        Dispatcher dispatcher = new Dispatcher(callbacks);
        dispatcher.setMaxRequests(policy.maxInFlight() + 1);
        dispatcher.setMaxRequestsPerHost(policy.maxInFlight() + 1);
        OkHttpClient.Builder builder = new OkHttpClient.Builder();
        endpoint.trust().ifPresent(trust -> builder.sslSocketFactory(trust.socketFactory(), trust.trustManager()));
        return builder.dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(policy.maxInFlight() + 1, 5, TimeUnit.MINUTES))
                .connectTimeout(policy.connectTimeout())
                .readTimeout(policy.requestTimeout())
                .writeTimeout(policy.requestTimeout())
                .callTimeout(policy.requestTimeout())
                .followRedirects(false)
                .build();
    }

    /** Sends {@code entry} with its idempotency key; {@code done} gets the answer on an HTTP thread. */
    void send(OutboxEntry entry, Consumer<BackendAnswer> done) {
        Request request = new Request.Builder()
                .url(endpoint.baseUrl() + entry.path())
                .header("Authorization", "Bearer " + endpoint.token())
                .header("Idempotency-Key", entry.idempotencyKey())
                .post(RequestBody.create(entry.body(), JSON))
                .build();
        http.newCall(request).enqueue(new AnswerCallback(CREATE_PATH.equals(entry.path()), done));
    }

    /** A read that tells whether the backend is back (and takes the token), without an event to send. */
    void probe(Consumer<BackendAnswer> done) {
        Request request = new Request.Builder()
                .url(endpoint.baseUrl() + "/internal/calls?limit=1")
                .header("Authorization", "Bearer " + endpoint.token())
                .get()
                .build();
        http.newCall(request).enqueue(new AnswerCallback(false, done));
    }

    private final class AnswerCallback implements Callback {
        private final boolean create;
        private final Consumer<BackendAnswer> done;

        AnswerCallback(boolean create, Consumer<BackendAnswer> done) {
            this.create = create;
            this.done = done;
        }

        @Override
        public void onFailure(Call call, IOException e) {
            done.accept(failure(e));
        }

        @Override
        public void onResponse(Call call, Response response) {
            BackendAnswer answer;
            try (response) {
                answer = classify(
                        response.code(), create, response.header("Retry-After"), describeBody(response), wallClock);
            } catch (RuntimeException e) {
                answer = new BackendAnswer.NetworkFailure(e.toString());
            }
            done.accept(answer);
        }
    }

    /**
     * What a response means (RFC 9110 §15): 2xx stored (200 to a create is a replay, 201 new); 408,
     * 429 and 5xx the backend is unwell; 401 the token is refused; any other status refuses the event.
     *
     * @param create whether the request created a call ({@code POST /internal/calls})
     * @param body the start of the response body, prefixed with ": ", or empty
     */
    static BackendAnswer classify(int code, boolean create, String retryAfter, String body, InstantSource wallClock) {
        if (code >= 200 && code < 300) {
            return create && code == 200 ? new BackendAnswer.Duplicate() : new BackendAnswer.Delivered();
        }
        String error = "HTTP " + code + body;
        if (code == 408 || code == 429 || code >= 500) {
            return new BackendAnswer.RetryLater(error, RetryAfter.parse(retryAfter, wallClock.instant()));
        }
        if (code == 401) {
            return new BackendAnswer.TokenRefused(error);
        }
        return new BackendAnswer.Refused(error);
    }

    /** What went wrong without an answer; TLS trust problems say what to do. */
    static BackendAnswer failure(IOException e) {
        if (e instanceof InterruptedIOException) {
            return new BackendAnswer.NetworkFailure("timed out");
        }
        String what = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e instanceof SSLPeerUnverifiedException) {
            return new BackendAnswer.TrustFailure(
                    "TLS: the backend's certificate is not issued for this host name (" + what + ")");
        }
        if (e instanceof SSLHandshakeException
                && hasCause(e, CertPathValidatorException.class, CertPathBuilderException.class)) {
            return new BackendAnswer.TrustFailure(
                    "TLS: the backend's certificate is not trusted: its CA is neither in the"
                            + " system's CAs nor in --backend-ca-file (" + what + ")");
        }
        return new BackendAnswer.NetworkFailure(what);
    }

    @SafeVarargs
    private static boolean hasCause(Throwable e, Class<? extends Throwable>... types) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(cause)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describeBody(Response response) {
        try {
            String body = response.peekBody(300).string().strip();
            return body.isEmpty() ? "" : ": " + body.replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "";
        }
    }

    /** Cancels requests in flight (their callbacks see a failure) and lets the HTTP threads end. */
    @Override
    public void close() {
        http.dispatcher().cancelAll();
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
