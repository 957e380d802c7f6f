package dev.deskphone.events;

import java.util.Objects;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Whom an https:// backend connection trusts when the JDK's default CAs are not enough (a private
 * CA): the socket factory and the trust manager it was made with, which OkHttp needs together.
 */
public record BackendTrust(SSLSocketFactory socketFactory, X509TrustManager trustManager) {
    public BackendTrust {
        Objects.requireNonNull(socketFactory, "socketFactory");
        Objects.requireNonNull(trustManager, "trustManager");
    }
}
