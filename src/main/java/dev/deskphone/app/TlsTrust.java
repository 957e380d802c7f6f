package dev.deskphone.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * TLS trust for the PBX connections: the system's CAs plus each profile's private CA file, with the
 * certificate chain AND the host name verified.
 *
 * <p>Why this exists: the WebView's WebSocket (WebKit's {@code SocketStreamHandle}) opens wss://
 * connections with {@code HttpsURLConnection.getDefaultSSLSocketFactory()} and never sets an endpoint
 * identification algorithm, so out of the box it checks the chain but accepts a certificate issued
 * for any host name. {@link #installForWebView()} replaces that default factory with one that turns
 * RFC 2818 host name checking on for every socket it creates.
 */
public final class TlsTrust {
    private final SSLContext context;
    private final X509TrustManager trustManager;

    private TlsTrust(SSLContext context, X509TrustManager trustManager) {
        this.context = context;
        this.trustManager = trustManager;
    }

    /** Trusts the system CAs and the certificates in the given PEM files. */
    public static TlsTrust withExtraCas(List<Path> caFiles) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int index = 0;
        for (X509Certificate ca : systemTrustManager().getAcceptedIssuers()) {
            store.setCertificateEntry("system-" + index++, ca);
        }
        for (Path file : caFiles) {
            for (Certificate ca : readPem(file)) {
                store.setCertificateEntry("profile-" + index++, ca);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        X509TrustManager trustManager = firstX509(factory);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {trustManager}, null);
        return new TlsTrust(context, trustManager);
    }

    /** Makes the WebView's wss:// connections use this trust, with host name verification. */
    public void installForWebView() {
        HttpsURLConnection.setDefaultSSLSocketFactory(new EndpointVerifyingSocketFactory(context.getSocketFactory()));
    }

    /** For HTTP clients (the events forwarder) that take a context and trust manager. */
    public SSLContext context() {
        return context;
    }

    public X509TrustManager trustManager() {
        return trustManager;
    }

    private static Collection<? extends Certificate> readPem(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException("no certificate in " + file);
            }
            return certificates;
        }
    }

    private static X509TrustManager systemTrustManager() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return firstX509(factory);
    }

    private static X509TrustManager firstX509(TrustManagerFactory factory) {
        return Arrays.stream(factory.getTrustManagers())
                .filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the JDK offers no X.509 trust manager"));
    }
}
