package dev.deskphone.events;

import java.time.Duration;
import java.util.Objects;

/**
 * How the forwarder talks to the backend.
 *
 * @param maxInFlight requests at once (each for a different call: a call's events go one at a time)
 * @param backoffBase first retry delay after a failure; doubles per consecutive failure
 * @param backoffCap longest retry delay (also the idle probe interval while offline)
 * @param retryAfterCap longest {@code Retry-After} honoured, against a server asking for hours
 * @param connectTimeout TCP connect
 * @param requestTimeout the whole request, connect to last byte of the response
 */
public record DeliveryPolicy(
        int maxInFlight,
        Duration backoffBase,
        Duration backoffCap,
        Duration retryAfterCap,
        Duration connectTimeout,
        Duration requestTimeout) {

    public static final DeliveryPolicy DEFAULT = new DeliveryPolicy(
            16,
            Duration.ofMillis(500),
            Duration.ofSeconds(30),
            Duration.ofMinutes(10),
            Duration.ofSeconds(3),
            Duration.ofSeconds(10));

    public DeliveryPolicy {
        Objects.requireNonNull(backoffBase);
        Objects.requireNonNull(backoffCap);
        Objects.requireNonNull(retryAfterCap);
        Objects.requireNonNull(connectTimeout);
        Objects.requireNonNull(requestTimeout);
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1");
        }
    }

    public DeliveryPolicy withTimeouts(Duration connect, Duration request) {
        return new DeliveryPolicy(maxInFlight, backoffBase, backoffCap, retryAfterCap, connect, request);
    }

    public DeliveryPolicy withBackoff(Duration base, Duration cap) {
        return new DeliveryPolicy(maxInFlight, base, cap, retryAfterCap, connectTimeout, requestTimeout);
    }

    /**
     * The delay before attempt {@code failures + 1}: exponential, capped, with "equal jitter" (half
     * fixed, half random) so that many clients coming back after one outage do not retry in step.
     *
     * @param random a number in [0, 1)
     */
    Duration backoff(int failures, double random) {
        long base = backoffBase.toMillis();
        long cap = backoffCap.toMillis();
        long exponential = failures >= 30 ? cap : Math.min(cap, base << Math.max(0, failures - 1));
        long half = exponential / 2;
        return Duration.ofMillis(half + (long) (random * (exponential - half + 1)));
    }
}
