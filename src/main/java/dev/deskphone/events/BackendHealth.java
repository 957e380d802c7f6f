package dev.deskphone.events;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Whether the backend is up, as the forwarder's answers tell (the {@link BackendStatus} state), and
 * when to try again after a failure. Failures pause all sending for an exponential backoff with
 * jitter (or the backend's {@code Retry-After}); then one request at a time finds out whether it is
 * back, and an answer resumes full speed.
 *
 * <p>Timing reads a monotonic clock ({@link System#nanoTime} in production): a wall clock set back
 * must not stall delivery for hours, nor one set forward end every pause at once. Not thread-safe:
 * the forwarder's loop thread alone uses it.
 */
final class BackendHealth {
    private final DeliveryPolicy policy;
    private final RandomGenerator random;
    private final LongSupplier nanoTime;

    private String state = BackendStatus.OFFLINE;
    private boolean known;
    private int failures;
    private boolean pausing;
    private long resumeAt;

    /** A failure that started a pause: how long, and whether the state it shows is news. */
    record Pause(Duration delay, boolean stateChanged) {}

    /** @param nanoTime a monotonic clock in nanoseconds */
    BackendHealth(DeliveryPolicy policy, RandomGenerator random, LongSupplier nanoTime) {
        this.policy = policy;
        this.random = random;
        this.nanoTime = nanoTime;
    }

    /**
     * The backend answered (an event stored or refused): it is online, the backoff starts over.
     *
     * @return whether that is news: the first answer, or the first after a failure
     */
    boolean answered() {
        boolean news = !known || !BackendStatus.ONLINE.equals(state);
        state = BackendStatus.ONLINE;
        known = true;
        failures = 0;
        pausing = false;
        return news;
    }

    /**
     * A request failed: the backend is offline, or refuses the token. Requests in flight together
     * fail together, so a failure during a pause is the same outage and does not add a step of backoff.
     *
     * @return the pause this failure starts, empty when one is already running
     */
    Optional<Pause> failed(BackendAnswer answer) {
        String newState =
                answer instanceof BackendAnswer.TokenRefused ? BackendStatus.UNAUTHORIZED : BackendStatus.OFFLINE;
        boolean stateChanged = !known || !newState.equals(state);
        state = newState;
        known = true;
        if (paused()) {
            return Optional.empty();
        }
        failures++;
        Duration delay = policy.backoff(failures, random.nextDouble());
        if (answer instanceof BackendAnswer.RetryLater later
                && later.retryAfter().isPresent()) {
            Duration asked = later.retryAfter().get();
            delay = asked.compareTo(policy.retryAfterCap()) <= 0 ? asked : policy.retryAfterCap();
        }
        pausing = true;
        resumeAt = nanoTime.getAsLong() + delay.toNanos();
        return Optional.of(new Pause(delay, stateChanged));
    }

    /** Nothing may be sent until the pause after a failure is over. */
    boolean paused() {
        return pausing && nanoTime.getAsLong() - resumeAt < 0;
    }

    /** How long the current pause still runs: zero when there is none. */
    Duration untilResume() {
        return paused() ? Duration.ofNanos(resumeAt - nanoTime.getAsLong()) : Duration.ZERO;
    }

    /** Requests at once: all of the policy's when online; otherwise one finds out whether the backend is back. */
    int sendLimit() {
        return known && BackendStatus.ONLINE.equals(state) ? policy.maxInFlight() : 1;
    }

    /** Whether a request without an event is worth sending when none is waiting: the state is unknown or bad. */
    boolean wantsProbe() {
        return !known || !BackendStatus.ONLINE.equals(state);
    }

    /** Whether any request has been answered or failed yet; before that there is no state to show. */
    boolean known() {
        return known;
    }

    /** {@link BackendStatus#ONLINE}, {@link BackendStatus#OFFLINE} or {@link BackendStatus#UNAUTHORIZED}. */
    String state() {
        return state;
    }
}
