package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The backend's state and the retry timing, on a monotonic clock the test moves by hand. */
class BackendHealthTest {
    private static final DeliveryPolicy POLICY =
            DeliveryPolicy.DEFAULT.withBackoff(Duration.ofMillis(500), Duration.ofSeconds(30));
    private static final BackendAnswer DOWN = new BackendAnswer.NetworkFailure("ConnectException: Connection refused");
    private static final BackendAnswer BUSY = new BackendAnswer.RetryLater("HTTP 503", Optional.empty());

    /** Starts near the end of the long range: nanoTime may be any number, and deadlines must survive it wrapping. */
    private long nanos = Long.MAX_VALUE - Duration.ofSeconds(5).toNanos();

    private final BackendHealth health = new BackendHealth(POLICY, new Random(7), () -> nanos);

    private void advance(Duration by) {
        nanos += by.toNanos();
    }

    @Test
    void unknownUntilTheFirstAnswerThenOneRequestAtATimeProbes() {
        assertThat(health.known()).isFalse();
        assertThat(health.wantsProbe()).isTrue();
        assertThat(health.sendLimit()).isEqualTo(1);
        assertThat(health.paused()).isFalse();

        assertThat(health.answered()).as("first contact is news").isTrue();
        assertThat(health.state()).isEqualTo(BackendStatus.ONLINE);
        assertThat(health.sendLimit()).isEqualTo(POLICY.maxInFlight());
        assertThat(health.wantsProbe()).isFalse();
        assertThat(health.answered()).as("still online is not news").isFalse();
    }

    @Test
    void aFailurePausesForTheBackoffOnTheMonotonicClockThenOneRequestFindsOut() {
        health.answered();
        BackendHealth.Pause pause = health.failed(DOWN).orElseThrow();

        assertThat(pause.stateChanged()).isTrue();
        assertThat(pause.delay()).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(health.state()).isEqualTo(BackendStatus.OFFLINE);
        assertThat(health.paused()).isTrue();
        assertThat(health.untilResume()).isEqualTo(pause.delay());

        advance(pause.delay().minusNanos(1));
        assertThat(health.paused()).isTrue();
        advance(Duration.ofNanos(1));
        assertThat(health.paused()).isFalse();
        assertThat(health.untilResume()).isZero();
        assertThat(health.sendLimit()).isEqualTo(1);
        assertThat(health.wantsProbe()).isTrue();

        assertThat(health.answered()).as("back again").isTrue();
        assertThat(health.sendLimit()).isEqualTo(POLICY.maxInFlight());
    }

    @Test
    void failuresDuringAPauseAreTheSameOutageAndConsecutiveOnesBackOffExponentiallyToTheCap() {
        Duration first = health.failed(DOWN).orElseThrow().delay();
        assertThat(health.failed(BUSY))
                .as("requests in flight together fail together")
                .isEmpty();
        assertThat(health.untilResume()).isEqualTo(first);

        Duration last = first;
        for (int i = 2; i <= 12; i++) {
            advance(last);
            BackendHealth.Pause pause = health.failed(BUSY).orElseThrow();
            assertThat(pause.stateChanged()).isFalse();
            long exponential = Math.min(30_000, 500L << (i - 1));
            assertThat(pause.delay().toMillis()).isBetween(exponential / 2, exponential);
            last = pause.delay();
        }
        assertThat(last).isLessThanOrEqualTo(POLICY.backoffCap());

        advance(last);
        health.answered();
        assertThat(health.failed(DOWN).orElseThrow().delay())
                .as("an answer starts the backoff over")
                .isLessThanOrEqualTo(Duration.ofMillis(500));
    }

    @Test
    void retryAfterReplacesTheBackoffUpToItsCap() {
        assertThat(health.failed(new BackendAnswer.RetryLater("HTTP 429", Optional.of(Duration.ofSeconds(7))))
                        .orElseThrow()
                        .delay())
                .isEqualTo(Duration.ofSeconds(7));
        advance(Duration.ofSeconds(7));
        assertThat(health.failed(new BackendAnswer.RetryLater("HTTP 503", Optional.of(Duration.ofHours(5))))
                        .orElseThrow()
                        .delay())
                .isEqualTo(POLICY.retryAfterCap());
    }

    @Test
    void aRefusedTokenIsUnauthorizedAndBacksOffLikeAnOutage() {
        health.answered();
        BackendHealth.Pause pause =
                health.failed(new BackendAnswer.TokenRefused("HTTP 401")).orElseThrow();

        assertThat(pause.stateChanged()).isTrue();
        assertThat(health.state()).isEqualTo(BackendStatus.UNAUTHORIZED);
        assertThat(health.paused()).isTrue();
        assertThat(health.wantsProbe()).isTrue();
        advance(pause.delay());
        assertThat(health.failed(new BackendAnswer.TokenRefused("HTTP 401"))
                        .orElseThrow()
                        .stateChanged())
                .isFalse();
        advance(POLICY.backoffCap());
        assertThat(health.failed(DOWN).orElseThrow().stateChanged())
                .as("unauthorized to offline")
                .isTrue();
        assertThat(health.state()).isEqualTo(BackendStatus.OFFLINE);
    }

    /**
     * Only the monotonic clock times a pause; the wall clock is not even an input. Setting it back a
     * day (NTP, a suspended laptop, an administrator) therefore cannot stall delivery, nor can
     * setting it forward end the pause at once and send a storm of retries.
     */
    @Test
    void thePauseEndsAfterItsDelayOnTheMonotonicClockWhateverTheWallClockDoes() {
        Duration delay = health.failed(DOWN).orElseThrow().delay();

        for (int i = 0; i < 100; i++) {
            assertThat(health.paused())
                    .as("no retry before the delay has passed")
                    .isTrue();
        }
        advance(delay);
        assertThat(health.paused()).as("no stall after it").isFalse();
    }
}
