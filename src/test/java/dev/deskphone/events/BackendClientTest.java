package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How each answer of the backend is read: the table of {@link BackendClient#classify}, and failures without one. */
class BackendClientTest {
    private static final InstantSource WALL = InstantSource.fixed(Instant.parse("2025-10-09T08:53:20Z"));

    @ParameterizedTest(name = "{0} to a create={1} is {2}")
    @CsvSource({
        "201, true,  Delivered",
        "200, true,  Duplicate",
        "200, false, Delivered",
        "204, false, Delivered",
        "400, false, Refused",
        "403, false, Refused",
        "404, false, Refused",
        "409, true,  Refused",
        "422, true,  Refused",
        "401, true,  TokenRefused",
        "408, false, RetryLater",
        "429, false, RetryLater",
        "500, true,  RetryLater",
        "502, false, RetryLater",
        "503, false, RetryLater",
        "302, false, Refused",
    })
    void classifiesEachStatus(int code, boolean create, String kind) {
        BackendAnswer answer = BackendClient.classify(code, create, null, ": {\"message\":\"why\"}", WALL);

        assertThat(answer.getClass().getSimpleName()).isEqualTo(kind);
        assertThat(answer.reachedBackend()).isEqualTo(!kind.equals("TokenRefused") && !kind.equals("RetryLater"));
        if (!answer.reachedBackend() || kind.equals("Refused")) {
            assertThat(answer.error()).isEqualTo("HTTP " + code + ": {\"message\":\"why\"}");
        } else {
            assertThat(answer.error()).isNull();
        }
    }

    @Test
    void retryLaterCarriesTheServersRetryAfterInSecondsOrAsADate() {
        assertThat(BackendClient.classify(429, false, "7", "", WALL))
                .isEqualTo(new BackendAnswer.RetryLater("HTTP 429", Optional.of(Duration.ofSeconds(7))));
        assertThat(BackendClient.classify(503, false, "Thu, 09 Oct 2025 08:54:20 GMT", "", WALL))
                .isEqualTo(new BackendAnswer.RetryLater("HTTP 503", Optional.of(Duration.ofMinutes(1))));
        assertThat(BackendClient.classify(500, false, null, "", WALL))
                .isEqualTo(new BackendAnswer.RetryLater("HTTP 500", Optional.empty()));
    }

    @Test
    void aRefusalKeepsTheServersMessage() {
        assertThat(BackendClient.classify(
                        403, false, null, ": {\"message\":\"may not record calls of account '1003'\"}", WALL))
                .isEqualTo(new BackendAnswer.Refused(
                        "HTTP 403: {\"message\":\"may not record calls of account '1003'\"}"));
    }

    @Test
    void failuresWithoutAnAnswerAreNetworkOrTrustFailures() {
        assertThat(BackendClient.failure(new InterruptedIOException("timeout")))
                .isEqualTo(new BackendAnswer.NetworkFailure("timed out"));
        assertThat(BackendClient.failure(new ConnectException("Connection refused")))
                .isEqualTo(new BackendAnswer.NetworkFailure("ConnectException: Connection refused"));

        IOException untrusted = new SSLHandshakeException("PKIX path validation failed");
        untrusted.initCause(new CertPathValidatorException("unknown CA"));
        assertThat(BackendClient.failure(untrusted))
                .isInstanceOf(BackendAnswer.TrustFailure.class)
                .extracting(BackendAnswer::error)
                .asString()
                .contains("not trusted", "--backend-ca-file");
        assertThat(BackendClient.failure(new SSLPeerUnverifiedException("Hostname backend.example not verified")))
                .isInstanceOf(BackendAnswer.TrustFailure.class)
                .extracting(BackendAnswer::error)
                .asString()
                .contains("not issued for this host name");
        assertThat(BackendClient.failure(new SSLHandshakeException("Remote host terminated the handshake")))
                .isInstanceOf(BackendAnswer.NetworkFailure.class);
        assertThat(BackendClient.failure(untrusted).reachedBackend()).isFalse();
    }
}
