package dev.deskphone.sip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.deskphone.testsupport.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebView's WebSocket opens wss:// exactly like this test's client: a plain socket wrapped by
 * {@code HttpsURLConnection.getDefaultSSLSocketFactory().createSocket(socket, host, port, true)} and a
 * handshake. These tests drive that path against a real TLS server whose certificate names only
 * "localhost", signed by a private CA.
 */
class TlsTrustTest {
    @TempDir
    static Path dir;

    static TestCertificates certificates;
    static SSLServerSocket server;
    static Thread acceptor;
    private final SSLSocketFactory originalDefault = HttpsURLConnection.getDefaultSSLSocketFactory();

    @BeforeAll
    static void startServer() throws Exception {
        certificates = TestCertificates.create(dir.resolve("certs"));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(certificates.serverPkcs12("changeit"))) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket)
                context.getServerSocketFactory().createServerSocket(0, 10, InetAddress.getLoopbackAddress());
        acceptor = new Thread(
                () -> {
                    while (!server.isClosed()) {
                        try (SSLSocket client = (SSLSocket) server.accept()) {
                            client.startHandshake();
                        } catch (IOException ignored) {
                            // Clients that reject the certificate abort the handshake: expected here.
                        }
                    }
                },
                "tls-test-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @AfterEach
    void restoreDefaultFactory() {
        HttpsURLConnection.setDefaultSSLSocketFactory(originalDefault);
    }

    private static TlsTrust trustingTestCaFor(String host) throws Exception {
        URI server = URI.create("wss://" + host + ":" + server().getLocalPort() + "/ws");
        return TlsTrust.create(List.of(new TlsTrust.PrivateCa(server, certificates.caCert())));
    }

    private static SSLServerSocket server() {
        return server;
    }

    @Test
    void profileCaIsTrustedForTheRightHostName() throws Exception {
        trustingTestCaFor("localhost").installForWebView();

        assertThat(handshakeAsWebKitDoes("localhost").getSession().getPeerHost())
                .isEqualTo("localhost");
    }

    @Test
    void certificateForAnotherHostNameIsRefusedEvenFromATrustedCa() throws Exception {
        trustingTestCaFor("127.0.0.1").installForWebView();

        assertThatThrownBy(() -> handshakeAsWebKitDoes("127.0.0.1"))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void withoutTheProfileCaTheChainIsRefused() throws Exception {
        TlsTrust.create(List.of()).installForWebView();

        assertThatThrownBy(() -> handshakeAsWebKitDoes("localhost"))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX");
    }

    @Test
    void aPrivateCaIsTrustedOnlyForItsOwnServer() throws Exception {
        URI otherServer = URI.create("wss://localhost:" + (server.getLocalPort() + 1) + "/ws");
        TlsTrust.create(List.of(new TlsTrust.PrivateCa(otherServer, certificates.caCert())))
                .installForWebView();

        assertThatThrownBy(() -> handshakeAsWebKitDoes("localhost"))
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX");
    }

    @Test
    void theJdkDefaultThatWebKitUsesChecksNoHostName() throws Exception {
        // Documents the gap TlsTrust closes: trusting the CA through a plain context (as the JDK default
        // factory does), the mismatched host name is accepted.
        SSLSocketFactory plain = trustingTestCaFor("127.0.0.1").socketFactoryFor("127.0.0.1", server.getLocalPort());
        HttpsURLConnection.setDefaultSSLSocketFactory(plain);

        assertThat(handshakeAsWebKitDoes("127.0.0.1").getSession().isValid()).isTrue();
    }

    private static SSLSocket handshakeAsWebKitDoes(String host) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 2000);
        SSLSocket socket = (SSLSocket)
                HttpsURLConnection.getDefaultSSLSocketFactory().createSocket(plain, host, server.getLocalPort(), true);
        socket.setSoTimeout(5000);
        socket.startHandshake();
        return socket;
    }
}
