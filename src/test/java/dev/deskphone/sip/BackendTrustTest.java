package dev.deskphone.sip;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskphone.events.BackendTrust;
import dev.deskphone.testsupport.TestCertificates;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backend connection's trust: the runtime's CAs, the operating system's CA bundle, and --backend-ca-file. */
class BackendTrustTest {
    @TempDir
    Path dir;

    private TestCertificates pki;
    private X509Certificate[] serverChain;
    private X509Certificate ca;

    @BeforeEach
    void setUp() throws Exception {
        pki = TestCertificates.create(dir.resolve("pki"));
        serverChain = read(pki.serverChain()).toArray(new X509Certificate[0]);
        ca = read(pki.caCert()).get(0);
    }

    @Test
    void aCaTheAdminAddedToTheSystemBundleIsTrustedWithoutACaFile() throws Exception {
        // What update-ca-certificates leaves: the distribution's CAs and the admin's, in one PEM file.
        Path bundle = Files.writeString(dir.resolve("ca-certificates.crt"), Files.readString(pki.caCert()));
        BackendTrust trust = TlsTrust.forBackend(List.of(), List.of(dir.resolve("absent.crt"), bundle));
        assertThatCode(() -> trust.trustManager().checkServerTrusted(serverChain, "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
    }

    @Test
    void aCaFileIsTrustedBesidesTheSystemsCas() throws Exception {
        BackendTrust trust = TlsTrust.forBackend(List.of(ca), List.of(dir.resolve("absent.crt")));
        assertThatCode(() -> trust.trustManager().checkServerTrusted(serverChain, "ECDHE_ECDSA"))
                .doesNotThrowAnyException();
    }

    @Test
    void neitherInTheSystemNorInACaFileIsRefused() throws Exception {
        BackendTrust trust = TlsTrust.forBackend(List.of(), List.of(dir.resolve("absent.crt")));
        assertThatThrownBy(() -> trust.trustManager().checkServerTrusted(serverChain, "ECDHE_ECDSA"))
                .isInstanceOf(CertificateException.class);
    }

    private static List<X509Certificate> read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast)
                    .toList();
        }
    }
}
