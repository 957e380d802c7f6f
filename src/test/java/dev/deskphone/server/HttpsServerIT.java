package dev.deskphone.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.cli.Main;
import dev.deskphone.testsupport.JavaProcess;
import dev.deskphone.testsupport.ServerProcesses;
import dev.deskphone.testsupport.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deskphone server --tls-cert --tls-key} as an admin runs it: a process that answers over HTTPS only. */
class HttpsServerIT {
    @TempDir
    Path dir;

    @Test
    void theServerCommandServesHttpsWithThePemCertificateAndKey() throws Exception {
        TestCertificates pki = TestCertificates.create(dir.resolve("pki"));
        Path output = dir.resolve("server.out");
        ProcessBuilder builder = new ProcessBuilder(JavaProcess.command(
                        Main.class,
                        List.of(),
                        List.of(
                                "server",
                                "--port",
                                "0",
                                "--data-dir",
                                dir.resolve("data").toString(),
                                "--tls-cert",
                                pki.serverChain().toString(),
                                "--tls-key",
                                pki.serverKey().toString())))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("DESKPHONE_LOG_DIR", dir.resolve("logs").toString());
        Process server = builder.start();
        try {
            URI listening = ServerProcesses.awaitListening(server, output, Duration.ofSeconds(60));
            assertThat(listening.getScheme()).isEqualTo("https");
            assertThat(Files.readString(output)).doesNotContain("warning"); // loopback, and TLS anyway

            X509TrustManager trust = trusting(pki.caCert());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
            OkHttpClient client = new OkHttpClient.Builder()
                    .sslSocketFactory(context.getSocketFactory(), trust)
                    .build();
            try (Response health = client.newCall(new Request.Builder()
                            .url("https://localhost:" + listening.getPort() + "/health")
                            .build())
                    .execute()) {
                assertThat(health.code()).isEqualTo(200);
                assertThat(health.handshake().tlsVersion().javaName()).isIn("TLSv1.3", "TLSv1.2");
            }
            // No plain listener beside it: an HTTP request on the port gets no HTTP answer.
            OkHttpClient plainClient =
                    new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
            try (Response plain = plainClient
                    .newCall(new Request.Builder()
                            .url("http://127.0.0.1:" + listening.getPort() + "/health")
                            .build())
                    .execute()) {
                assertThat(plain.code()).isNotEqualTo(200);
            } catch (IOException expected) {
                // what a TLS port does to clear text
            }
        } finally {
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static X509TrustManager trusting(Path caPem) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            store.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }
}
