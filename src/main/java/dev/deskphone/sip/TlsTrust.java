package dev.deskphone.sip;

import dev.deskphone.events.BackendTrust;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TLS trust for PBX connections: the system's CAs everywhere, plus a profile's private CA for that
 * profile's server only, with the certificate chain AND the host name verified; and for the
 * call-event backend ({@link #forBackend}), the system's CAs plus {@code --backend-ca-file}.
 *
 * <p>Why this exists: the WebView's WebSocket (WebKit's {@code SocketStreamHandle}) opens wss://
 * connections with {@code HttpsURLConnection.getDefaultSSLSocketFactory()} and never sets an endpoint
 * identification algorithm, so out of the box it checks the chain but accepts a certificate issued
 * for any host name. {@link #installForWebView()} replaces that default factory with one that turns
 * RFC 2818 host name checking on for every socket, and picks the trust for the server it connects to.
 */
public final class TlsTrust {
    /** A private CA file that an admin configured for one wss:// server. */
    public record PrivateCa(URI server, Path caFile) {}

    /**
     * The PEM bundles of the operating system's CAs, as {@code update-ca-certificates} (Debian,
     * Ubuntu) and {@code update-ca-trust} (Fedora, RHEL) regenerate them. The packaged app runs on
     * a runtime image whose own {@code cacerts} is a copy made at build time, so a CA an admin adds
     * to the system reaches the app only through these files.
     */
    static final List<Path> OS_CA_BUNDLES =
            List.of(Path.of("/etc/ssl/certs/ca-certificates.crt"), Path.of("/etc/pki/tls/certs/ca-bundle.crt"));

    private static final Logger log = LoggerFactory.getLogger(TlsTrust.class);

    private final SSLContext systemContext;
    private final Map<String, SSLContext> byEndpoint;

    private TlsTrust(SSLContext systemContext, Map<String, SSLContext> byEndpoint) {
        this.systemContext = systemContext;
        this.byEndpoint = byEndpoint;
    }

    public static TlsTrust create(List<PrivateCa> privateCas) throws IOException, GeneralSecurityException {
        X509TrustManager system = systemTrustManager(OS_CA_BUNDLES);
        Map<String, List<Certificate>> extras = new HashMap<>();
        for (PrivateCa ca : privateCas) {
            extras.computeIfAbsent(endpointKey(ca.server().getHost(), portOf(ca.server())), k -> new ArrayList<>())
                    .addAll(readPem(ca.caFile()));
        }
        Map<String, SSLContext> byEndpoint = new HashMap<>();
        for (Map.Entry<String, List<Certificate>> entry : extras.entrySet()) {
            byEndpoint.put(entry.getKey(), context(systemPlus(system, entry.getValue())));
        }
        return new TlsTrust(context(system), Map.copyOf(byEndpoint));
    }

    /**
     * Trust for the call-event backend: the system's CAs (the runtime's and the operating system's,
     * see {@link #OS_CA_BUNDLES}) plus {@code privateCas}, for that one connection.
     */
    public static BackendTrust forBackend(Collection<X509Certificate> privateCas) throws GeneralSecurityException {
        return forBackend(privateCas, OS_CA_BUNDLES);
    }

    static BackendTrust forBackend(Collection<X509Certificate> privateCas, List<Path> osBundles)
            throws GeneralSecurityException {
        X509TrustManager trust = systemPlus(systemTrustManager(osBundles), privateCas);
        return new BackendTrust(context(trust).getSocketFactory(), trust);
    }

    /** Makes the WebView's wss:// connections use this trust, with host name verification. */
    public void installForWebView() {
        HttpsURLConnection.setDefaultSSLSocketFactory(new EndpointVerifyingSocketFactory(this::socketFactoryFor));
    }

    /** The socket factory (without host name checks: callers that verify names themselves) for a server. */
    SSLSocketFactory socketFactoryFor(String host, int port) {
        SSLContext context = host == null ? null : byEndpoint.get(endpointKey(host, port));
        return (context != null ? context : systemContext).getSocketFactory();
    }

    /** The TLS context for a wss:// server (its private CA, else the system's); the caller verifies host names. */
    public SSLContext contextFor(URI server) {
        SSLContext context =
                server.getHost() == null ? null : byEndpoint.get(endpointKey(server.getHost(), portOf(server)));
        return context != null ? context : systemContext;
    }

    static String endpointKey(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static int portOf(URI server) {
        if (server.getPort() > 0) {
            return server.getPort();
        }
        return "wss".equalsIgnoreCase(server.getScheme()) || "https".equalsIgnoreCase(server.getScheme()) ? 443 : 80;
    }

    /** The CAs {@code system} trusts and {@code extra} in one trust manager. */
    private static X509TrustManager systemPlus(X509TrustManager system, Collection<? extends Certificate> extra)
            throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (X509Certificate ca : system.getAcceptedIssuers()) {
                store.setCertificateEntry("system-" + index++, ca);
            }
            index = 0;
            for (Certificate ca : extra) {
                store.setCertificateEntry("private-" + index++, ca);
            }
            return trustManagerFor(store);
        } catch (IOException e) {
            throw new IllegalStateException("cannot build a trust store from the system CAs", e);
        }
    }

    private static Collection<? extends Certificate> readPem(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + file);
            }
            return certificates;
        }
    }

    private static SSLContext context(X509TrustManager trustManager) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {trustManager}, null);
        return context;
    }

    /** The runtime's default CAs plus those of the first operating-system bundle that exists. */
    private static X509TrustManager systemTrustManager(List<Path> osBundles) throws GeneralSecurityException {
        X509TrustManager runtime = trustManagerFor(null);
        for (Path bundle : osBundles) {
            if (!Files.isRegularFile(bundle)) {
                continue;
            }
            try {
                return systemPlus(runtime, readPem(bundle));
            } catch (IOException | GeneralSecurityException e) {
                log.warn(
                        "Cannot read the system's CA bundle {} ({}); trusting the runtime's CAs only",
                        bundle,
                        e.getMessage());
            }
            break;
        }
        return runtime;
    }

    private static X509TrustManager trustManagerFor(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return Arrays.stream(factory.getTrustManagers())
                .filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the JDK offers no X.509 trust manager"));
    }
}
