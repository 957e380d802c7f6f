package dev.deskphone.app;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskphone.sip.TlsTrust;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The TLS trust read alongside start-up fails the launch as it did when it was read in line. */
class SipWiringTest {
    @Test
    void aCaFileThatCannotBeReadOrIsNoCertificateEndsTheLaunchWithItsOwnException() {
        assertThatThrownBy(() -> SipWiring.await(readFailingWith(new IOException("cannot read /etc/pbx-ca.pem"))))
                .isInstanceOf(IOException.class)
                .hasMessage("cannot read /etc/pbx-ca.pem");
        assertThatThrownBy(() ->
                        SipWiring.await(readFailingWith(new CertificateException("no certificate in /etc/pbx-ca.pem"))))
                .isInstanceOf(CertificateException.class)
                .hasMessage("no certificate in /etc/pbx-ca.pem");
    }

    /** A read on another thread that fails as trustPbxCertificatesAsync's does. */
    private static CompletableFuture<TlsTrust> readFailingWith(Exception failure) {
        return CompletableFuture.supplyAsync(() -> {
            throw new CompletionException(failure);
        });
    }
}
