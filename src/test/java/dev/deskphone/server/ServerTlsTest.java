package dev.deskphone.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskphone.testsupport.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the backend's PEM certificate and key, as openssl and Let's Encrypt write them, and serving TLS 1.2+ with them. */
class ServerTlsTest {
    @TempDir
    Path dir;

    private TestCertificates pki;

    @BeforeEach
    void setUp() throws Exception {
        pki = TestCertificates.create(dir.resolve("pki"));
    }

    @Test
    void readsAChainWithItsPkcs8OrSec1EcKey() throws Exception {
        assertThat(Files.readString(pki.serverKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        ServerTls pkcs8 = ServerTls.load(pki.serverChain(), pki.serverKey(), Instant.now());
        assertThat(pkcs8.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=localhost");

        Path sec1 = pki.serverKeyTraditional();
        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(ServerTls.load(pki.serverChain(), sec1, Instant.now()).certificate())
                .isEqualTo(pkcs8.certificate());
    }

    @Test
    void readsAnRsaCertificateWithItsPkcs1Key() throws Exception {
        TestCertificates rsa = TestCertificates.selfSignedRsa(dir.resolve("rsa"));
        assertThat(Files.readString(rsa.serverKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(ServerTls.load(rsa.serverChain(), rsa.serverKey(), Instant.now())
                        .certificate()
                        .getPublicKey()
                        .getAlgorithm())
                .isEqualTo("RSA");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefusedAsTheKeysFault() throws Exception {
        TestCertificates other = TestCertificates.create(dir.resolve("other"));
        TestCertificates rsa = TestCertificates.selfSignedRsa(dir.resolve("rsa"));
        for (Path wrongKey : new Path[] {other.serverKey(), rsa.serverKey()}) {
            assertThatThrownBy(() -> ServerTls.load(pki.serverChain(), wrongKey, Instant.now()))
                    .isInstanceOfSatisfying(
                            ServerTls.InvalidFileException.class,
                            e -> assertThat(e.part()).isEqualTo(ServerTls.Part.KEY))
                    .hasMessageContaining("the private key in " + wrongKey + " does not belong to the certificate in "
                            + pki.serverChain());
        }
    }

    @Test
    void unusableFilesAreRefusedNamingTheFileAtFault() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertRefused(missing, pki.serverKey(), ServerTls.Part.CERTIFICATE, "no such file: " + missing);
        assertRefused(
                pki.serverKey(),
                pki.serverKey(),
                ServerTls.Part.CERTIFICATE,
                "is not a PEM file of X.509 certificates");
        assertRefused(pki.serverChain(), missing, ServerTls.Part.KEY, "no such file: " + missing);
        assertRefused(pki.serverChain(), pki.serverChain(), ServerTls.Part.KEY, "contains no PEM private key");
        assertRefused(pki.serverChain(), pki.serverKeyEncrypted("secret"), ServerTls.Part.KEY, "is encrypted");
        assertRefused(
                pki.serverChain(),
                pki.serverKey(),
                Instant.now().plus(Duration.ofDays(3)),
                ServerTls.Part.CERTIFICATE,
                "expired on");
    }

    @Test
    void theBackendServesHttpsWithTlsTwelveAndThirteen() throws Exception {
        ServerTls tls = ServerTls.load(pki.serverChain(), pki.serverKey(), Instant.now());
        try (BackendServer server =
                BackendServer.start(BackendConfig.embedded(dir.resolve("data")).withTls(tls))) {
            assertThat(server.baseUrl().getScheme()).isEqualTo("https");
            assertThat(handshake(server.port(), "TLSv1.2")).isEqualTo("TLSv1.2");
            assertThat(handshake(server.port(), "TLSv1.3")).isEqualTo("TLSv1.3");
        }
    }

    @Test
    void aClientConnectingByIpAddressWithoutSniIsServed() throws Exception {
        ServerTls tls = ServerTls.load(pki.serverChain(), pki.serverKey(), Instant.now());
        try (BackendServer server = BackendServer.start(
                        BackendConfig.embedded(dir.resolve("data")).withTls(tls));
                SSLSocket socket =
                        (SSLSocket) trustingTheTestCa().getSocketFactory().createSocket("127.0.0.1", server.port())) {
            // A health check by address: no SNI (RFC 6066 allows only host names there), no host name check.
            socket.getOutputStream()
                    .write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response =
                    new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 200");
        }
    }

    private String handshake(int port, String protocol) throws Exception {
        try (SSLSocket socket =
                (SSLSocket) trustingTheTestCa().getSocketFactory().createSocket("localhost", port)) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private SSLContext trustingTheTestCa() throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry(
                "ca",
                java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(Files.newInputStream(pki.caCert())));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void assertRefused(Path cert, Path key, ServerTls.Part part, String message) {
        assertRefused(cert, key, Instant.now(), part, message);
    }

    private static void assertRefused(Path cert, Path key, Instant now, ServerTls.Part part, String message) {
        assertThatThrownBy(() -> ServerTls.load(cert, key, now))
                .isInstanceOfSatisfying(
                        ServerTls.InvalidFileException.class,
                        e -> assertThat(e.part()).isEqualTo(part))
                .hasMessageContaining(message);
    }
}
