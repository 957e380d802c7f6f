package dev.deskphone.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.profile.CaCertificates;
import dev.deskphone.server.ServerTls;
import dev.deskphone.sip.TlsTrust;
import dev.deskphone.testsupport.TestCertificates;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Delivery to the real backend serving HTTPS with a certificate from a private CA: accepted when
 * the app trusts that CA (as {@code --backend-ca-file} makes it), refused as a TLS trust failure
 * when it relies on the default CAs alone; and plain HTTP on loopback as before.
 */
class TlsDeliveryIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Fast retries, but time for TLS handshakes on a busy machine (a timeout would hide the TLS verdict). */
    private static final DeliveryPolicy POLICY =
            ForwarderHarness.FAST.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));

    @TempDir
    Path dir;

    private TestCertificates certificates;
    private BackendTrust privateCa;

    @BeforeEach
    void setUp() throws Exception {
        certificates = TestCertificates.create(dir.resolve("pki"));
        privateCa = TlsTrust.forBackend(
                CaCertificates.read(certificates.caCert(), Instant.now()).certificates());
    }

    @Test
    void eventsReachAnHttpsBackendWhoseCaTheAppWasGiven() throws Exception {
        try (RealBackend backend = httpsBackend();
                ForwarderHarness h = new ForwarderHarness(
                        dir.resolve("outbox.db"),
                        new BackendEndpoint(backend.baseUrl, backend.token, Optional.of(privateCa)),
                        POLICY)) {
            assertThat(backend.baseUrl.getScheme()).isEqualTo("https");
            String id = PageEvents.newCallId();
            h.send(PageEvents.call(id, PageEvents.T0));
            h.awaitDrained(WAIT);
            backend.assertStoredAsSent(id, PageEvents.T0);
            assertThat(backend.callRows()).isEqualTo(1);
        }
    }

    @Test
    void withoutTheCaNothingIsSentAndTheRecordedReasonIsTheUntrustedCertificate() throws Exception {
        try (RealBackend backend = httpsBackend();
                ForwarderHarness h = new ForwarderHarness(
                        dir.resolve("outbox.db"),
                        new BackendEndpoint(
                                backend.baseUrl, backend.token, Optional.of(TlsTrust.forBackend(List.of()))),
                        POLICY)) {
            String id = PageEvents.newCallId();
            h.send(PageEvents.call(id, PageEvents.T0));
            ForwarderHarness.await(
                    () -> h.outbox.list(false).get(0).attempts() > 0, WAIT, () -> "outbox " + h.outbox.list(false));
            List<OutboxEntry> waiting = h.outbox.list(false);
            assertThat(waiting).hasSize(4);
            assertThat(waiting.get(0).lastError())
                    .startsWith("TLS: the backend's certificate is not trusted")
                    .contains("--backend-ca-file")
                    .contains("SSLHandshakeException");
            assertThat(h.outbox.counts().dead()).isZero(); // kept pending: trusting the CA later delivers them
            assertThat(h.statuses).isNotEmpty().allMatch(s -> s.state().equals(BackendStatus.OFFLINE));
            assertThat(backend.callRows()).isZero();
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefusedAsSuch() throws Exception {
        try (RealBackend backend = httpsBackend()) {
            // The certificate names "localhost" only; the same server by address is another name.
            URI byAddress = URI.create("https://127.0.0.1:" + backend.baseUrl.getPort());
            try (ForwarderHarness h = new ForwarderHarness(
                    dir.resolve("outbox.db"),
                    new BackendEndpoint(byAddress, backend.token, Optional.of(privateCa)),
                    POLICY)) {
                h.send(PageEvents.call(PageEvents.newCallId(), PageEvents.T0));
                ForwarderHarness.await(
                        () -> h.outbox.list(false).get(0).attempts() > 0, WAIT, () -> "outbox " + h.outbox.list(false));
                assertThat(h.outbox.list(false).get(0).lastError())
                        .startsWith("TLS: the backend's certificate is not issued for this host name")
                        .contains("127.0.0.1");
                assertThat(backend.callRows()).isZero();
            }
        }
    }

    @Test
    void plainHttpOnLoopbackStillDelivers() throws Exception {
        try (RealBackend backend = new RealBackend(dir.resolve("backend"));
                ForwarderHarness h = new ForwarderHarness(
                        dir.resolve("outbox.db"), backend.baseUrl, backend.token, ForwarderHarness.FAST)) {
            assertThat(backend.baseUrl.toString()).startsWith("http://127.0.0.1:");
            String id = PageEvents.newCallId();
            h.send(PageEvents.call(id, PageEvents.T0));
            h.awaitDrained(WAIT);
            backend.assertStoredAsSent(id, PageEvents.T0);
        }
    }

    private RealBackend httpsBackend() {
        ServerTls tls = ServerTls.load(certificates.serverChain(), certificates.serverKey(), Instant.now());
        OkHttpClient reader = new OkHttpClient.Builder()
                .sslSocketFactory(privateCa.socketFactory(), privateCa.trustManager())
                .build();
        return RealBackend.https(dir.resolve("backend"), tls, reader);
    }
}
