package dev.deskphone.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.deskphone.cli.Main;
import dev.deskphone.testsupport.JavaProcess;
import dev.deskphone.testsupport.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
    private static final Pattern LISTENING = Pattern.compile("listening on (https?://\\S+)");

    @TempDir
    Path dir;

    @Test
    void theServerCommandServesHttpsWithThePemCertificateAndKey() throws Exception {
        TestCertificates pki = TestCertificates.create(dir.resolve("pki"));
        Path output = dir.resolve("server.out");
        ProcessBuilder builder = new ProcessBuilder(JavaProcess.command(Main.class, List.of(), List.of(
                "server", "--port", "0", "--data-dir", dir.resolve("data").toString(),
                "--tls-cert", pki.serverChain().toString(), "--tls-key", pki.serverKey().toString())))
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("DESKPHONE_LOG_DIR", dir.resolve("logs").toString());
        Process server = builder.start();
        try {
            URI listening = awaitListening(server, output);
            assertThat(listening.getScheme()).isEqualTo("https");
            assertThat(Files.readString(output)).doesNotContain("warning"); // loopback, and TLS anyway

            X509TrustManager trust = trusting(pki.caCert());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
            OkHttpClient client = new OkHttpClient.Builder().sslSocketFactory(context.getSocketFactory(), trust).build();
            try (Response health = client.newCall(new Request.Builder()
                    .url("https://localhost:" + listening.getPort() + "/health").build()).execute()) {
                assertThat(health.code()).isEqualTo(200);
                assertThat(health.handshake().tlsVersion().javaName()).isIn("TLSv1.3", "TLSv1.2");
            }
            // No plain listener beside it: an HTTP request on the port gets no HTTP answer.
            OkHttpClient plainClient = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
            try (Response plain = plainClient.newCall(new Request.Builder()
                    .url("http://127.0.0.1:" + listening.getPort() + "/health").build()).execute()) {
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
            store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    private static URI awaitListening(Process server, Path output) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            String text = Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
            Matcher matcher = LISTENING.matcher(text);
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            if (!server.isAlive()) {
                throw new AssertionError("the server exited (" + server.exitValue() + "): " + text);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server did not start within 60 s: " + Files.readString(output));
    }
}
